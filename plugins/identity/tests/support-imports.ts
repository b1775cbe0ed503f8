import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type pg from 'pg';
import { tenantRows } from '../../../tests/support/tenant-rows.ts';

// Helpers of the import tests: files, the command line as a child process, and the tenant's rows.

const repo = resolve(import.meta.dirname, '../../..');
const folder = mkdtemp(join(tmpdir(), 'nexo-import-test-'));
let count = 0;

export async function writeImportFile(name: string, content: string | Buffer): Promise<string> {
  const path = join(await folder, `${(count += 1)}-${name}`);
  await writeFile(path, content);
  return path;
}

export interface Database {
  ownerDatabaseUrl: string;
  appDatabaseUrl: string;
  config: { dataDir: string };
}

/** `npm run import -- …` as a child process on the test server's database. */
export function spawnImport(database: Database, args: readonly string[]): ChildProcess {
  return spawn(process.execPath, [join(repo, 'scripts/import.ts'), ...args], {
    cwd: repo,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'test',
      DATABASE_URL: database.ownerDatabaseUrl,
      NEXO_APP_DATABASE_URL: database.appDatabaseUrl,
      NEXO_DATA_DIR: database.config.dataDir,
      LOG_LEVEL: 'silent',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export async function runImport(database: Database, args: readonly string[]): Promise<{ code: number | null; output: string; jobId: string }> {
  const child = spawnImport(database, args);
  let output = '';
  child.stdout!.on('data', (chunk) => (output += String(chunk)));
  child.stderr!.on('data', (chunk) => (output += String(chunk)));
  const code = await new Promise<number | null>((done) => child.on('close', done));
  return { code, output, jobId: /Import ([0-9a-f-]{36})/.exec(output)?.[1] ?? '' };
}

/** Rows read on the owner connection with the tenant set; the owner may see every tenant, so queries name a key only the test wrote, or the tenant. */
export function rowsOf<Row extends object>(owner: pg.Client, query: string, values: unknown[] = [], tenantId = 'demo'): Promise<Row[]> {
  return tenantRows<Row>(owner, tenantId, query, values);
}

export interface ImportJobState {
  status: string;
  checkpointLine: number;
  created: number;
  updated: number;
  unchanged: number;
  held: number;
  rejected: number;
  failure: string | null;
}

export async function jobState(owner: pg.Client, jobId: string): Promise<ImportJobState> {
  const [job] = await rowsOf<ImportJobState>(
    owner,
    `SELECT status::text, "checkpointLine", created, updated, unchanged, held, rejected, failure FROM "ImportJob" WHERE id = $1::uuid`,
    [jobId],
  );
  return job!;
}

export function counts(job: ImportJobState) {
  return { created: job.created, updated: job.updated, unchanged: job.unchanged, held: job.held, rejected: job.rejected };
}

/**
 * Every row of the tables an import writes (customers and what hangs off them, interactions) and
 * the events other than import progress, in a stable order: what a re-run must leave as it was.
 */
export async function businessSnapshot(owner: pg.Client): Promise<Record<string, unknown[]>> {
  const tables = ['Customer', 'ContactPoint', 'Consent', 'ExternalRef', 'Membership', 'Interaction'];
  const snapshot: Record<string, unknown[]> = {};
  for (const table of tables) snapshot[table] = await rowsOf(owner, `SELECT * FROM "${table}" WHERE "tenantId" = 'demo' ORDER BY id`);
  snapshot.events = await rowsOf(owner, `SELECT id, topic, "subjectId", payload FROM "OutboxEvent" WHERE "tenantId" = 'demo' AND topic <> 'import.progressed' ORDER BY id`);
  return snapshot;
}
