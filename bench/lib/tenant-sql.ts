import pg from 'pg';

/**
 * The hand-written baseline's database access: the application role (no table ownership, no
 * BYPASSRLS), a pool the size of the server's, named prepared statements, and one transaction per
 * request with the tenant set first — exactly the conditions Nexo's requests run under, so Row-Level
 * Security costs both sides the same.
 */
export class TenantSql {
  readonly pool: pg.Pool;
  private readonly tenantId: string;

  constructor(appDatabaseUrl: string, options: { tenantId: string; poolSize: number }) {
    this.tenantId = options.tenantId;
    // Timestamps are stored in UTC without a zone: the session must read them as UTC, as Nexo's does.
    this.pool = new pg.Pool({ connectionString: appDatabaseUrl, max: options.poolSize, application_name: 'nexo-bench-baseline', options: '-c TimeZone=UTC' });
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
