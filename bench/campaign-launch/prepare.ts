import { settleDisk, vacuumAnalyze } from '../lib/database-settle.ts';
import { say } from '../lib/progress.ts';
import { launchNexo, type NexoProcess } from '../lib/server.ts';
import type { Teardown } from '../lib/teardown.ts';
import { TenantSql } from '../lib/tenant-sql.ts';

export const TENANT = 'demo';

/** What every step of the launch benchmark works with. */
export interface LaunchBench {
  server: NexoProcess;
  ownerUrl: string;
  /** Whether PostgreSQL runs on this machine, so its disk can be waited on. */
  local: boolean;
  /** The demo tenant's rows through the owner's connection, to count what the runner wrote. */
  owner: TenantSql;
  /** A token of the `marketing` role. */
  marketing: string;
  /** Suffix of every name the run gives, so runs on one database are told apart. */
  tag: string;
  size: { customers: number; interactions: number; events: number };
  teardown: Teardown;
}

/** Seeds the demo tenant at `customers`, starts Nexo as `npm start` runs it, and settles the database. */
export async function prepareLaunchBench(options: { databaseUrl: string | undefined; customers: number; tag: string; teardown: Teardown }): Promise<LaunchBench> {
  const { teardown } = options;
  say('preparing the database (migrations, demo data) and starting Nexo …');
  const server = await launchNexo({ databaseUrl: options.databaseUrl, demoCustomers: options.customers, log: say, startTimeoutMs: 300_000 });
  teardown.add('stop the server', () => server.stop());
  const ownerUrl = server.databaseUrls!.owner;
  const local = server.database === 'embedded';
  const size = await vacuumAnalyze(ownerUrl, TENANT);
  await settleDisk(ownerUrl, { local, label: 'writing out the load', timeoutMs: 180_000 });
  say(`Nexo is up at ${server.url} (pid ${server.pid}); tenant demo holds ${size.customers.toLocaleString('en')} customers, ${size.interactions.toLocaleString('en')} interactions`);
  const owner = new TenantSql(ownerUrl, { tenantId: TENANT, poolSize: 1, applicationName: 'nexo-bench-launch' });
  teardown.add('close the owner connection', () => owner.close());
  const marketing = await server.token({ tenant: TENANT, roles: ['marketing'], subject: 'bench-marketer' });
  return { server, ownerUrl, local, owner, marketing, tag: options.tag, size, teardown };
}
