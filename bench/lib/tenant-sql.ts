import pg from 'pg';

/**
 * A tenant's database access: a pool, named prepared statements, and one transaction per request
 * with the tenant set first. The hand-written baseline runs it as the application role (no table
 * ownership, no BYPASSRLS) with a pool the size of the server's — exactly the conditions Nexo's
 * requests run under, so Row-Level Security costs both sides the same. A benchmark that counts what
 * the server wrote runs it as the owner, on whom Row-Level Security is forced too.
 */
export class TenantSql {
  readonly pool: pg.Pool;
  private readonly tenantId: string;

  /** `applicationName` tells its sessions apart in pg_stat_activity (default `nexo-bench-baseline`). */
  constructor(databaseUrl: string, options: { tenantId: string; poolSize: number; applicationName?: string }) {
    this.tenantId = options.tenantId;
    const applicationName = options.applicationName ?? 'nexo-bench-baseline';
    // Timestamps are stored in UTC without a zone: the session must read them as UTC, as Nexo's does.
    this.pool = new pg.Pool({ connectionString: databaseUrl, max: options.poolSize, application_name: applicationName, options: '-c TimeZone=UTC' });
    this.pool.on('error', () => {}); // an idle connection dropped by the server is replaced on next use
  }

  /** BEGIN; set the tenant; `work`; COMMIT — or ROLLBACK when `work` throws. */
  async transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query({ name: 'bench_set_tenant', text: "SELECT set_config('app.tenant_id', $1, true)", values: [this.tenantId] });
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}
