import type pg from 'pg';

/**
 * Runs `query` on the owner's connection in a transaction of its own with `app.tenant_id` set
 * (Row-Level Security is forced on the owner too) and commits it.
 */
export async function tenantRows<Row extends object>(owner: pg.ClientBase, tenantId: string, query: string, values: unknown[] = []): Promise<Row[]> {
  await owner.query('BEGIN');
  try {
    await owner.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenantId]);
    return (await owner.query<Row & pg.QueryResultRow>(query, values)).rows;
  } finally {
    await owner.query('COMMIT');
  }
}
