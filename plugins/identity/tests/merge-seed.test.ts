import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { definePlugin, manualClock, type SeedContext } from '../../../src/plugin-api.ts';
import { startTestServer, type TestServer } from '../../../tests/support/server.ts';
import { seedTenantThenRollBack } from '../../../tests/support/seed-tenant.ts';
import interactions from '../../interactions/plugin.ts';
import profile from '../../profile/plugin.ts';
import { seedDemoMerge } from '../merging/seed-merge.ts';

// The demo's merge: a seed merges the likeliest duplicate pair through every participant, on SQL
// only, and writes its event as history. Here on a tenant of its own, rolled back afterwards.

describe('the demo merge', () => {
  const now = new Date(inject('demoSeededAt'));
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ clock: manualClock(now) });
  });
  afterAll(() => server?.stop());

  it('merges the likeliest pair as history: an alias, its rows moved, the merge recorded, one event', async () => {
    const tenantId = 'merge-seed';
    const owner = server.owner as pg.ClientBase;
    let pair: { older: { id: string; interactions: number }; newer: { id: string; interactions: number } } | null = null;
    // Stands in for identity's seed: the matching seed would have found these two alike (and a
    // weaker pair, which must not be merged), then the demo merge runs.
    const demo = definePlugin({
      name: 'merge-demo',
      description: 'The demo merge, after a pair found by hand.',
      register() {},
      async seed(context: SeedContext) {
        const { rows: people } = await context.sql.query<{ id: string; interactions: number }>(
          `SELECT c.id::text AS id, (SELECT count(*)::int FROM "Interaction" i WHERE i."customerId" = c.id) AS interactions
           FROM "Customer" c WHERE c."tenantId" = $1 AND c.kind = 'PERSON' ORDER BY c.id LIMIT 3`,
          [tenantId],
        );
        const [older, newer, other] = people;
        await context.sql.query(
          `INSERT INTO "DuplicatePair" ("tenantId", "customerA", "customerB", score, signals, "computedAt")
           VALUES ($1, $2, $3, 12.5, '[]', $5), ($1, $2, $4, 3.0, '[]', $5)`,
          [tenantId, older!.id, newer!.id, other!.id, now.toISOString()],
        );
        pair = { older: older!, newer: newer! };
        await seedDemoMerge(context);
      },
    });
    const found = await seedTenantThenRollBack(owner, { tenantId, customers: 40, now, plugins: [[profile, 1], [interactions, 2], [demo, 3]] }, async () => {
      const { older, newer } = pair!;
      const { rows: merges } = await owner.query(`SELECT "survivorId"::text, "mergedIds"::text[], status::text, "mergedBy", "mergedAt" FROM "CustomerMerge" WHERE "tenantId" = $1`, [tenantId]);
      const { rows: customers } = await owner.query(`SELECT id::text, "mergedIntoId"::text, "archivedAt" IS NOT NULL AS archived FROM "Customer" WHERE id = ANY($1::uuid[]) ORDER BY id`, [
        [older.id, newer.id],
      ]);
      const { rows: moved } = await owner.query(`SELECT count(*)::int AS count FROM "Interaction" WHERE "customerId" = $1`, [older.id]);
      const { rows: events } = await owner.query(`SELECT topic, "customerId"::text, "actorId", position IS NOT NULL AS positioned FROM "OutboxEvent" WHERE "tenantId" = $1 AND topic LIKE 'customer.%merged'`, [tenantId]);
      return { older, newer, merges, customers, moved: moved[0].count, events };
    });

    expect(found.merges).toEqual([
      { survivorId: found.older.id, mergedIds: [found.newer.id], status: 'MERGED', mergedBy: 'demo-data-steward', mergedAt: new Date(now.getTime() - 86_400_000) },
    ]);
    expect(found.customers).toEqual([
      { id: found.older.id, mergedIntoId: null, archived: false },
      { id: found.newer.id, mergedIntoId: found.older.id, archived: true },
    ]);
    expect(found.moved).toBe(found.older.interactions + found.newer.interactions);
    expect(found.events).toEqual([{ topic: 'customer.merged', customerId: found.older.id, actorId: 'demo-data-steward', positioned: true }]);
  });
});
