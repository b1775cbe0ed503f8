import { randomBytes } from 'node:crypto';
import { appendFile, cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { deriveAppDatabaseUrl, ensureAppRole } from '../src/db/app-role.ts';
import { applyMigrations, MIGRATIONS_TABLE, readMigrations } from '../src/db/migrate.ts';
import { diffDatabaseToSchema } from '../src/db/schema-engine.ts';
import { withClient } from '../src/db/connections.ts';

const prismaDir = resolve(import.meta.dirname, '../prisma');
const migrationsDir = join(prismaDir, 'migrations');
const adminUrl = inject('adminDatabaseUrl');
const runId = randomBytes(4).toString('hex');

const createdDatabases: string[] = [];
const createdRoles: string[] = [];
const tempDirs: string[] = [];

/** A new empty database on the test server; returns its superuser URL. */
async function createDatabase(purpose: string): Promise<string> {
  const name = `mig_${purpose}_${runId}`;
  await withClient(adminUrl, (client) => client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`));
  createdDatabases.push(name);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function copyOfMigrations(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'nexo-migrations-'));
  tempDirs.push(dir);
  await cp(migrationsDir, dir, { recursive: true });
  return dir;
}

afterAll(async () => {
  await withClient(adminUrl, async (client) => {
    for (const name of createdDatabases) await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`);
    // Privileges die with their databases, so the roles hold nothing any more.
    for (const role of createdRoles) await client.query(`DROP ROLE IF EXISTS ${client.escapeIdentifier(role)}`);
  });
  for (const dir of tempDirs) await rm(dir, { recursive: true, force: true });
});

describe('applying migrations', () => {
  it('produces exactly the Prisma schema (no drift between migrations and schema)', async () => {
    const url = await createDatabase('drift');
    await applyMigrations({ connectionString: url, migrationsDir });

    const diff = await diffDatabaseToSchema({ connectionString: url, prismaDir });

    expect(diff.isEmpty, `The migrations differ from the Prisma schema; run npm run migration:new -- <name>.\n${diff.summary}`).toBe(true);
  });

  it('applies every migration once, and nothing on the second run', async () => {
    const url = await createDatabase('twice');
    const all = (await readMigrations(migrationsDir)).map((migration) => migration.name);

    const first = await applyMigrations({ connectionString: url, migrationsDir });
    const second = await applyMigrations({ connectionString: url, migrationsDir });

    expect(first.applied).toEqual(all);
    expect(second.applied).toEqual([]);
  });

  it('lets two instances start together on one empty database, applying each migration once', async () => {
    const url = await createDatabase('concurrent');
    const all = (await readMigrations(migrationsDir)).map((migration) => migration.name);

    const runs = await Promise.all([
      applyMigrations({ connectionString: url, migrationsDir }),
      applyMigrations({ connectionString: url, migrationsDir }),
    ]);

    expect(runs.flatMap((run) => run.applied).sort()).toEqual(all);
    const recorded = await withClient(url, (client) => client.query<{ name: string }>(`SELECT name FROM ${MIGRATIONS_TABLE} ORDER BY name`));
    expect(recorded.rows.map((row) => row.name)).toEqual(all);
  });

  it('refuses a migration file that changed after it was applied, naming it', async () => {
    const url = await createDatabase('edited');
    const dir = await copyOfMigrations();
    await applyMigrations({ connectionString: url, migrationsDir: dir });
    const [first] = await readMigrations(dir);
    await appendFile(first!.path, '\n-- an afterthought\n');

    await expect(applyMigrations({ connectionString: url, migrationsDir: dir })).rejects.toThrow(
      new RegExp(`${first!.name}.*was changed after it was applied`),
    );
  });

  it('refuses a database that has a migration the folder no longer has', async () => {
    const url = await createDatabase('missing');
    await applyMigrations({ connectionString: url, migrationsDir });
    await withClient(url, (client) =>
      client.query(`INSERT INTO ${MIGRATIONS_TABLE} (name, checksum, duration_ms) VALUES ('29991231000000_from_elsewhere', 'x', 0)`),
    );

    await expect(applyMigrations({ connectionString: url, migrationsDir })).rejects.toThrow(/29991231000000_from_elsewhere.*no longer exists/);
  });

  it('rolls back a failing migration and records nothing of it', async () => {
    const url = await createDatabase('failing');
    const dir = await copyOfMigrations();
    await applyMigrations({ connectionString: url, migrationsDir: dir });
    const broken = '29991231000000_broken';
    await mkdir(join(dir, broken));
    await writeFile(join(dir, broken, 'migration.sql'), 'CREATE TABLE "Leftover" (id int);\nSELECT no_such_function();\n');

    await expect(applyMigrations({ connectionString: url, migrationsDir: dir })).rejects.toThrow(new RegExp(`${broken}.*rolled back`));

    const leftovers = await withClient(url, (client) =>
      client.query(`SELECT to_regclass('public."Leftover"') AS leftover, (SELECT count(*)::int FROM ${MIGRATIONS_TABLE} WHERE name = $1) AS recorded`, [broken]),
    );
    expect(leftovers.rows[0]).toEqual({ leftover: null, recorded: 0 });
  });
});

describe('row-level security', () => {
  it('is enabled, forced and has a policy on every table of tenant data, and on the tenants table', async () => {
    const url = await createDatabase('rls');
    await applyMigrations({ connectionString: url, migrationsDir });

    const { rows } = await withClient(url, (client) =>
      client.query<{ table: string; enabled: boolean; forced: boolean; policies: number }>(`
        SELECT c.relname AS table, c.relrowsecurity AS enabled, c.relforcerowsecurity AS forced,
               (SELECT count(*)::int FROM pg_policy p WHERE p.polrelid = c.oid) AS policies
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
          AND (c.relname = 'Tenant' OR EXISTS (
            SELECT 1 FROM information_schema.columns col
            WHERE col.table_schema = 'public' AND col.table_name = c.relname AND col.column_name = 'tenantId'))
        ORDER BY c.relname`),
    );

    expect(rows.map((row) => row.table)).toEqual(expect.arrayContaining(['Customer', 'OutboxEvent', 'Tenant']));
    const unprotected = rows.filter((row) => !(row.enabled && row.forced && row.policies > 0));
    expect(unprotected).toEqual([]);
  });
});

describe('the application role', () => {
  const role = `mig_app_${runId}`;
  const password = `p@ss:w/o%rd ${runId}`;
  let ownerUrl: string;
  let appUrl: string;

  beforeAll(async () => {
    ownerUrl = await createDatabase('app_role');
    createdRoles.push(role);
    await applyMigrations({ connectionString: ownerUrl, migrationsDir });
    await ensureAppRole({ connectionString: ownerUrl, role, password });
    appUrl = deriveAppDatabaseUrl(ownerUrl, role, password);
    // As superuser, which row-level security does not restrict.
    await withClient(ownerUrl, (client) =>
      client.query(`
        INSERT INTO "Tenant" (id, name) VALUES ('a', 'Tenant A'), ('b', 'Tenant B');
        INSERT INTO "Customer" (id, "tenantId", kind, "displayName", "updatedAt") VALUES
          (gen_random_uuid(), 'a', 'PERSON', 'Ada', now()),
          (gen_random_uuid(), 'a', 'ORGANIZATION', 'Acme', now()),
          (gen_random_uuid(), 'b', 'PERSON', 'Bob', now())`),
    );
  });

  it('is neither superuser nor exempt from RLS, and owns no tables', async () => {
    const { rows } = await withClient(ownerUrl, (client) =>
      client.query(
        `SELECT r.rolsuper, r.rolbypassrls, r.rolcanlogin,
                (SELECT count(*)::int FROM pg_class c WHERE c.relowner = r.oid) AS owned
         FROM pg_roles r WHERE r.rolname = $1`,
        [role],
      ),
    );
    expect(rows[0]).toEqual({ rolsuper: false, rolbypassrls: false, rolcanlogin: true, owned: 0 });
  });

  it('connects with the derived URL, even with URL-unsafe characters in the password', async () => {
    const user = await withClient(appUrl, (client) => client.query<{ user: string }>('SELECT current_user AS user'));
    expect(user.rows[0]!.user).toBe(role);
  });

  it('sees no rows when no tenant is set', async () => {
    const { rows } = await withClient(appUrl, (client) => client.query('SELECT * FROM "Customer"'));
    expect(rows).toEqual([]);
  });

  it("sees only the set tenant's rows", async () => {
    const { rows } = await withClient(appUrl, async (client) => {
      await client.query('BEGIN');
      await client.query("SELECT set_config('app.tenant_id', 'a', true)");
      const result = await client.query<{ tenantId: string; displayName: string }>('SELECT "tenantId", "displayName" FROM "Customer" ORDER BY "displayName"');
      await client.query('COMMIT');
      return result;
    });
    expect(rows).toEqual([
      { tenantId: 'a', displayName: 'Acme' },
      { tenantId: 'a', displayName: 'Ada' },
    ]);
  });

  it("cannot write another tenant's row", async () => {
    const insert = withClient(appUrl, async (client) => {
      await client.query('BEGIN');
      await client.query("SELECT set_config('app.tenant_id', 'a', true)");
      await client.query(`INSERT INTO "Customer" (id, "tenantId", kind, "displayName", "updatedAt") VALUES (gen_random_uuid(), 'b', 'PERSON', 'Mallory', now())`);
    });
    await expect(insert).rejects.toThrow(/row-level security/);
  });

  it('cannot read or change the migration history', async () => {
    const read = withClient(appUrl, (client) => client.query(`SELECT * FROM ${MIGRATIONS_TABLE}`));
    await expect(read).rejects.toThrow(/permission denied/);
  });

  it('is ensured again without harm, with its password kept in sync and new tables granted', async () => {
    const newPassword = `${password} rotated`;
    await withClient(ownerUrl, (client) => client.query('CREATE TABLE "LaterTable" (id int)'));
    const readPassword = () =>
      withClient(ownerUrl, (client) => client.query<{ rolpassword: string }>('SELECT rolpassword FROM pg_authid WHERE rolname = $1', [role]));
    const before = (await readPassword()).rows[0]!.rolpassword;

    await Promise.all([
      ensureAppRole({ connectionString: ownerUrl, role, password: newPassword }),
      ensureAppRole({ connectionString: ownerUrl, role, password: newPassword }),
    ]);

    expect((await readPassword()).rows[0]!.rolpassword).not.toBe(before);
    const rotatedUrl = deriveAppDatabaseUrl(ownerUrl, role, newPassword);
    const later = await withClient(rotatedUrl, (client) => client.query('SELECT count(*)::int AS count FROM "LaterTable"'));
    expect(later.rows[0]).toEqual({ count: 0 });
  });
});
