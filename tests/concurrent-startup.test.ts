import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { buildApp, type App } from '../src/app.ts';
import { discoverPlugins } from '../src/compose.ts';
import { loadConfig } from '../src/config.ts';
import { prepareDatabase } from '../src/db/prepare.ts';
import { ensureAppRole } from '../src/db/app-role.ts';
import { APP_ROLE } from '../src/db/prepare.ts';
import { appUrlFor, databaseUrl, TEST_APP_PASSWORD, withAdmin } from './support/template.ts';
import { TEST_JWT_SECRET } from './support/server.ts';

const adminUrl = inject('adminDatabaseUrl');
const database = `nexo_race_${randomBytes(4).toString('hex')}`;
const apps: App[] = [];

afterAll(async () => {
  for (const app of apps) await app.stop();
  await withAdmin(adminUrl, (admin) => admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`));
});

describe('two instances started at the same moment on one empty database', () => {
  it('both come up: migrations and demo seeding happen once, under database locks', async () => {
    await withAdmin(adminUrl, (admin) => admin.query(`CREATE DATABASE ${database}`));
    const ownerUrl = databaseUrl(adminUrl, database);
    const dataDir = await mkdtemp(join(tmpdir(), 'nexo-race-'));
    const startInstance = async () => {
      const config = loadConfig({ NODE_ENV: 'test', PORT: '0', DATABASE_URL: ownerUrl, NEXO_APP_DATABASE_URL: appUrlFor(ownerUrl), NEXO_JWT_SECRET: TEST_JWT_SECRET, NEXO_DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
      const plugins = await discoverPlugins(config);
      const prepared = await prepareDatabase(config, plugins);
      // The app role exists cluster-wide already; this grants it the new database's tables.
      await ensureAppRole({ connectionString: ownerUrl, role: APP_ROLE, password: TEST_APP_PASSWORD });
      const app = await buildApp(config, { plugins });
      apps.push(app);
      await app.start();
      return { app, prepared };
    };

    const [first, second] = await Promise.all([startInstance(), startInstance()]);
    expect([first.prepared.seeded, second.prepared.seeded].filter(Boolean)).toHaveLength(1);
    expect([...first.prepared.migrationsApplied, ...second.prepared.migrationsApplied].length).toBeGreaterThan(0);

    const owner = new pg.Client({ connectionString: ownerUrl });
    await owner.connect();
    try {
      const migrations = await owner.query(`SELECT name, count(*)::int AS n FROM _nexo_migrations GROUP BY name`);
      expect(migrations.rows.every((row) => row.n === 1)).toBe(true);
      const customers = await owner.query(`SELECT "tenantId", count(*)::int AS n FROM "Customer" GROUP BY 1 ORDER BY 1`);
      expect(customers.rows).toEqual([
        { tenantId: 'acme', n: 50 },
        { tenantId: 'demo', n: 2330 },
      ]);
    } finally {
      await owner.end();
    }
    for (const { app } of [first, second]) {
      const health = await fetch(app.url.replace('/graphql', '/readyz'));
      expect(health.status).toBe(200);
    }
    // A whole demo seed, with the segments' twelve weeks of history, while a second instance waits on its lock.
  }, 90_000);
});
