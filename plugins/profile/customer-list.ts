import { resolveCursorConnection } from '@pothos/plugin-relay';
import type { Audience, Context, CustomerKind, Lifecycle } from '../../src/plugin-api.ts';
import { SqlConditions, ValidationError, viewerOf } from '../../src/plugin-api.ts';
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

interface ConnectionArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
}

/** The sort column of each order, and how its value travels in a cursor. */
const ORDERS = {
  DISPLAY_NAME: { column: 'displayName', cast: 'text', toText: (row: CustomerRow) => row.displayName },
  CREATED_AT: { column: 'createdAt', cast: 'timestamp(3)', toText: (row: CustomerRow) => row.createdAt.toISOString() },
  UPDATED_AT: { column: 'updatedAt', cast: 'timestamp(3)', toText: (row: CustomerRow) => row.updatedAt.toISOString() },
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
 * One page of customers in one statement, keyset-paged: the cursor carries the sort value and the
 * id, so page 200 starts with an index range scan at its first row instead of walking the 199
 * pages before it (Prisma's cursor re-reads the cursor row and compares with OR, which PostgreSQL
 * cannot turn into a range).
 */
export async function customerPage(
  context: Context,
  args: ConnectionArgs & { filter?: CustomerFilterArgs | null; orderBy?: CustomerOrderArgs | null },
  nodeFields: ReadonlySet<string> = new Set(),
) {
  const field = args.orderBy?.field ?? 'DISPLAY_NAME';
  const order = ORDERS[field];
  const descending = args.orderBy?.direction === 'DESC';
  const page = await resolveCursorConnection(
    { args, toCursor: (row: unknown) => encodeCursor(field, order.toText(row as CustomerRow), (row as CustomerRow).id) },
    async ({ after, before, limit, inverted }) => {
      const conditions = filterConditions(args.filter, context);
      // Reading backwards (`last`) walks the same index the other way; the helper restores the order.
      const backwards = descending !== inverted;
      const keyset = (cursor: string, argument: string, direction: '<' | '>') => {
        const { value, id } = decodeCursor(cursor, argument, field);
        conditions.add((p) => `(c."${order.column}", c.id) ${direction} (${p(value)}::${order.cast}, ${p(id)}::uuid)`);
      };
      if (after) keyset(after, 'after', descending ? '<' : '>');
      if (before) keyset(before, 'before', descending ? '>' : '<');
      const sense = backwards ? 'DESC' : 'ASC';
      return context.sql.query<CustomerRow>(
        `SELECT ${customerColumnsFor(nodeFields, [order.column])} FROM "Customer" c WHERE ${conditions.where}
         ORDER BY c."${order.column}" ${sense}, c.id ${sense} LIMIT ${Number(limit)}`,
        conditions.values,
      );
    },
  );
  return page as { edges: { cursor: string; node: CustomerRow }[]; pageInfo: typeof page.pageInfo };
}

export async function countCustomers(context: Context, filter: CustomerFilterArgs | null | undefined): Promise<number> {
  const conditions = filterConditions(filter, context);
  const [row] = await context.sql.query<{ count: number }>(`SELECT count(*)::int AS count FROM "Customer" c WHERE ${conditions.where}`, conditions.values);
  return row!.count;
}

function encodeCursor(field: CustomerOrderArgs['field'], value: string, id: string): string {
  return Buffer.from(JSON.stringify([field, value, id])).toString('base64url');
}

/** A cursor is only good for the order it was made in: its sort value is compared with that column. */
function decodeCursor(cursor: string, argument: string, field: CustomerOrderArgs['field']): { value: string; id: string } {
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(cursor, 'base64url').toString());
  } catch {
    parts = null;
  }
  const [madeFor, value, id] = Array.isArray(parts) ? parts : [];
  const valid =
    typeof value === 'string' && typeof id === 'string' && /^[0-9a-f-]{36}$/i.test(id) && (field === 'DISPLAY_NAME' || !Number.isNaN(Date.parse(value)));
  if (!valid) throw ValidationError.at([argument], `Invalid cursor: "${cursor}" is not a cursor of this list`);
  if (madeFor !== field) throw ValidationError.at([argument], `Invalid cursor: it belongs to the order by ${String(madeFor)}, not by ${field}`);
  return { value, id };
}
