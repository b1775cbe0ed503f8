import type { CustomerPopulation, FactSqlContext } from './customer-fact.ts';
import { argumentsAt, conditionSql, type CheckedCondition } from './fact-condition.ts';

/**
 * Builds one statement over the customer population from fact conditions: each fact read once
 * (ROW facts as expressions over the customer's row, GROUPED facts as one grouped join each,
 * shared by every condition with the same fact and arguments), every value a parameter.
 */
export interface FactStatementOptions {
  /**
   * When set, the statement reads only these customers (row ids): grouped facts are restricted to
   * them too, so re-reading a few customers costs a few index probes.
   */
  customers?: readonly string[] | null;
  /**
   * Parameters of an enclosing statement (`SqlConditions.add`'s): the fact SQL then numbers its
   * values after that statement's own. By default the statement keeps its own `values`.
   */
  parameter?: (value: unknown) => string;
  /** Windows of the last D days end at `now` instead of being open: reading the past as it was then. */
  asOf?: boolean;
}

export class FactStatement {
  readonly values: unknown[] = [];
  readonly #population: CustomerPopulation;
  readonly #now: Date;
  // Made a parameter only once something reads it: PostgreSQL refuses a statement with a
  // parameter it never uses (it cannot tell the parameter's type).
  #nowParameter: string | null = null;
  readonly #customers: string | null;
  readonly #joins: string[] = [];
  readonly #valueExpressions = new Map<string, string>();

  readonly #asOf: boolean;
  /** Makes a statement parameter of a value (`$n`). */
  readonly parameter: (value: unknown) => string;

  constructor(population: CustomerPopulation, now: Date, options: FactStatementOptions = {}) {
    this.#population = population;
    this.#now = now;
    this.#asOf = options.asOf ?? false;
    this.parameter = options.parameter ?? ((value) => `$${this.values.push(value)}`);
    this.#customers = options.customers ? `${this.parameter(options.customers)}::uuid[]` : null;
  }

  /** The SQL of the condition's fact value for the current customer row. */
  valueOf(condition: CheckedCondition): string {
    const factArguments = argumentsAt(condition, this.#now, this.#asOf);
    const key = `${condition.fact.name} ${JSON.stringify(factArguments)}`;
    const known = this.#valueExpressions.get(key);
    if (known) return known;
    const now = () => this.now;
    const context: FactSqlContext = {
      parameter: this.parameter,
      get now() {
        return now();
      },
      arguments: factArguments,
    };
    const source = condition.fact.source;
    let expression: string;
    if (source.kind === 'ROW') expression = `(${source.expression('customer', context)})`;
    else {
      const alias = `fact_${this.#joins.length + 1}`;
      this.#joins.push(`LEFT JOIN (${source.statement(context, this.#customers)}) ${alias} ON ${alias}.customer_id = ${this.#population.id}`);
      expression = `COALESCE(${alias}.value, ${source.absent})`;
    }
    this.#valueExpressions.set(key, expression);
    return expression;
  }

  /** The SQL truth of the condition for the current customer row. */
  truthOf(condition: CheckedCondition): string {
    return conditionSql(condition, this.valueOf(condition), this.parameter, () => this.now);
  }

  /** The evaluation's instant, as a parameter. */
  get now(): string {
    return (this.#nowParameter ??= `${this.parameter(this.#now)}::timestamp(3)`);
  }

  /** `FROM` the live population and every fact join, restricted to the given customers if any. */
  get from(): string {
    return [this.#population.from, ...this.#joins].join('\n');
  }

  /** The population's own WHERE: live customers (and the given ones). */
  get populationCondition(): string {
    const live = this.#population.live;
    return this.#customers ? `${live} AND ${this.#population.id} = ANY(${this.#customers})` : live;
  }

  get customerId(): string {
    return this.#population.id;
  }
}
