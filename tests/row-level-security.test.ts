import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './support/server.ts';

// Row-Level Security is the second wall: even SQL that forgets the tenant filter, sent on the
// application's own connection, sees and touches only the tenant set for the transaction.

let server: TestServer;
let app: pg.Client;
let owner: pg.Client;

beforeAll(async () => {
  server = await startTestServer();
  app = new pg.Client({ connectionString: server.appDatabaseUrl });
  owner = new pg.Client({ connectionString: server.ownerDatabaseUrl });
  await Promise.all([app.connect(), owner.connect()]);
});
afterAll(async () => {
  await app?.end();
  await owner?.end();
  await server?.stop();
});

const TENANT_TABLES = ['Customer', 'ContactPoint', 'Consent', 'ExternalRef', 'Membership', 'OutboxEvent'] as const;

async function count(client: pg.Client, sql: string): Promise<number> {
  const { rows } = await client.query<{ count: string }>(sql);
  return Number(rows[0]!.count);
}

/** Runs `work` in a transaction with `app.tenant_id` set locally, and always rolls it back. */
async function asTenant<T>(tenant: string, work: () => Promise<T>): Promise<T> {
  await app.query('BEGIN');
  try {
    await app.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenant]);
    return await work();
  } finally {
    await app.query('ROLLBACK');
  }
}

describe('row-level security on the app role connection', () => {
  it('shows no rows at all when no tenant is set, although the tables are full', async () => {
    expect(await count(owner, `SELECT count(*) FROM "Customer"`)).toBe(2380);
    for (const table of [...TENANT_TABLES, 'Tenant']) {
      expect(await count(app, `SELECT count(*) FROM "${table}"`), table).toBe(0);
    }
  });

  it("shows only acme's rows in every tenant table while app.tenant_id is 'acme'", async () => {
    await asTenant('acme', async () => {
      expect(await count(app, `SELECT count(*) FROM "Customer"`)).toBe(50);
      for (const table of TENANT_TABLES) {
        expect(await count(app, `SELECT count(*) FROM "${table}" WHERE "tenantId" = 'demo'`), table).toBe(0);
        expect(await count(app, `SELECT count(*) FROM "${table}" WHERE "tenantId" <> 'acme'`), table).toBe(0);
      }
      const { rows: tenants } = await app.query<{ id: string }>(`SELECT id FROM "Tenant"`);
      expect(tenants.map((tenant) => tenant.id)).toEqual(['acme']);
      expect(await count(app, `SELECT count(*) FROM "ContactPoint"`)).toBeGreaterThan(0);
    });
  });

  it("refuses to insert a demo customer while app.tenant_id is 'acme'", async () => {
    const insert = asTenant('acme', () =>
      app.query(
        `INSERT INTO "Customer" (id, "tenantId", kind, "displayName", audiences, "updatedAt")
         VALUES (gen_random_uuid(), 'demo', 'PERSON', 'Planted by acme', ARRAY['PROSPECT']::"Audience"[], now())`,
      ),
    );
    await expect(insert).rejects.toMatchObject({ code: '42501', message: expect.stringMatching(/row-level security/) });
    expect(await count(owner, `SELECT count(*) FROM "Customer" WHERE "displayName" = 'Planted by acme'`)).toBe(0);
  });

  it("updates and deletes no demo row while app.tenant_id is 'acme'", async () => {
    await asTenant('acme', async () => {
      const updated = await app.query(`UPDATE "Customer" SET "displayName" = 'Renamed by acme' WHERE "tenantId" = 'demo'`);
      expect(updated.rowCount).toBe(0);
      const allUpdated = await app.query(`UPDATE "ContactPoint" SET label = 'touched' WHERE "tenantId" <> 'acme'`);
      expect(allUpdated.rowCount).toBe(0);
      const deleted = await app.query(`DELETE FROM "Consent" WHERE "tenantId" = 'demo'`);
      expect(deleted.rowCount).toBe(0);
    });
    expect(await count(owner, `SELECT count(*) FROM "Customer" WHERE "tenantId" = 'demo'`)).toBe(2330);
  });

  it('forgets the tenant when the transaction ends: the setting is transaction-local', async () => {
    await app.query('BEGIN');
    await app.query(`SELECT set_config('app.tenant_id', 'acme', true)`);
    expect(await count(app, `SELECT count(*) FROM "Customer"`)).toBe(50);
    await app.query('COMMIT');
    expect(await count(app, `SELECT count(*) FROM "Customer"`)).toBe(0);
    const { rows } = await app.query<{ setting: string | null }>(`SELECT current_setting('app.tenant_id', true) AS setting`);
    expect(rows[0]!.setting ?? '').toBe('');
  });

  it('connects as a role that is not superuser, cannot bypass RLS and owns no table', async () => {
    const { rows } = await app.query<{ rolname: string; rolsuper: boolean; rolbypassrls: boolean }>(
      `SELECT rolname, rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user`,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ rolsuper: false, rolbypassrls: false });
    expect(await count(app, `SELECT count(*) FROM pg_tables WHERE tableowner = current_user`)).toBe(0);
    const { rows: forced } = await owner.query<{ relname: string; relrowsecurity: boolean; relforcerowsecurity: boolean }>(
      `SELECT relname, relrowsecurity, relforcerowsecurity FROM pg_class WHERE relname = ANY($1) AND relkind = 'r' ORDER BY relname`,
      [[...TENANT_TABLES, 'Tenant']],
    );
    expect(forced).toHaveLength(TENANT_TABLES.length + 1);
    for (const table of forced) expect(table, table.relname).toMatchObject({ relrowsecurity: true, relforcerowsecurity: true });
  });
});
