import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { discoverPlugins } from '../../src/compose.ts';
import { loadConfig } from '../../src/config.ts';
import { APP_ROLE, prepareDatabase } from '../../src/db/prepare.ts';
import { deriveAppDatabaseUrl, ensureAppRole } from '../../src/db/app-role.ts';
import { withClient, withDatabaseName } from '../../src/db/connections.ts';

/** The app role's password in every test database (roles are cluster-wide). */
export const TEST_APP_PASSWORD = 'nexo-app-test';

export const databaseUrl = withDatabaseName;

export function appUrlFor(ownerUrl: string): string {
  return deriveAppDatabaseUrl(ownerUrl, APP_ROLE, TEST_APP_PASSWORD);
}

/**
 * Migrates and seeds one database, its demo history ending at `seededAt`; every test file then
 * clones it, which takes milliseconds.
 */
export async function prepareTemplateDatabase(adminUrl: string, seededAt: Date): Promise<string> {
  const name = `nexo_template_${process.pid}`;
  await withAdmin(adminUrl, async (admin) => {
    await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    await admin.query(`CREATE DATABASE ${name}`);
  });
  const ownerUrl = databaseUrl(adminUrl, name);
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: ownerUrl, NEXO_APP_DATABASE_URL: appUrlFor(ownerUrl), NEXO_DATA_DIR: await mkdtemp(join(tmpdir(), 'nexo-template-')) });
  await prepareDatabase(config, await discoverPlugins(config), { log: () => {}, clock: { now: () => new Date(seededAt) } });
  await ensureAppRole({ connectionString: ownerUrl, role: APP_ROLE, password: TEST_APP_PASSWORD });
  return name;
}

export async function dropTemplateDatabase(adminUrl: string, name: string): Promise<void> {
  await withAdmin(adminUrl, (admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
}

export const withAdmin = withClient;
