import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { discoverPlugins } from '../src/compose.ts';
import { MIGRATIONS_DIR } from '../src/db/prepare.ts';
import { applyMigrations } from '../src/db/migrate.ts';
import { seedDemoData } from '../src/db/seed.ts';
import { databaseUrl, withAdmin } from './support/template.ts';

const TABLES = ['Tenant', 'Customer', 'ContactPoint', 'Consent', 'ExternalRef', 'Membership', 'Ticket', 'TicketMessage', 'TicketStatusChange', 'TicketEscalation', 'Segment', 'Campaign', 'CampaignRun', 'CampaignRecipient', 'CampaignConversion', 'Interaction'];
const created: string[] = [];

async function freshSeededDatabase(): Promise<string> {
  const adminUrl = inject('adminDatabaseUrl');
  const name = `nexo_seed_${randomBytes(4).toString('hex')}`;
  await withAdmin(adminUrl, (admin) => admin.query(`CREATE DATABASE ${name}`));
  created.push(name);
  const url = databaseUrl(adminUrl, name);
  await applyMigrations({ connectionString: url, migrationsDir: MIGRATIONS_DIR });
  const plugins = await discoverPlugins({ pluginsDir: new URL('../plugins', import.meta.url).pathname, enabledPlugins: undefined });
  // The same instant for every seed: the rows depend on it, and this compares two seeds.
  const result = await seedDemoData({ connectionString: url, plugins, now: new Date(inject('demoSeededAt')), log: () => {} });
  expect(result.seeded).toBe(true);
  return url;
}

async function fingerprint(url: string): Promise<Record<string, { rows: number; md5: string }>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result: Record<string, { rows: number; md5: string }> = {};
    for (const table of TABLES) {
      const { rows } = await client.query(`SELECT count(*)::int AS rows, md5(coalesce(string_agg(t::text, '|' ORDER BY t.id), '')) AS md5 FROM "${table}" t`);
      result[table] = rows[0];
    }
    return result;
  } finally {
    await client.end();
  }
}

afterAll(async () => {
  const adminUrl = inject('adminDatabaseUrl');
  for (const name of created) await withAdmin(adminUrl, (admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
});

describe('demo data', () => {
  it('is deterministic: two seeds of empty databases write identical rows', async () => {
    const [first, second] = [await freshSeededDatabase(), await freshSeededDatabase()];
    const [a, b] = [await fingerprint(first), await fingerprint(second)];
    expect(a).toEqual(b);
    expect(a.Customer!.rows).toBe(2_380);
    // Two whole seeds on two cores: about 40 s, most of it the segments' twelve weeks of history.
  }, 120_000);

  it('gives demo 2,030 people (30 of them from the demo import) and 300 organizations with varied, valid profiles, and acme about 50 customers', async () => {
    const client = new pg.Client({ connectionString: databaseUrl(inject('adminDatabaseUrl'), created[0]!) });
    await client.connect();
    try {
      const counts = await client.query(`SELECT "tenantId", kind, count(*)::int AS n FROM "Customer" GROUP BY 1, 2 ORDER BY 1, kind::text`);
      expect(counts.rows).toEqual([
        { tenantId: 'acme', kind: 'ORGANIZATION', n: expect.any(Number) },
        { tenantId: 'acme', kind: 'PERSON', n: expect.any(Number) },
        { tenantId: 'demo', kind: 'ORGANIZATION', n: 300 },
        { tenantId: 'demo', kind: 'PERSON', n: 2030 },
      ]);
      const variety = await client.query(`
        SELECT count(DISTINCT country)::int AS countries, count(DISTINCT lifecycle)::int AS lifecycles,
               count(DISTINCT a)::int AS audiences, count(*) FILTER (WHERE "birthDate" > now())::int AS future_births
        FROM "Customer", unnest(audiences) a WHERE "tenantId" = 'demo'`);
      expect(variety.rows[0]).toMatchObject({ lifecycles: 3, audiences: 7, future_births: 0 });
      expect(variety.rows[0].countries).toBeGreaterThanOrEqual(5);
      const phones = await client.query(`SELECT count(*) FILTER (WHERE value !~ '^\\+[1-9][0-9]{6,14}$')::int AS not_e164 FROM "ContactPoint" WHERE kind = 'PHONE'`);
      expect(phones.rows[0].not_e164).toBe(0);
      const members = await client.query(`SELECT count(DISTINCT "personId")::int AS n FROM "Membership" WHERE "tenantId" = 'demo'`);
      expect(members.rows[0].n).toBeGreaterThan(300);
    } finally {
      await client.end();
    }
  });
});
