import { resolveCursorConnection, type DefaultConnectionArguments } from '@pothos/plugin-relay';
import { ValidationError } from '../errors.ts';
import { isUuid } from '../schema/node-ids.ts';

/**
 * Keyset paging, written once: a page starts where its cursor's row was in the order, with an
 * index range scan, instead of skipping the pages before it (OFFSET) or re-reading the cursor row
 * (Prisma's cursor). Every list of every area pages this way; each area's store builds its own
 * statement around the condition and ORDER BY given here.
 */

/** The SQL type of a sort column, which also says what a cursor's value must look like. */
export type KeysetValueKind = 'text' | 'timestamp' | 'integer' | 'bigint' | 'numeric' | 'uuid' | { enum: string; values: readonly string[] };

export interface KeysetColumn<Row> {
  /** The column in the page's statement, e.g. `c."displayName"`. */
  expression: string;
  kind: KeysetValueKind;
  /** Direction when the list is read forwards. */
  ascending: boolean;
  /** The column may be NULL: rows without a value come after every row with one, whichever the direction. */
  nullable?: boolean;
  /** The row's value of the column: text or a number (Dates as ISO text); null only in a nullable column. */
  valueOf(row: Row): string | number | Date | null;
}

export interface KeysetOrder<Row> {
  /** Names the order in its cursors ("NUMBER ASC"), so a cursor made for another order is refused rather than misread. */
  name: string;
  /** Most significant first; the last must be unique (the row id), so pages never skip or repeat rows. */
  columns: readonly KeysetColumn<Row>[];
}

/** The arguments of a relay connection. */
export interface ConnectionArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
}

/** What a page's statement needs: its keyset condition (if any), ORDER BY and LIMIT. */
export interface KeysetWindow {
  /** Conditions to AND into the statement's WHERE (none on the first page). */
  conditions: string[];
  orderBy: string;
  limit: number;
}

/** What a store receives to read one page. */
export interface KeysetRequest {
  after?: string | undefined;
  before?: string | undefined;
  limit: number;
  /** Reading backwards (`last`): the order runs the other way and the helper restores it. */
  inverted: boolean;
}

export function keysetCursor<Row>(order: KeysetOrder<Row>, row: Row): string {
  const values = order.columns.map((column) => {
    const value = column.valueOf(row);
    return value instanceof Date ? value.toISOString() : value;
  });
  return Buffer.from(JSON.stringify([order.name, ...values])).toString('base64url');
}

/** The condition, order and limit of one page request, with the cursors' values as parameters. */
export function keysetWindow<Row>(order: KeysetOrder<Row>, request: KeysetRequest, parameter: (value: unknown) => string): KeysetWindow {
  const conditions: string[] = [];
  if (request.after) conditions.push(keysetCondition(order, readCursor(order, request.after, 'after'), 'after', parameter));
  if (request.before) conditions.push(keysetCondition(order, readCursor(order, request.before, 'before'), 'before', parameter));
  const orderBy = order.columns
    .map((column) => `${column.expression} ${column.ascending !== request.inverted ? 'ASC' : 'DESC'}${column.nullable ? ` NULLS ${request.inverted ? 'FIRST' : 'LAST'}` : ''}`)
    .join(', ');
  return { conditions, orderBy, limit: request.limit };
}

/**
 * A relay connection over `readPage`, which reads the rows of one window (see keysetWindow),
 * usually through a DataLoader of the area's store.
 */
export async function keysetConnection<Row>(args: ConnectionArgs, order: KeysetOrder<Row>, readPage: (request: KeysetRequest) => Promise<readonly Row[]>) {
  // The configured largest page (NEXO_MAX_PAGE_SIZE) refuses larger asks before execution
  // (usePageSizeLimit): a page asked for here is read whole, never cut to Pothos' default maximum.
  const page = await resolveCursorConnection(
    { args: args as DefaultConnectionArguments, maxSize: Number.MAX_SAFE_INTEGER, toCursor: (row: Row) => keysetCursor(order, row) },
    readPage,
  );
  return page as { edges: { cursor: string; node: Row }[]; pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor?: string | null; endCursor?: string | null } };
}

/**
 * Rows after (or before) the cursor's row. One row comparison when every column runs the same
 * way and none is nullable (an index range scan); otherwise column by column, as a mixed order or
 * a NULL needs (a comparison with NULL is never true, so NULLs are compared by IS [NOT] NULL).
 */
function keysetCondition<Row>(order: KeysetOrder<Row>, values: readonly (string | number | null)[], side: 'after' | 'before', parameter: (value: unknown) => string): string {
  const placeholders = order.columns.map((column, index) => (values[index] === null ? null : `${parameter(values[index])}::${castOf(column.kind)}`));
  const operatorFor = (column: KeysetColumn<Row>) => (column.ascending === (side === 'after') ? '>' : '<');
  const [first] = order.columns;
  if (order.columns.every((column) => column.ascending === first!.ascending && !column.nullable)) {
    return `(${order.columns.map((column) => column.expression).join(', ')}) ${operatorFor(first!)} (${placeholders.join(', ')})`;
  }
  // Per column: the rows strictly on the asked side of the cursor's value, and those tied with it.
  const comparisons = order.columns.map((column, index) => {
    const placeholder = placeholders[index]!;
    if (placeholder === null) return { beyond: side === 'after' ? null : `${column.expression} IS NOT NULL`, tied: `${column.expression} IS NULL` };
    const beyond = `${column.expression} ${operatorFor(column)} ${placeholder}`;
    return { beyond: column.nullable && side === 'after' ? `(${beyond} OR ${column.expression} IS NULL)` : beyond, tied: `${column.expression} = ${placeholder}` };
  });
  const alternatives = comparisons.flatMap(({ beyond }, index) =>
    beyond === null ? [] : [`(${[...comparisons.slice(0, index).map((earlier) => earlier.tied), beyond].join(' AND ')})`],
  );
  return alternatives.length ? `(${alternatives.join(' OR ')})` : 'false';
}

function readCursor<Row>(order: KeysetOrder<Row>, cursor: string, argument: string): (string | number | null)[] {
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(cursor, 'base64url').toString());
  } catch {
    parts = null;
  }
  const invalid = () => ValidationError.at([argument], `Invalid cursor: "${cursor}" is not a cursor of this list`);
  if (!Array.isArray(parts) || parts.length !== order.columns.length + 1) throw invalid();
  const [madeFor, ...values] = parts as unknown[];
  if (madeFor !== order.name) {
    if (typeof madeFor === 'string' && values.every((value, index) => order.columns[index] && fits(order.columns[index]!, value))) {
      throw ValidationError.at([argument], `Invalid cursor: it belongs to the order by ${madeFor}, not by ${order.name}`);
    }
    throw invalid();
  }
  if (!values.every((value, index) => fits(order.columns[index]!, value))) throw invalid();
  return values as (string | number | null)[];
}


function fits({ kind, nullable }: Pick<KeysetColumn<unknown>, 'kind' | 'nullable'>, value: unknown): boolean {
  if (value === null) return nullable === true;
  if (typeof kind === 'object') return typeof value === 'string' && kind.values.includes(value);
  switch (kind) {
    case 'text':
      return typeof value === 'string';
    case 'timestamp':
      return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value) && !Number.isNaN(Date.parse(value));
    case 'integer':
      return Number.isSafeInteger(value);
    case 'bigint':
      return typeof value === 'string' && /^\d{1,19}$/.test(value);
    case 'numeric':
      return typeof value === 'string' && /^-?\d{1,40}(\.\d{1,40})?$/.test(value);
    case 'uuid':
      return typeof value === 'string' && isUuid(value);
  }
}

function castOf(kind: KeysetValueKind): string {
  if (typeof kind === 'object') return `"${kind.enum}"`;
  return { text: 'text', timestamp: 'timestamp(3)', integer: 'int', bigint: 'bigint', numeric: 'numeric', uuid: 'uuid' }[kind];
}
