import pg from 'pg';
import { currentTransaction } from './ambient-transaction.ts';
import { statementName } from './statement-names.ts';

/**
 * SQL on the operation's own transaction, straight through `pg`: for the hot paths where Prisma's
 * query planning and result mapping cost more than the statement (measured: 121 µs of CPU for a
 * `SELECT 1` through `$queryRaw`, 30 µs through `pg`). Row-Level Security applies as everywhere.
 *
 * Columns come back as `pg` reads them, except zone-less timestamps (how Prisma stores DateTime,
 * in UTC) and dates, which become Dates in UTC. Cast enum arrays to `text[]`; `numeric` and `bigint` arrive
 * as strings.
 */
export interface Sql {
  /** `sql\`SELECT … WHERE id = ${id}\``: each interpolation is a parameter, never text. */
  <Row extends object = Record<string, unknown>>(strings: TemplateStringsArray, ...values: unknown[]): Promise<Row[]>;
  /** A statement built at run time, with `$1 … $n` parameters. */
  query<Row extends object = Record<string, unknown>>(text: string, values?: readonly unknown[]): Promise<Row[]>;
}

// As Prisma reads them: zone-less timestamps are UTC, a date is its UTC midnight (pg's own parsers
// would use the process's zone for both).
const parsers = new Map<number, (text: string) => unknown>([
  [pg.types.builtins.TIMESTAMP, (text) => new Date(`${text.replace(' ', 'T')}Z`)],
  [pg.types.builtins.DATE, (text) => new Date(`${text}T00:00:00Z`)],
]);
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => parsers.get(oid) ?? pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

// pg would write a Date in the process's local zone, which a zone-less column silently drops.
const asParameter = (value: unknown) => (value instanceof Date ? value.toISOString() : Array.isArray(value) && Object.isFrozen(value) ? frozenArrayText(value) : value);

// A frozen array (the viewer's readable topics, 45 of them for an admin) is sent on every
// request: pg would build its text character by character each time (10 KiB of garbage).
const frozenArrayTexts = new WeakMap<readonly unknown[], unknown>();

function frozenArrayText(values: readonly unknown[]): unknown {
  let text = frozenArrayTexts.get(values);
  if (text === undefined) {
    text = values.every((value) => typeof value === 'string') ? textArrayLiteral(values as readonly string[]) : values;
    frozenArrayTexts.set(values, text);
  }
  return text;
}

/** PostgreSQL's text form of a text[]: each element quoted, its quotes and backslashes escaped. */
export function textArrayLiteral(values: readonly string[]): string {
  return `{${values.map((value) => `"${value.replace(/[\\"]/g, (character) => `\\${character}`)}"`).join(',')}}`;
}

async function run<Row extends object>(text: string, values: readonly unknown[]): Promise<Row[]> {
  const transaction = currentTransaction();
  if (!transaction || transaction.ended) throw new Error('SQL must run inside an operation (its tenant transaction is not open)');
  const result = await transaction.connection.query<Row>({ name: statementName(text), text, values: values.map(asParameter), types });
  return result.rows;
}

export const sql: Sql = Object.assign(
  <Row extends object>(strings: TemplateStringsArray, ...values: unknown[]) =>
    run<Row>(strings.reduce((text, part, index) => `${text}$${index}${part}`), values),
  { query: <Row extends object>(text: string, values: readonly unknown[] = []) => run<Row>(text, values) },
);

/**
 * The same interface on a given connection, outside any operation: for a seed, which writes through
 * its own transaction (SeedContext.statements).
 */
export function sqlOn(client: pg.ClientBase): Sql {
  const runOn = async <Row extends object>(text: string, values: readonly unknown[]) =>
    (await client.query<Row>({ text, values: values.map(asParameter), types })).rows;
  return Object.assign(
    <Row extends object>(strings: TemplateStringsArray, ...values: unknown[]) => runOn<Row>(strings.reduce((text, part, index) => `${text}$${index}${part}`), values),
    { query: <Row extends object>(text: string, values: readonly unknown[] = []) => runOn<Row>(text, values) },
  );
}
