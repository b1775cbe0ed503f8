import type { PoolClient } from 'pg';

// PostgreSQL's bind-parameter limit per statement (a 16-bit count).
const MAX_PARAMETERS = 65_535;
const ROWS_PER_STATEMENT = 500;

/**
 * Writes rows with multi-row parameterised INSERTs. Column names come from the first row's keys,
 * so every row must carry the same keys. Values go through node-postgres' conversions: an array
 * becomes a PostgreSQL array (the enum lists), an object becomes JSON (the `Json` columns).
 * Calls `onWritten` after each statement.
 */
export async function insertRows(sql: PoolClient, table: string, rows: readonly object[], onWritten: (count: number) => void): Promise<void> {
  const first = rows[0];
  if (!first) return;
  const columns = Object.keys(first);
  const batchSize = Math.min(ROWS_PER_STATEMENT, Math.floor(MAX_PARAMETERS / columns.length));
  const columnList = columns.map((column) => `"${column}"`).join(', ');
  for (let start = 0; start < rows.length; start += batchSize) {
    const batch = rows.slice(start, start + batchSize);
    const values: unknown[] = [];
    const tuples = batch.map((row) => {
      const record = row as Record<string, unknown>;
      const placeholders = columns.map((column) => {
        values.push(record[column]);
        return `$${values.length}`;
      });
      return `(${placeholders.join(', ')})`;
    });
    await sql.query(`INSERT INTO "${table}" (${columnList}) VALUES ${tuples.join(', ')}`, values);
    onWritten(batch.length);
  }
}
