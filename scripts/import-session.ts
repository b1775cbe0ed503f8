// The command line's side of an import (scripts/import.ts, and the import benchmark): the
// application role's connection to the configured database, one tenant's transactions with the
// profile's and the interactions' events written as the API writes them, and the job's life.
import { resolve } from 'node:path';
import { userInfo } from 'node:os';
import type { Clock } from '../src/clock.ts';
import { discoverPlugins } from '../src/compose.ts';
import type { Config } from '../src/config.ts';
import { connectAppDatabase, type AppDatabase } from '../src/db/client.ts';
import { prepareDatabase } from '../src/db/prepare.ts';
import { sql } from '../src/db/sql.ts';
import { EventWriter } from '../src/events/event-writer.ts';
import { readTenantStatus } from '../src/tenants/tenant-store.ts';
import { checkImportRequest, createImportJob, type ImportRequest } from '../plugins/identity/imports/create-import-job.ts';
import type { ImportScope } from '../plugins/identity/imports/import-scope.ts';
import { fingerprint, runImportJob, type ImportRunResult } from '../plugins/identity/imports/run-import.ts';
import { firstRejectedRows, readImportJob, type ImportJobRow } from '../plugins/identity/store/import-jobs.ts';

export interface ImportSession {
  tenantId: string;
  /** Runs `work` in one transaction of the tenant, as the application role (Row-Level Security applies). */
  transact<T>(work: (scope: ImportScope) => Promise<T>): Promise<T>;
  /** A new job for the file (its mapping and options checked: a ValidationError lists every problem). */
  create(request: ImportRequest, filePath: string): Promise<ImportJobRow>;
  /** The job, to resume; null when the tenant has no such job. */
  job(id: string): Promise<ImportJobRow | null>;
  run(jobId: string, filePath: string, hooks: { onProgress?: (job: ImportJobRow) => void; stopped?: () => boolean; batchSize?: number }): Promise<ImportRunResult>;
  /** The first refused rows of a job, by line. */
  rejectedRows(jobId: string, limit: number): Promise<{ line: number; reason: string }[]>;
  close(): Promise<void>;
}

/**
 * Opens a session on DATABASE_URL (migrations applied and the application role provisioned, as
 * the server does on start; no demo data), for a tenant that must exist.
 */
export async function openImportSession(config: Config, tenantId: string, clock: Clock, log: (line: string) => void): Promise<ImportSession> {
  if (!config.databaseUrl) {
    throw new Error('DATABASE_URL is not set: set it to the owner connection of the database the server uses (the embedded one prints it with `npm start`)');
  }
  const plugins = await discoverPlugins(config);
  const prepared = await prepareDatabase({ ...config, seedDemoData: false }, plugins, { log });
  const database: AppDatabase = connectAppDatabase(prepared.appDatabaseUrl, 2);
  try {
    const status = await readTenantStatus((text, values) => database.pool.query(text, [...values]).then((result) => result.rows), tenantId);
    if (status === null) throw new Error(`There is no tenant "${tenantId}" (npm run tenant -- list)`);
    if (status !== 'ACTIVE') throw new Error(`The tenant "${tenantId}" is disabled`);
  } catch (error) {
    await database.close();
    throw error;
  }
  const actor = `cli:${userInfo().username}`;
  const topics = new Set(plugins.flatMap((plugin) => Object.keys(plugin.topics ?? {})));
  const events = new EventWriter(() => actor, topics, clock);
  const transact = <T>(work: (scope: ImportScope) => Promise<T>) => database.tenantTransactions.run(tenantId, () => work({ sql, tenantId, now: clock.now(), events }));

  return {
    tenantId,
    transact,
    async create(request, filePath) {
      const checked = checkImportRequest(request, []);
      const file = await fingerprint(filePath);
      return transact((scope) => createImportJob(scope, checked, { name: resolve(filePath), bytes: file.bytes, sha256: file.sha256, storedPath: null }, actor));
    },
    job: (id) => transact((scope) => readImportJob(scope, id)),
    run: (jobId, filePath, hooks) => runImportJob({ transact, ...hooks }, jobId, filePath),
    rejectedRows: (jobId, limit) => transact((scope) => firstRejectedRows(scope, jobId, limit)),
    close: () => database.close(),
  };
}
