import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { appUrlFor, databaseUrl, withAdmin } from './template.ts';
import { tenantRows } from './tenant-rows.ts';

/** A database of a test file's own, cloned from the seeded template, with no server in front of it. */
export interface ScratchDatabase {
  /** The app role's connection string: Row-Level Security applies, as it does for Nexo. */
  appUrl: string;
  /** An owner connection, to look at the database from outside the app (closed by `drop`). */
  owner: pg.Client;
  /** Reads as the owner inside a transaction of `tenantId`: what is committed, whatever the app holds open. */
  committed<Row extends pg.QueryResultRow>(tenantId: string, text: string, values?: unknown[]): Promise<Row[]>;
  drop(): Promise<void>;
}

/** For tests of the data layer itself: `startTestServer` is the way in for everything else. */
export async function createScratchDatabase(): Promise<ScratchDatabase> {
  const adminUrl = inject('adminDatabaseUrl');
  const name = `nexo_scratch_${randomBytes(5).toString('hex')}`;
  await withAdmin(adminUrl, (admin) => admin.query(`CREATE DATABASE ${name} TEMPLATE ${inject('templateDatabase')}`));
  const ownerUrl = databaseUrl(adminUrl, name);
  const owner = new pg.Client({ connectionString: ownerUrl, options: '-c TimeZone=UTC' });
  await owner.connect();
  // Dropping the database ends this connection from the server side.
  owner.on('error', () => {});
  return {
    appUrl: appUrlFor(ownerUrl),
    owner,
    committed<Row extends pg.QueryResultRow>(tenantId: string, text: string, values: unknown[] = []) {
      return tenantRows<Row>(owner, tenantId, text, values);
    },
    async drop() {
      await owner.end();
      await withAdmin(adminUrl, (admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}
