import type { ConnectionArgs, Context, KeysetOrder } from '../../../src/plugin-api.ts';
import type { Audience, CustomerKind, Lifecycle } from './enums.ts';
import type { GraphQLResolveInfo } from 'graphql';
import { keepReadAlong, keysetConnection, keysetWindow, selectedFieldNames, selectedParts, SqlConditions, viewerOf } from '../../../src/plugin-api.ts';
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
}

export interface CustomerOrderArgs {
  field: 'DISPLAY_NAME' | 'CREATED_AT' | 'UPDATED_AT';
  direction?: 'ASC' | 'DESC' | null;
}

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
 * One page of customers in one statement, with the columns its nodes' fields need and the fields
 * they read along (read-along.ts), keyset-paged on the order's column and the id.
 */
export async function customerPage(
  context: Context,
  args: ConnectionArgs & { filter?: CustomerFilterArgs | null; orderBy?: CustomerOrderArgs | null },
  info: GraphQLResolveInfo,
) {
  const nodeFields = selectedFieldNames(info, ['edges', 'node']);
  const field = args.orderBy?.field ?? 'DISPLAY_NAME';
  const sort = ORDERS[field];
  const ascending = args.orderBy?.direction !== 'DESC';
  const order: KeysetOrder<CustomerRow> = {
    name: `${field} ${ascending ? 'ASC' : 'DESC'}`,
    columns: [
      { expression: `c."${sort.column}"`, kind: sort.kind, ascending, valueOf: sort.valueOf },
      { expression: 'c.id', kind: 'uuid', ascending, valueOf: (row) => row.id },
    ],
  };
  return keysetConnection(args, order, async (request) => {
    const conditions = filterConditions(args.filter, context);
    const parameter = (value: unknown) => `$${conditions.values.push(value)}`;
    const window = keysetWindow(order, request, parameter);
    const parts = selectedParts(info, ['Customer', 'Person', 'Organization'], context, 'c', parameter, ['edges', 'node']);
    const columns = [customerColumnsFor(nodeFields, [sort.column], new Set(parts.map((part) => part.fieldName))), ...parts.map((part, index) => `${part.expression} AS "part${index}"`)];
    const where = [conditions.where, ...window.conditions].join(' AND ');
    const rows = await context.sql.query<CustomerRow & Record<string, unknown>>(
      `SELECT ${columns.join(', ')} FROM "Customer" c WHERE ${where} ORDER BY ${window.orderBy} LIMIT ${Number(window.limit)}`,
      conditions.values,
    );
    for (const row of rows) {
      keepReadAlong(row, new Map(parts.map((part, index) => [part.responseKey, part.read(row[`part${index}`])])));
    }
    return rows;
  });
}

export async function countCustomers(context: Context, filter: CustomerFilterArgs | null | undefined): Promise<number> {
  const conditions = filterConditions(filter, context);
  const [row] = await context.sql.query<{ count: number }>(`SELECT count(*)::int AS count FROM "Customer" c WHERE ${conditions.where}`, conditions.values);
  return row!.count;
}
