import { resolveCursorConnection } from '@pothos/plugin-relay';
import type { Context, SqlConditions } from '../../src/plugin-api.ts';
import { ValidationError } from '../../src/plugin-api.ts';
import { customerColumnsAlong, type CustomerAlong } from '../profile/plugin.ts';
import type { TicketRow } from './ticket-store.ts';

// One page of tickets in one statement: the columns its selected fields need, each ticket's
// customer (when shown) and the total (when asked for), keyset-paged on the order's columns.
// Through Prisma the agent's queue cost a query for the tickets with all 45 columns, one for
// their customers and one for their e-mails, and ~1 ms of server CPU to plan and map them.

export type TicketOrderField = 'CREATED_AT' | 'UPDATED_AT' | 'PRIORITY' | 'NUMBER' | 'DEADLINE';
type Direction = 'ASC' | 'DESC';

interface ConnectionArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
}

interface SortKey {
  column: keyof TicketRow;
  cast: string;
  /** Whatever the order's direction: the priority order lists the earliest deadline first either way. */
  always?: Direction;
}

/** The columns of each order, before the id that breaks ties (so pages never skip or repeat tickets). */
const ORDERS: Record<TicketOrderField, readonly SortKey[]> = {
  CREATED_AT: [{ column: 'createdAt', cast: 'timestamp(3)' }],
  UPDATED_AT: [{ column: 'updatedAt', cast: 'timestamp(3)' }],
  NUMBER: [{ column: 'number', cast: 'int' }],
  DEADLINE: [{ column: 'deadlineSortKey', cast: 'timestamp(3)' }],
  PRIORITY: [
    { column: 'priority', cast: '"TicketPriority"' },
    { column: 'deadlineSortKey', cast: 'timestamp(3)', always: 'ASC' },
  ],
};

/** The columns behind each field of Ticket; a field not named here (a relation) needs only the id. */
const SLA_COLUMNS = [
  'slaPolicyId', 'slaCalendarId', 'firstResponseTargetMinutes', 'resolutionTargetMinutes', 'warningPercent', 'slaElapsedSeconds',
  'slaCheckpointAt', 'slaRunning', 'firstResponseWarnAt', 'firstResponseDueAt', 'resolutionWarnAt', 'resolutionDueAt',
  'firstResponseBreachedAt', 'resolutionBreachedAt', 'firstRespondedAt', 'firstResponseSeconds', 'resolutionSeconds', 'resolvedAt',
] as const;
const COLUMNS_OF_FIELD: Readonly<Record<string, readonly (keyof TicketRow)[]>> = {
  allowedTransitions: ['status'],
  category: ['categoryId'],
  categoryPath: ['categoryId'],
  serviceScript: ['categoryId'],
  queue: ['queueId'],
  customer: ['customerId'],
  routing: ['routingRuleId', 'routingReason'],
  sla: SLA_COLUMNS,
  satisfaction: ['csatScore', 'csatComment', 'csatAt', 'csatInteractionId'],
};
const PLAIN_FIELDS = new Set<string>([
  'number', 'subject', 'description', 'status', 'priority', 'kind', 'channel', 'assigneeId', 'createdBy',
  'escalationLevel', 'reopenCount', 'firstRespondedAt', 'resolvedAt', 'closedAt', 'createdAt', 'updatedAt',
]);

function ticketColumns(fields: ReadonlySet<string>, order: readonly SortKey[]): string {
  const columns = new Set<string>(['id', 'tenantId', ...order.map((key) => key.column)]);
  for (const field of fields) {
    if (PLAIN_FIELDS.has(field)) columns.add(field);
    for (const column of COLUMNS_OF_FIELD[field] ?? []) columns.add(column);
  }
  return [...columns].map((column) => `t."${column}"`).join(', ');
}

export interface TicketPageSelection {
  /** The fields selected of each ticket (`edges.node`). */
  nodeFields: ReadonlySet<string>;
  /** The fields selected of each ticket's customer. */
  customerFields: ReadonlySet<string>;
  totalCount: boolean;
}

export interface TicketPage {
  edges: { cursor: string; node: TicketRow }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor?: string | null; endCursor?: string | null };
  totalCount(): Promise<number>;
}

export async function ticketPage(
  context: Context,
  args: ConnectionArgs & { orderBy?: { field: TicketOrderField; direction?: Direction | null } | null },
  conditions: SqlConditions,
  selection: TicketPageSelection,
): Promise<TicketPage> {
  const field = args.orderBy?.field ?? 'CREATED_AT';
  const direction: Direction = args.orderBy?.direction ?? (field === 'DEADLINE' ? 'ASC' : 'DESC');
  const keys = ORDERS[field];
  const customer: CustomerAlong | null = selection.nodeFields.has('customer') ? customerColumnsAlong(selection.customerFields, 'customer.') : null;
  let counted: number | null = null;

  const page = await resolveCursorConnection(
    { args, toCursor: (row: unknown) => encodeCursor(field, direction, keys, row as TicketRow) },
    async ({ after, before, limit, inverted }) => {
      const values = [...conditions.values];
      const parameter = (value: unknown) => `$${values.push(value)}`;
      const where = [conditions.where];
      if (after) where.push(keysetCondition(keys, direction, decodeCursor(after, 'after', field, direction, keys), 'after', parameter));
      if (before) where.push(keysetCondition(keys, direction, decodeCursor(before, 'before', field, direction, keys), 'before', parameter));
      // Reading backwards (`last`) walks the same index the other way; the helper restores the order.
      const sense = (ascending: boolean) => (ascending !== inverted ? 'ASC' : 'DESC');
      const orderBy = [...keys.map((key) => `t."${key.column}" ${sense((key.always ?? direction) === 'ASC')}`), `t.id ${sense(direction === 'ASC')}`];
      // The inner `t` of the count is its own scan of the same filter.
      const count = selection.totalCount ? `, (SELECT count(*)::int FROM "Ticket" t WHERE ${conditions.where}) AS "totalCount"` : '';
      // The customers are joined to the page, not to the matching tickets: a prepared statement's
      // generic plan cannot tell how many tickets `queueId = ANY($n)` matches, and planned a hash
      // join over every customer of the tenant (43 ms instead of 3 at 50,000 customers).
      const page = `SELECT ${ticketColumns(selection.nodeFields, keys)} FROM "Ticket" t WHERE ${where.join(' AND ')} ORDER BY ${orderBy.join(', ')} LIMIT ${Number(limit)}`;
      const rows = await context.sql.query<TicketRow & { totalCount?: number }>(
        `SELECT t.*${customer ? `, ${customer.columns}` : ''}${count}
         FROM (${page}) t${customer ? ` JOIN "Customer" c ON c."tenantId" = t."tenantId" AND c.id = t."customerId"` : ''}
         ORDER BY ${orderBy.join(', ')}`,
        values,
      );
      if (rows.length > 0 && selection.totalCount) counted = rows[0]!.totalCount!;
      return customer ? rows.map((row) => Object.assign(row, { customer: customer.read(row) })) : rows;
    },
  );
  return {
    ...(page as Omit<TicketPage, 'totalCount'>),
    totalCount: async () => {
      if (counted !== null) return counted;
      const [row] = await context.sql.query<{ count: number }>(`SELECT count(*)::int AS count FROM "Ticket" t WHERE ${conditions.where}`, conditions.values);
      return row!.count;
    },
  };
}

/**
 * Rows after (or before) the cursor row in the order's direction, one key at a time: the
 * priority order mixes directions, which a row comparison cannot express.
 */
function keysetCondition(keys: readonly SortKey[], direction: Direction, cursor: readonly unknown[], side: 'after' | 'before', parameter: (value: unknown) => string): string {
  const all = [...keys, { column: 'id', cast: 'uuid' } as SortKey];
  const placeholders = all.map((key, index) => `${parameter(cursor[index])}::${key.cast}`);
  const comparisons = all.map((key, index) => {
    const ascending = (key.always ?? direction) === 'ASC';
    const operator = ascending === (side === 'after') ? '>' : '<';
    const equalBefore = all.slice(0, index).map((earlier, position) => `t."${earlier.column}" = ${placeholders[position]}`);
    return `(${[...equalBefore, `t."${key.column}" ${operator} ${placeholders[index]}`].join(' AND ')})`;
  });
  return `(${comparisons.join(' OR ')})`;
}

function cursorValue(value: unknown): string | number {
  return value instanceof Date ? value.toISOString() : (value as string | number);
}

function encodeCursor(field: TicketOrderField, direction: Direction, keys: readonly SortKey[], row: TicketRow): string {
  return Buffer.from(JSON.stringify([field, direction, ...keys.map((key) => cursorValue(row[key.column])), row.id])).toString('base64url');
}

/** A cursor is only good for the order it was made in: its values are compared with that order's columns. */
function decodeCursor(cursor: string, argument: string, field: TicketOrderField, direction: Direction, keys: readonly SortKey[]): unknown[] {
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(cursor, 'base64url').toString());
  } catch {
    parts = null;
  }
  const invalid = () => ValidationError.at([argument], `Invalid cursor: "${cursor}" is not a cursor of this list`);
  if (!Array.isArray(parts) || parts.length !== keys.length + 3) throw invalid();
  const [madeFor, madeInDirection, ...values] = parts as unknown[];
  const id = values.at(-1);
  if (typeof id !== 'string' || !/^[0-9a-f-]{36}$/i.test(id)) throw invalid();
  const wellFormed = keys.every((key, index) => {
    const value = values[index];
    if (key.cast === 'int') return Number.isInteger(value);
    if (key.cast === 'timestamp(3)') return typeof value === 'string' && !Number.isNaN(Date.parse(value));
    return typeof value === 'string' && ['LOW', 'NORMAL', 'HIGH', 'URGENT'].includes(value);
  });
  if (!wellFormed) throw invalid();
  if (madeFor !== field || madeInDirection !== direction) {
    throw ValidationError.at([argument], `Invalid cursor: it belongs to the order by ${String(madeFor)} ${String(madeInDirection)}, not by ${field} ${direction}`);
  }
  return values;
}
