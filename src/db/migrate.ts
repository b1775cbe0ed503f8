import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';

/** The table recording which migrations a database has received. */
export const MIGRATIONS_TABLE = '_nexo_migrations';

// Any fixed number works as long as every instance uses the same one.
const MIGRATION_LOCK_KEY = 7_311_843_001;

export interface ApplyMigrationsOptions {
  /** Connection of the role that owns the tables (the application role cannot run DDL). */
  connectionString: string;
  /** Folder in Prisma Migrate's format: `<timestamp>_<name>/migration.sql`. */
  migrationsDir: string;
  /** Receives one line per step worth telling an operator. Default: silent. */
  log?: (line: string) => void;
}

export interface MigrationFile {
  /** The folder name, e.g. `20261123070000_init`; migrations apply in the order of these names. */
  name: string;
  path: string;
  sql: string;
  checksum: string;
}

interface AppliedMigration {
  name: string;
  checksum: string;
}

/**
 * Brings the database up to date with `migrationsDir`: every migration not yet recorded runs in its
 * own transaction together with its record in `_nexo_migrations`. A session advisory lock is held
 * for the whole run, so instances starting together apply each migration once; the others wait and
 * then find nothing to do. Refuses to run when history and files disagree.
 */
export async function applyMigrations(options: ApplyMigrationsOptions): Promise<{ applied: string[] }> {
  const log = options.log ?? (() => {});
  const files = await readMigrations(options.migrationsDir);
  const client = new pg.Client({ connectionString: options.connectionString, options: '-c TimeZone=UTC' });
  await client.connect();
  try {
    await acquireMigrationLock(client, log);
    await client.query(`
      CREATE TABLE IF NOT EXISTS ${MIGRATIONS_TABLE} (
        name        text PRIMARY KEY,
        checksum    text NOT NULL,
        applied_at  timestamptz NOT NULL DEFAULT now(),
        duration_ms integer NOT NULL
      )`);
    const history = await readHistory(client);
    assertHistoryMatchesFiles(history, files, options.migrationsDir);

    const recorded = new Set(history.map((migration) => migration.name));
    const pending = files.filter((file) => !recorded.has(file.name));
    for (const migration of pending) {
      const durationMs = await applyOne(client, migration);
      log(`applied migration ${migration.name} (${durationMs} ms)`);
    }
    return { applied: pending.map((migration) => migration.name) };
  } finally {
    // Ending the session releases the advisory lock.
    await client.end();
  }
}

/** Reads the migration folders of `migrationsDir` in the order they apply. */
export async function readMigrations(migrationsDir: string): Promise<MigrationFile[]> {
  let entries;
  try {
    entries = await readdir(migrationsDir, { withFileTypes: true });
  } catch (error) {
    throw new Error(`Cannot read the migrations folder ${migrationsDir}: ${(error as Error).message}`, { cause: error });
  }
  const names = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const path = join(migrationsDir, name, 'migration.sql');
      let sql: string;
      try {
        sql = await readFile(path, 'utf8');
      } catch (error) {
        throw new Error(`Migration folder ${join(migrationsDir, name)} has no readable migration.sql: ${(error as Error).message}`, { cause: error });
      }
      return { name, path, sql, checksum: checksumOf(sql) };
    }),
  );
}

/**
 * SHA-256 of the file with line endings normalised, so that a Windows checkout (CRLF) of an
 * unchanged file is not mistaken for an edit.
 */
export function checksumOf(sql: string): string {
  return createHash('sha256').update(sql.replace(/\r\n/g, '\n')).digest('hex');
}

async function acquireMigrationLock(client: pg.Client, log: (line: string) => void): Promise<void> {
  const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [MIGRATION_LOCK_KEY]);
  if (rows[0]?.locked) return;
  log('another instance is applying migrations; waiting for it to finish');
  await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
}

async function readHistory(client: pg.Client): Promise<AppliedMigration[]> {
  const { rows } = await client.query<AppliedMigration>(`SELECT name, checksum FROM ${MIGRATIONS_TABLE} ORDER BY name`);
  return rows;
}

function assertHistoryMatchesFiles(history: AppliedMigration[], files: MigrationFile[], migrationsDir: string): void {
  const filesByName = new Map(files.map((file) => [file.name, file]));
  for (const applied of history) {
    const file = filesByName.get(applied.name);
    if (!file) {
      throw new Error(
        `The database has migration ${applied.name} applied, but ${join(migrationsDir, applied.name, 'migration.sql')} no longer exists. ` +
          'Restore the file (a migration that has been applied must never be deleted or renamed), ' +
          'or point the server at the database this migrations folder belongs to.',
      );
    }
    if (file.checksum !== applied.checksum) {
      throw new Error(
        `Migration ${file.path} was changed after it was applied to this database (checksum ${applied.checksum.slice(0, 12)}… ` +
          `recorded, ${file.checksum.slice(0, 12)}… on disk). Restore the applied version of the file and put the change ` +
          'in a new migration: npm run migration:new -- <name>.',
      );
    }
  }
}

async function applyOne(client: pg.Client, migration: MigrationFile): Promise<number> {
  const startedAt = performance.now();
  await client.query('BEGIN');
  try {
    await client.query(migration.sql);
    const durationMs = Math.round(performance.now() - startedAt);
    await client.query(`INSERT INTO ${MIGRATIONS_TABLE} (name, checksum, duration_ms) VALUES ($1, $2, $3)`, [
      migration.name,
      migration.checksum,
      durationMs,
    ]);
    await client.query('COMMIT');
    return durationMs;
  } catch (error) {
    // A broken connection cannot roll back, but it aborts the transaction just the same.
    await client.query('ROLLBACK').catch(() => {});
    throw new Error(
      `Migration ${migration.path} failed and was rolled back, so the database is as before it: ${(error as Error).message}`,
      { cause: error },
    );
  }
}
