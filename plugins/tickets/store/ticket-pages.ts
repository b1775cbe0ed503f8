import type { ConnectionArgs, Context, KeysetColumn, KeysetOrder, Prisma, SqlConditions } from '../../../src/plugin-api.ts';
import { keysetConnection, keysetWindow } from '../../../src/plugin-api.ts';
import { TicketPriority } from './enums.ts';
import { ticketColumns } from './ticket-columns.ts';

// One page of tickets in one statement: the columns its selected fields need and the total (when
// asked for), keyset-paged on the order's columns.

type TicketRow = Prisma.TicketModel;
export type TicketOrderField = 'CREATED_AT' | 'UPDATED_AT' | 'PRIORITY' | 'NUMBER' | 'DEADLINE';
type Direction = 'ASC' | 'DESC';
type SortKey = [column: keyof TicketRow, kind: KeysetColumn<TicketRow>['kind'], ascending: boolean];

const PRIORITY: KeysetColumn<TicketRow>['kind'] = { enum: 'TicketPriority', values: Object.values(TicketPriority) };

/** The columns of an order, then the id that breaks ties (so pages never skip or repeat tickets). */
function sortKeys(field: TicketOrderField, direction: Direction): SortKey[] {
  const ascending = direction === 'ASC';
  const leading: Record<TicketOrderField, SortKey[]> = {
    CREATED_AT: [['createdAt', 'timestamp', ascending]],
    UPDATED_AT: [['updatedAt', 'timestamp', ascending]],
    NUMBER: [['number', 'integer', ascending]],
    DEADLINE: [['deadlineSortKey', 'timestamp', ascending]],
    // Within a priority the earliest deadline comes first, whichever way the priorities run.
    PRIORITY: [['priority', PRIORITY, ascending], ['deadlineSortKey', 'timestamp', true]],
  };
  return [...leading[field], ['id', 'uuid', ascending]];
}

function keysetOrder(field: TicketOrderField, direction: Direction, keys: readonly SortKey[]): KeysetOrder<TicketRow> {
  return {
    name: `${field} ${direction}`,
    columns: keys.map(([column, kind, ascending]) => ({ expression: `t."${column}"`, kind, ascending, valueOf: (row) => row[column] as string | number | Date })),
  };
}

export interface TicketPageSelection {
  /** The fields selected of each ticket (`edges.node`). */
  nodeFields: ReadonlySet<string>;
  totalCount: boolean;
}

export interface TicketPage {
  edges: { cursor: string; node: TicketRow }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor?: string | null; endCursor?: string | null };
  totalCount(): Promise<number>;
}

/** The tickets matching `conditions` (on the alias `t`), one page in the order asked (newest first by default). */
export async function ticketPage(
  context: Context,
  args: ConnectionArgs & { orderBy?: { field: TicketOrderField; direction?: Direction | null } | null },
  conditions: SqlConditions,
  selection: TicketPageSelection,
): Promise<TicketPage> {
  const field = args.orderBy?.field ?? 'CREATED_AT';
  const direction: Direction = args.orderBy?.direction ?? (field === 'DEADLINE' ? 'ASC' : 'DESC');
  const keys = sortKeys(field, direction);
  const order = keysetOrder(field, direction, keys);
  const columns = ticketColumns(selection.nodeFields, keys.map(([column]) => column));
  let counted: number | null = null;

  const page = await keysetConnection(args, order, async (request) => {
    const values = [...conditions.values];
    const window = keysetWindow(order, request, (value) => `$${values.push(value)}`);
    // The count's inner `t` is its own scan of the same filter, with the same parameters.
    const count = selection.totalCount ? `, (SELECT count(*)::int FROM "Ticket" t WHERE ${conditions.where}) AS "totalCount"` : '';
    const rows = await context.sql.query<TicketRow & { totalCount?: number }>(
      `SELECT ${columns}${count} FROM "Ticket" t
       WHERE ${[conditions.where, ...window.conditions].join(' AND ')}
       ORDER BY ${window.orderBy} LIMIT ${Number(window.limit)}`,
      values,
    );
    if (rows.length > 0 && selection.totalCount) counted = rows[0]!.totalCount!;
    return rows;
  });
  return {
    ...page,
    totalCount: async () => {
      if (counted !== null) return counted;
      const [row] = await context.sql.query<{ count: number }>(`SELECT count(*)::int AS count FROM "Ticket" t WHERE ${conditions.where}`, conditions.values);
      return row!.count;
    },
  };
}
