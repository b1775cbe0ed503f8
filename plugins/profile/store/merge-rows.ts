import type { CustomerMergeParticipant, MergeChange, Sql } from '../../../src/plugin-api.ts';

/** One kind of the profile's rows in a merge: a participant of its own, naming the kinds it writes. */
export interface MergePart extends CustomerMergeParticipant {
  /** The `rows` of the changes it returns, so that unmerge hands each part its own. */
  readonly rows: readonly string[];
}

/** A changed row as unmerge reads it back: the id and the columns as they were. */
export interface PreviousRow {
  rowId: string;
  previous: Readonly<Record<string, unknown>>;
}

export function changesOf(changes: readonly MergeChange[], rows: string): PreviousRow[] {
  return changes.filter((change) => change.rows === rows && change.previous !== null).map((change) => ({ rowId: change.rowId, previous: change.previous! }));
}

/**
 * Gives rows of `table` (one of the profile's, named by code) the columns they had before a merge,
 * in one statement: `jsonb_populate_recordset` with the table's row type casts each JSON value
 * (ISO dates, enum names, arrays) back to its column's type. `guard` is SQL over `t` (the row now)
 * and `p` (the columns as they were), with `extra` as parameters $3 …: only the rows it admits are
 * restored. Returns their ids.
 */
export async function restoreColumns(
  sql: Sql,
  tenantId: string,
  options: { table: string; columns: readonly string[]; rows: readonly PreviousRow[]; guard?: string; extra?: readonly unknown[] },
): Promise<string[]> {
  if (options.rows.length === 0) return [];
  const assignments = options.columns.map((column) => `"${column}" = p."${column}"`).join(', ');
  const restored = await sql.query<{ id: string }>(
    `UPDATE "${options.table}" t SET ${assignments}
     FROM jsonb_populate_recordset(NULL::"${options.table}", $2::jsonb) AS p
     WHERE t."tenantId" = $1 AND t.id = p.id AND (${options.guard ?? 'true'})
     RETURNING t.id::text AS id`,
    [tenantId, JSON.stringify(options.rows.map((row) => ({ ...row.previous, id: row.rowId }))), ...(options.extra ?? [])],
  );
  return restored.map((row) => row.id);
}
