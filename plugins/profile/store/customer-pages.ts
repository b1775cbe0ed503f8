import type { CheckedCondition, ConnectionArgs, Context, FactConditionInput, KeysetColumn, KeysetOrder } from '../../../src/plugin-api.ts';
import type { Audience, CustomerKind, Lifecycle } from './enums.ts';
import type { GraphQLResolveInfo } from 'graphql';
import { FactStatement, keepReadAlong, keysetConnection, keysetWindow, selectedFieldNames, selectedParts, SqlConditions, viewerOf } from '../../../src/plugin-api.ts';
import { customerPopulation } from './customer-facts.ts';
import { customerColumnsFor, type CustomerRow } from './customer-rows.ts';

export interface CustomerFilterArgs {
  kind?: CustomerKind | null;
  audiences?: Audience[] | null;
  lifecycle?: Lifecycle[] | null;
  country?: string | null;
  ownerId?: string | null;
  updatedAfter?: Date | null;
  search?: string | null;
  includeArchived?: boolean | null;
  /** Checked into CustomerFactQuery.conditions before the list is read. */
  facts?: readonly FactConditionInput[] | null;
}

export interface CustomerOrderArgs {
  /** DISPLAY_NAME when neither this nor a fact (CustomerFactQuery.order) is given. */
  field?: 'DISPLAY_NAME' | 'CREATED_AT' | 'UPDATED_AT' | null;
  direction?: 'ASC' | 'DESC' | null;
}

/** What the list asks of customer facts, checked: conditions that must all hold, and the fact it is sorted by. */
export interface CustomerFactQuery {
  conditions: readonly CheckedCondition[];
  order: CheckedCondition | null;
  /** The instant the facts are read at (windows of the last D days end there). */
  now: Date;
}

/** A page's row: the customer, and the value of the fact it is sorted by. */
type CustomerPageRow = CustomerRow & { factOrderValue?: string | Date | null };

/** The sort column of each order (ties are broken by id). */
const ORDERS = {
  DISPLAY_NAME: { column: 'displayName', kind: 'text', valueOf: (row: CustomerRow) => row.displayName },
  CREATED_AT: { column: 'createdAt', kind: 'timestamp', valueOf: (row: CustomerRow) => row.createdAt },
  UPDATED_AT: { column: 'updatedAt', kind: 'timestamp', valueOf: (row: CustomerRow) => row.updatedAt },
} as const;

function filterConditions(filter: CustomerFilterArgs | null | undefined, context: Context): SqlConditions {
  const conditions = new SqlConditions();
  conditions.add((p) => `c."tenantId" = ${p(viewerOf(context).tenantId)}`);
  if (!filter?.includeArchived) conditions.add(() => 'c."archivedAt" IS NULL');
  if (!filter) return conditions;
  if (filter.kind) conditions.add((p) => `c.kind = ${p(filter.kind)}::"CustomerKind"`);
  if (filter.audiences?.length) conditions.add((p) => `c.audiences && ${p(filter.audiences)}::"Audience"[]`);
  if (filter.lifecycle?.length) conditions.add((p) => `c.lifecycle = ANY(${p(filter.lifecycle)}::"Lifecycle"[])`);
  if (filter.country) conditions.add((p) => `c.country = ${p(filter.country!.toUpperCase())}`);
  if (filter.ownerId) conditions.add((p) => `c."ownerId" = ${p(filter.ownerId)}`);
  if (filter.updatedAfter) conditions.add((p) => `c."updatedAt" > ${p(filter.updatedAfter)}::timestamp(3)`);
  if (filter.search) conditions.add((p) => searchCondition(filter.search!.trim(), p));
  return conditions;
}

/** Names by substring; e-mails and phones through their contact points (phones by their digits). */
function searchCondition(rawSearch: string, parameter: (value: unknown) => string): string {
  // LIKE wildcards in the text are literal characters to the user, not patterns.
  const pattern = `%${rawSearch.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
  const name = parameter(pattern);
  const alternatives = [
    `c."displayName" ILIKE ${name}`,
    `c."legalName" ILIKE ${name}`,
    `EXISTS (SELECT 1 FROM "ContactPoint" p WHERE p."tenantId" = c."tenantId" AND p."customerId" = c.id AND p.kind = 'EMAIL' AND p.value LIKE ${parameter(pattern.toLowerCase())})`,
  ];
  const digits = rawSearch.replace(/[^\d]/g, '');
  if (digits.length >= 4 && /^[\d\s+().-]+$/.test(rawSearch)) {
    alternatives.push(`EXISTS (SELECT 1 FROM "ContactPoint" p WHERE p."tenantId" = c."tenantId" AND p."customerId" = c.id AND p.kind = 'PHONE' AND p.value LIKE ${parameter(`%${digits}%`)})`);
  }
  return `(${alternatives.join(' OR ')})`;
}

/**
 * The customers' facts as a join on `c`, in the enclosing statement's parameters: only the
 * customers for whom every condition holds and, when the list is sorted by a fact, its value as
 * `customer_facts.value`. Null when the list asks nothing of facts.
 */
function factJoin(facts: CustomerFactQuery, withOrder: boolean, parameter: (value: unknown) => string): string | null {
  const order = withOrder ? facts.order : null;
  if (facts.conditions.length === 0 && !order) return null;
  const statement = new FactStatement(customerPopulation, facts.now, { parameter });
  const truths = facts.conditions.map((condition) => statement.truthOf(condition));
  const columns = [`${statement.customerId} AS customer_id`];
  if (order) columns.push(`(${statement.valueOf(order)})::${order.fact.type === 'DATE_TIME' ? 'timestamp(3)' : 'numeric'} AS value`);
  const where = truths.length ? `WHERE ${truths.join(' AND ')}` : '';
  return `JOIN (SELECT ${columns.join(', ')} FROM ${statement.from} ${where}) customer_facts ON customer_facts.customer_id = c.id`;
}

/** The keyset order of a page: a column of the customer, or the fact it is sorted by (no value last), then the id. */
function pageOrder(args: { orderBy?: CustomerOrderArgs | null }, facts: CustomerFactQuery): { order: KeysetOrder<CustomerPageRow>; sortColumns: string[] } {
  const ascending = args.orderBy?.direction !== 'DESC';
  const direction = ascending ? 'ASC' : 'DESC';
  const id: KeysetColumn<CustomerPageRow> = { expression: 'c.id', kind: 'uuid', ascending, valueOf: (row) => row.id };
  if (facts.order) {
    const { fact, arguments: factArguments, lastDays } = facts.order;
    return {
      // The fact's parameters are part of the name, so a cursor of another window or currency is refused.
      order: {
        name: `${fact.name} ${JSON.stringify({ ...factArguments, lastDays })} ${direction}`,
        columns: [
          { expression: 'customer_facts.value', kind: fact.type === 'DATE_TIME' ? 'timestamp' : 'numeric', ascending, nullable: true, valueOf: (row) => row.factOrderValue ?? null },
          id,
        ],
      },
      sortColumns: [],
    };
  }
  const field = args.orderBy?.field ?? 'DISPLAY_NAME';
  const sort = ORDERS[field];
  return {
    order: { name: `${field} ${direction}`, columns: [{ expression: `c."${sort.column}"`, kind: sort.kind, ascending, valueOf: sort.valueOf }, id] },
    sortColumns: [sort.column],
  };
}

/**
 * One page of customers in one statement, with the columns its nodes' fields need and the fields
 * they read along (read-along.ts), keyset-paged on the order's column (or fact) and the id. Fact
 * conditions and the fact sorted by join that statement (factJoin), so a page stays one statement.
 */
export async function customerPage(
  context: Context,
  args: ConnectionArgs & { filter?: CustomerFilterArgs | null; orderBy?: CustomerOrderArgs | null },
  info: GraphQLResolveInfo,
  facts: CustomerFactQuery,
) {
  const nodeFields = selectedFieldNames(info, ['edges', 'node']);
  const { order, sortColumns } = pageOrder(args, facts);
  return keysetConnection(args, order, async (request) => {
    const conditions = filterConditions(args.filter, context);
    const parameter = (value: unknown) => `$${conditions.values.push(value)}`;
    const join = factJoin(facts, true, parameter);
    const window = keysetWindow(order, request, parameter);
    const parts = selectedParts(info, ['Customer', 'Person', 'Organization'], context, 'c', parameter, ['edges', 'node']);
    const columns = [
      customerColumnsFor(nodeFields, sortColumns, new Set(parts.map((part) => part.fieldName))),
      ...(facts.order ? ['customer_facts.value AS "factOrderValue"'] : []),
      ...parts.map((part, index) => `${part.expression} AS "part${index}"`),
    ];
    const where = [conditions.where, ...window.conditions].join(' AND ');
    const rows = await context.sql.query<CustomerPageRow & Record<string, unknown>>(
      `SELECT ${columns.join(', ')} FROM "Customer" c ${join ?? ''} WHERE ${where} ORDER BY ${window.orderBy} LIMIT ${Number(window.limit)}`,
      conditions.values,
    );
    for (const row of rows) {
      keepReadAlong(row, new Map(parts.map((part, index) => [part.responseKey, part.read(row[`part${index}`])])));
    }
    return rows;
  });
}

/** How many customers the filter, fact conditions included, selects. */
export async function countCustomers(context: Context, filter: CustomerFilterArgs | null | undefined, facts: CustomerFactQuery): Promise<number> {
  const conditions = filterConditions(filter, context);
  const join = factJoin(facts, false, (value) => `$${conditions.values.push(value)}`);
  const [row] = await context.sql.query<{ count: number }>(`SELECT count(*)::int AS count FROM "Customer" c ${join ?? ''} WHERE ${conditions.where}`, conditions.values);
  return row!.count;
}
