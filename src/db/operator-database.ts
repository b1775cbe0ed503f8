import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type pg from 'pg';
import type { Config } from '../config.ts';
import { withClient } from './connections.ts';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './embedded.ts';
import { applyMigrations } from './migrate.ts';
import { MIGRATIONS_DIR } from './prepare.ts';

/**
 * Runs an operator's command (scripts/tenant.ts, scripts/token.ts) on the owner connection of the
 * database the server uses: DATABASE_URL when set, otherwise the embedded PostgreSQL under the data
 * dir, the running one when `npm start` is up, else started for the command and stopped after it.
 * Migrations are applied first, as the server would on start, so the command finds what it needs.
 */
export async function withOperatorDatabase<T>(config: Config, work: (client: pg.Client) => Promise<T>, log: (line: string) => void): Promise<T> {
  let embedded: EmbeddedDatabase | undefined;
  let url = config.databaseUrl ?? (await runningEmbeddedUrl(config.dataDir));
  if (url === undefined) {
    if (!existsSync(join(config.dataDir, 'postgres', 'PG_VERSION'))) {
      throw new Error(`No database: DATABASE_URL is not set and ${config.dataDir} holds no embedded PostgreSQL. Run \`npm start\` once, or set DATABASE_URL.`);
    }
    log(`Starting the embedded PostgreSQL in ${config.dataDir}/postgres for this command …`);
    embedded = await startEmbeddedPostgres({ dataDir: config.dataDir });
    url = embedded.url;
  }
  try {
    await applyMigrations({ connectionString: url, migrationsDir: MIGRATIONS_DIR, log });
    return await withClient(url, work);
  } finally {
    await embedded?.stop();
  }
}

/**
 * The superuser URL of the embedded PostgreSQL when it is running (under `npm start`): its port is
 * the fourth line of the cluster's postmaster.pid, its password beside the cluster.
 */
async function runningEmbeddedUrl(dataDir: string): Promise<string | undefined> {
  let lines: string[];
  try {
    lines = (await readFile(join(dataDir, 'postgres', 'postmaster.pid'), 'utf8')).split('\n');
  } catch {
    return undefined;
  }
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || !Number.isInteger(port) || !isRunning(pid)) return undefined;
  const password = (await readFile(join(dataDir, 'postgres.password'), 'utf8')).trim();
  return `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/nexo`;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, but run as another user (the embedded server's own user when we are root).
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
