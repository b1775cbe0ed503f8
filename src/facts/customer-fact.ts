/**
 * A customer fact: one thing an area knows about each customer (their country, how many purchases
 * they made in a window, their open pipeline value …), named, typed and written as SQL over that
 * area's own tables. Areas declare them in their manifest (`customerFacts`); a consumer (segment
 * rules, the customers list) composes them into one statement without knowing any area's tables.
 */
export interface CustomerFact {
  /** `area.name`, e.g. `interactions.count`: unique across plugins, the name rules use. */
  name: string;
  /** What a person reads in an explanation, e.g. "interactions", "country". */
  label: string;
  /** What the fact is, for the contract's catalogue (`customerFacts`). */
  description: string;
  type: CustomerFactType;
  /** ENUM and ENUM_LIST facts: the values it takes. */
  values?: readonly string[];
  /** What a condition on the fact may (or must) say besides its operator and operand. */
  parameters?: FactParameters;
  /**
   * Topics after which a customer's value may have changed: a consumer re-reads the fact for the
   * customer an event concerns.
   */
  changedBy: readonly string[];
  /** The value moves with the clock alone (an age, anything within a window): re-read as time passes. */
  movesWithTime?: boolean | ((argumentsGiven: FactArguments) => boolean);
  /** The SQL: over the customer's own row, or a grouped statement beside it. */
  source: FactSource;
}

/** The kinds of values a fact takes; each decides the operators a condition may apply. */
export const CUSTOMER_FACT_TYPES = ['TEXT', 'NUMBER', 'MONEY', 'DATE_TIME', 'BOOLEAN', 'ENUM', 'ENUM_LIST'] as const;
export type CustomerFactType = (typeof CUSTOMER_FACT_TYPES)[number];

export interface FactParameters {
  /** Counted within a time window; OPTIONAL means all time when none is given. */
  window?: 'OPTIONAL' | 'REQUIRED';
  /** Named lists of values that narrow what is counted (`channel`, `kind` …), each with its values. */
  filters?: Readonly<Record<string, { description: string; values: readonly string[]; required?: boolean }>>;
  /** A dotted JSON path is required (traits). */
  path?: boolean;
  /** A currency (ISO 4217) is required: the amounts are in it. */
  currency?: boolean;
}

/** What a condition gave for the fact's parameters, checked against FactParameters. */
export interface FactArguments {
  /** From `from` (included) to `to` (excluded); a window of the last D days has no end. */
  window?: { from: Date; to?: Date };
  filters: Readonly<Record<string, readonly string[]>>;
  path?: readonly string[];
  currency?: string;
}

/** What a fact's SQL receives. */
export interface FactSqlContext {
  /** Makes a statement parameter of a value (`$n`); values never become text. */
  parameter(value: unknown): string;
  /** The evaluation's instant, as a parameter (`timestamp(3)`): never the database's clock. */
  now: string;
  arguments: FactArguments;
}

export type FactSource =
  | {
      /** The population's owner only: an expression over the customer's row, aliased `customer`. */
      kind: 'ROW';
      expression(customer: string, context: FactSqlContext): string;
    }
  | {
      /**
       * A statement with the columns `customer_id` (uuid) and `value`, at most one row per customer
       * (grouped). `customers` is, when set, the SQL of a uuid[] to restrict it to.
       */
      kind: 'GROUPED';
      statement(context: FactSqlContext, customers: string | null): string;
      /** The value of a customer without a row, as SQL: `0`, `false`, `NULL` … */
      absent: string;
    };

/**
 * The customers facts are about: the table and its live rows, from the area that keeps them. A
 * consumer selects from it as `customer`; ROW facts are expressions over that alias.
 */
export interface CustomerPopulation {
  /** `FROM` text, e.g. `"Customer" customer`. */
  from: string;
  /** The row's id column, e.g. `customer.id`. */
  id: string;
  /** The condition of a live (not archived) customer. */
  live: string;
}
