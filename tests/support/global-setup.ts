import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { systemClock } from '../../src/clock.ts';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../src/db/embedded.ts';
import { dropTemplateDatabase, prepareTemplateDatabase } from './template.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Superuser URL of the maintenance database of the server the tests use. */
    adminDatabaseUrl: string;
    /** Name of the migrated and seeded database every test database is cloned from. */
    templateDatabase: string;
    /** ISO instant the template's demo history ends at: the "now" of the seeded data. */
    demoSeededAt: string;
  }
}

let embedded: EmbeddedDatabase | undefined;
let cleanup: (() => Promise<void>) | undefined;

/** One PostgreSQL for the whole run: the embedded one, or the server named by DATABASE_URL. */
export async function setup(project: TestProject): Promise<void> {
  let adminUrl: string;
  if (process.env.DATABASE_URL) {
    const url = new URL(process.env.DATABASE_URL);
    url.pathname = '/postgres';
    adminUrl = url.toString();
  } else {
    embedded = await startEmbeddedPostgres({ dataDir: await mkdtemp(join(tmpdir(), 'nexo-test-')), ephemeral: true });
    adminUrl = embedded.adminUrl;
  }
  // The one reading of the system clock in the suite: the demo is seeded as a new user's would be,
  // ending now, and every test reads that instant from here rather than from the clock.
  const seededAt = systemClock.now();
  const template = await prepareTemplateDatabase(adminUrl, seededAt);
  project.provide('demoSeededAt', seededAt.toISOString());
  cleanup = () => dropTemplateDatabase(adminUrl, template);
  project.provide('adminDatabaseUrl', adminUrl);
  project.provide('templateDatabase', template);
}

export async function teardown(): Promise<void> {
  await cleanup?.();
  await embedded?.stop();
}
