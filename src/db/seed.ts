import { base, en, es, Faker } from '@faker-js/faker';
import { createHash } from 'node:crypto';
import pg from 'pg';
import { systemClock } from '../clock.ts';
import { reactionConsumers } from '../events/reaction-consumers.ts';
import { startAfterHistory } from '../events/reaction-store.ts';
import type { Plugin } from '../plugin-api.ts';
import { insertRows } from './insert-rows.ts';
import { sqlOn } from './sql.ts';
import { factCatalog } from '../facts/fact-catalog.ts';
import { customerMergeParticipants } from '../merge/merge-participants.ts';
import { withSeededRowIds } from '../ids.ts';
import type { SeedContext } from './seed-context.ts';
import { createSeedReporter, type SeedReporter } from './seed-progress.ts';

export interface DemoTenant {
  id: string;
  name: string;
  /** People and organizations together. */
  customers: number;
}

export const DEMO_TENANTS: readonly DemoTenant[] = Object.freeze([
  { id: 'demo', name: 'Demo Retail Group', customers: 2_300 },
  { id: 'acme', name: 'Acme Industrial', customers: 50 },
]);

/** How far back the demo history reaches; the tenants are created at its start. */
const DEMO_HISTORY_YEARS = 3;

// Any fixed number distinct from the migrations' lock: instances starting together seed once.
const SEED_LOCK_KEY = 7_311_843_002;

// Changing it changes every generated row; the per-plugin seeds hang off it.
const DEMO_BASE_SEED = 'nexo-demo-2026';

export interface SeedDemoDataOptions {
  /** Owner connection: it writes under Row-Level Security with the tenant set per transaction. */
  connectionString: string;
  /** Already in dependency order; those without `seed` are skipped. */
  plugins: readonly Plugin[];
  /** Default: DEMO_TENANTS. */
  tenants?: readonly DemoTenant[];
  /**
   * The instant the demo history ends, so the demo looks alive on whatever day it is seeded. The
   * content (people, sequences, amounts) is the same for any instant; only its dates follow it.
   * Default: the system clock's now.
   */
  now?: Date;
  /** Live bars on stderr when it is a terminal. Default false: one line per step through `log`. */
  progress?: boolean;
  /** Default: writes to stderr. */
  log?: (line: string) => void;
}

export interface SeedDemoDataResult {
  /** False when demo data was already there (not a first start). */
  seeded: boolean;
  tenants: string[];
  seconds: number;
}

/**
 * Writes the demo tenants on first start: when none of them exists yet. Each tenant is one
 * transaction, so a tenant is either fully seeded or absent. A session advisory lock keeps
 * instances that start together from seeding twice.
 */
export async function seedDemoData(options: SeedDemoDataOptions): Promise<SeedDemoDataResult> {
  const started = performance.now();
  const tenants = options.tenants ?? DEMO_TENANTS;
  const now = options.now ?? systemClock.now();
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const seconds = () => Math.round((performance.now() - started) / 100) / 10;

  // One connection for the lock and every transaction: the lock lives as long as the session.
  const pool = new pg.Pool({ connectionString: options.connectionString, max: 1, options: '-c TimeZone=UTC' });
  try {
    const client = await pool.connect();
    try {
      await client.query('SELECT pg_advisory_lock($1)', [SEED_LOCK_KEY]);
      const ids = tenants.map((tenant) => tenant.id);
      const existing = await existingTenants(client, ids);
      if (existing.length > 0) {
        log(`demo data already present (${existing.join(', ')}); not seeding`);
        return { seeded: false, tenants: [], seconds: seconds() };
      }
      const reporter = createSeedReporter({ bars: Boolean(options.progress && process.stderr.isTTY), log });
      try {
        for (const tenant of tenants) await seedTenant(client, tenant, options.plugins, now, reporter);
      } finally {
        reporter.finish();
      }
      // A bulk load leaves the planner without statistics until autovacuum comes by: until then it
      // would re-run a grouped fact once per customer instead of hashing it once.
      await client.query('ANALYZE');
      log(summarize(ids, reporter.totals(), seconds()));
      return { seeded: true, tenants: ids, seconds: seconds() };
    } finally {
      client.release();
    }
  } finally {
    // Ending the session releases the advisory lock.
    await pool.end();
  }
}

/** RLS hides every tenant but the one in scope, the Tenant table included: ask for each in turn. */
async function existingTenants(client: pg.PoolClient, ids: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  for (const id of ids) {
    await client.query('BEGIN');
    try {
      await client.query("SELECT set_config('app.tenant_id', $1, true)", [id]);
      const { rowCount } = await client.query('SELECT 1 FROM "Tenant" WHERE id = $1', [id]);
      if (rowCount) found.push(id);
    } finally {
      await client.query('COMMIT');
    }
  }
  return found;
}

async function seedTenant(client: pg.PoolClient, tenant: DemoTenant, plugins: readonly Plugin[], now: Date, reporter: SeedReporter): Promise<void> {
  await client.query('BEGIN');
  try {
    // Set first: RLS is forced on tenant tables, so even the owner only writes the tenant in scope.
    await client.query("SELECT set_config('app.tenant_id', $1, true)", [tenant.id]);
    const createdAt = new Date(now);
    createdAt.setUTCFullYear(createdAt.getUTCFullYear() - DEMO_HISTORY_YEARS);
    await client.query('INSERT INTO "Tenant" (id, name, "createdAt") VALUES ($1, $2, $3)', [tenant.id, tenant.name, createdAt.toISOString()]);

    const progress = reporter.forTenant(tenant.id);
    for (const plugin of plugins) {
      if (!plugin.seed) continue;
      const context = seedContextFor(client, { tenantId: tenant.id, customers: tenant.customers, faker: demoFaker(tenant.id, plugin.name, now), plugins, now, progress });
      // Ids an area's own code gives rows (newRowId) follow the seed too: two seeds write the same rows.
      await withSeededRowIds(`${tenant.id}:${plugin.name}`, () => context.now, () => plugin.seed!(context));
    }
    for (const plugin of plugins) {
      if (!plugin.finishSeed) continue;
      const context = seedContextFor(client, { tenantId: tenant.id, customers: tenant.customers, faker: demoFaker(tenant.id, `${plugin.name}:finish`, now), plugins, now, progress });
      await withSeededRowIds(`${tenant.id}:${plugin.name}:finish`, () => context.now, () => plugin.finishSeed!(context));
    }
    // The seeds computed their own state from the history they wrote: reactions start after it.
    await startAfterHistory(client, tenant.id, reactionConsumers(plugins).map((consumer) => consumer.name), now);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw new Error(`Seeding demo tenant "${tenant.id}" failed: ${(error as Error).message}`, { cause: error });
  }
}

/** What a plugin's seed writes through: bulk inserts of its rows and of its history's events, on `client`'s open transaction. */
export function seedContextFor(
  client: pg.PoolClient,
  options: Pick<SeedContext, 'tenantId' | 'customers' | 'faker' | 'progress'> & { now: Date; plugins: readonly Plugin[] },
): SeedContext {
  const { plugins, ...rest } = options;
  const { progress } = options;
  const catalog = factCatalog(plugins, new Set(plugins.flatMap((plugin) => Object.keys(plugin.topics ?? {}))));
  return {
    ...rest,
    enabledPlugins: new Set(plugins.map((plugin) => plugin.name)),
    customerFacts: catalog.facts,
    customerPopulation: catalog.population,
    customerMergeParticipants: customerMergeParticipants(plugins),
    now: new Date(options.now),
    sql: client,
    statements: sqlOn(client),
    async insert(label, table, rows) {
      progress.step(label, rows.length);
      await insertRows(client, table, rows, (count) => progress.advance(count));
    },
    async insertEvents(label, events) {
      const { rows } = await client.query<{ last: string }>('SELECT COALESCE(MAX(position), 0)::text AS last FROM "OutboxEvent"');
      const last = BigInt(rows[0]!.last);
      const outboxRows = events.map((event, index) => {
        const at = typeof event.occurredAt === 'string' ? event.occurredAt : event.occurredAt.toISOString();
        return {
          tenantId: options.tenantId,
          topic: event.topic,
          subjectId: event.subjectId,
          customerId: event.customerId,
          customerNodeId: event.customerNodeId,
          channel: event.channel ?? null,
          kind: event.kind ?? null,
          actorId: event.actorId,
          payload: event.payload,
          occurredAt: at,
          recordedAt: at,
          position: String(last + BigInt(index + 1)),
        };
      });
      progress.step(label, events.length);
      await insertRows(client, 'OutboxEvent', outboxRows, (count) => progress.advance(count));
    },
  };
}

/**
 * A faker per tenant and plugin: a plugin's data depends only on its own code, so adding or
 * changing another plugin's seed leaves it untouched. Spanish first: the demo is a Spanish
 * retailer, with English filling what the Spanish locale lacks.
 */
function demoFaker(tenantId: string, pluginName: string, now: Date): Faker {
  const digest = createHash('sha256').update(`${DEMO_BASE_SEED}:${tenantId}:${pluginName}`).digest();
  return new Faker({
    locale: [es, en, base],
    seed: digest.readUInt32BE(0),
    config: { defaultRefDate: () => new Date(now) },
  });
}

function summarize(tenants: readonly string[], totals: ReadonlyMap<string, number>, seconds: number): string {
  const rows = [...totals].map(([label, count]) => `${count.toLocaleString('en-US')} ${label}`).join(', ');
  return `seeded demo data for ${tenants.length} tenants (${tenants.join(', ')}): ${rows || 'no rows'} in ${seconds}s`;
}
