import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { systemClock, type Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { Plugin } from '../plugin-api.ts';
import { deriveAppDatabaseUrl, ensureAppRole } from './app-role.ts';
import { applyMigrations } from './migrate.ts';
import { seedDemoData } from './seed.ts';

export const MIGRATIONS_DIR = resolve(import.meta.dirname, '../../prisma/migrations');
export const APP_ROLE = 'nexo_app';

export interface PreparedDatabase {
  /** The connection the application uses: the non-owner role, under RLS. */
  appDatabaseUrl: string;
  migrationsApplied: string[];
  seeded: boolean;
}

/**
 * Brings the owner database up to date (migrations under an advisory lock), provisions the
 * application role unless one is configured, and seeds demo data on first start.
 */
export async function prepareDatabase(
  config: Config,
  plugins: readonly Plugin[],
  options: { log?: (line: string) => void; progress?: boolean; clock?: Clock } = {},
): Promise<PreparedDatabase> {
  const ownerUrl = config.databaseUrl;
  if (!ownerUrl) throw new Error('prepareDatabase needs config.databaseUrl');
  const log = options.log ?? (() => {});
  const { applied } = await applyMigrations({ connectionString: ownerUrl, migrationsDir: MIGRATIONS_DIR, log });

  let appDatabaseUrl = config.appDatabaseUrl;
  if (!appDatabaseUrl) {
    const password = await appRolePassword(config.dataDir);
    await ensureAppRole({ connectionString: ownerUrl, role: APP_ROLE, password });
    appDatabaseUrl = deriveAppDatabaseUrl(ownerUrl, APP_ROLE, password);
  }

  let seeded = false;
  if (config.seedDemoData) {
    const result = await seedDemoData({ connectionString: ownerUrl, plugins, now: (options.clock ?? systemClock).now(), progress: options.progress ?? false, log });
    seeded = result.seeded;
  }
  return { appDatabaseUrl, migrationsApplied: applied, seeded };
}

/** Generated once per data dir; set NEXO_APP_DATABASE_URL to manage the role yourself. */
async function appRolePassword(dataDir: string): Promise<string> {
  const file = join(dataDir, 'app-db.password');
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  await mkdir(dataDir, { recursive: true });
  const password = randomBytes(18).toString('base64url');
  try {
    await writeFile(file, password, { mode: 0o600, flag: 'wx' });
    return password;
  } catch {
    return (await readFile(file, 'utf8')).trim(); // another instance created it first
  }
}
