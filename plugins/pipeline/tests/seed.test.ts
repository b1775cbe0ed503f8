import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CreateOpportunity, MoveOpportunity } from '../../../tests/documents/pipeline.ts';
import { startTestServer, type TestServer } from '../../../tests/support/server.ts';
import { seedTenantThenRollBack } from '../../../tests/support/seed-tenant.ts';
import profile from '../../profile/plugin.ts';
import pipeline from '../plugin.ts';
import { globalId } from './support.ts';

// The sales demo: a few hundred deals over two years, spread over stages and owners, each with a
// history the API itself could have written, offers that add up to the deals they won, and the
// events of all of it — the same every time, and in proportion to the tenant's size.

let server: TestServer;
// The instant the template's demo history ends (tests/support/global-setup.ts).
const DEMO_NOW = new Date(inject('demoSeededAt'));

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

async function one<Row extends Record<string, any>>(sql: string, parameters: unknown[] = []): Promise<Row> {
  return (await server.owner.query<Row>(sql, parameters)).rows[0]!;
}

describe('the demo pipeline', () => {
  it('has a few hundred deals in every stage, for every rep, in several currencies; acme a proportionate few', async () => {
    const demo = await one(
      `SELECT count(*)::int AS deals, count(DISTINCT stage)::int AS stages, count(DISTINCT "ownerId")::int AS owners, count(DISTINCT currency)::int AS currencies,
              count(*) FILTER (WHERE "closedAt" IS NULL)::int AS open, count(*) FILTER (WHERE stage = 'CLOSED_WON')::int AS won,
              min("createdAt") AS first
       FROM "Opportunity" WHERE "tenantId" = 'demo' AND name NOT LIKE 'Test%'`,
    );
    expect(demo.deals).toBeGreaterThanOrEqual(300);
    expect(demo.deals).toBeLessThanOrEqual(450);
    expect(demo).toMatchObject({ stages: 9, owners: 6 });
    expect(demo.currencies).toBeGreaterThanOrEqual(3);
    expect(demo.open).toBeGreaterThan(demo.deals * 0.25);
    expect(demo.won).toBeGreaterThan(demo.deals * 0.1);
    expect(demo.first.getTime()).toBeGreaterThanOrEqual(DEMO_NOW.getTime() - 730 * 86_400_000);
    const acme = await one(`SELECT count(*)::int AS deals FROM "Opportunity" WHERE "tenantId" = 'acme'`);
    expect(acme.deals).toBeGreaterThanOrEqual(3);
    expect(acme.deals).toBeLessThanOrEqual(20);
  });

  it('gives every deal a history the API could have written: from nothing, move by move, to where it stands', async () => {
    const broken = await one(
      `WITH steps AS (
         SELECT h.*, lag(h."toStage") OVER w AS previous, lag(h."changedAt") OVER w AS "previousAt", row_number() OVER w AS step,
                count(*) OVER (PARTITION BY h."opportunityId") AS steps
         FROM "OpportunityStageChange" h WHERE h."tenantId" = 'demo'
         WINDOW w AS (PARTITION BY h."opportunityId" ORDER BY h."changedAt", h.id)
       )
       SELECT (SELECT count(*) FROM steps WHERE (step = 1) <> ("fromStage" IS NULL) OR (step > 1 AND "fromStage" <> previous) OR "changedAt" < "previousAt")::int AS "brokenChains",
              (SELECT count(*) FROM "Opportunity" o WHERE o."tenantId" = 'demo' AND NOT EXISTS (SELECT 1 FROM steps s WHERE s."opportunityId" = o.id AND s.step = s.steps AND s."toStage" = o.stage AND s."changedAt" = o."stageEnteredAt"))::int AS "wrongEnds",
              (SELECT count(*) FROM "Opportunity" o WHERE o."tenantId" = 'demo' AND ((o.stage IN ('CLOSED_WON', 'CLOSED_LOST')) <> (o."closedAt" IS NOT NULL) OR (o."closedAt" IS NOT NULL AND o."closedAt" <> o."stageEnteredAt")))::int AS "wrongClosing",
              (SELECT count(*) FROM "Opportunity" o WHERE o."tenantId" = 'demo' AND o.stage = 'CLOSED_WON' AND (o.amount IS NULL OR o.amount <= 0))::int AS "wonWithoutAmount",
              (SELECT count(*) FROM "Opportunity" o WHERE o."tenantId" = 'demo' AND (o.stage = 'CLOSED_LOST') <> (o."lostReason" IS NOT NULL))::int AS "lostReasons",
              (SELECT count(*) FROM "Opportunity" o WHERE o."tenantId" = 'demo' AND o."closedAt" > $1)::int AS "closedInTheFuture"`,
      [DEMO_NOW],
    );
    expect(broken).toEqual({ brokenChains: 0, wrongEnds: 0, wrongClosing: 0, wonWithoutAmount: 0, lostReasons: 0, closedInTheFuture: 0 });
  });

  it("has won deals whose amount is their accepted offer's total, as the API would compute it", async () => {
    const result = await server.graphql(`{ opportunities(first: 100, filter: { statuses: [WON] }) { totalCount edges { node { amount offers { status total } } } } }`);
    const deals = result.data!.opportunities.edges.map((edge: { node: { amount: string; offers: { status: string; total: string }[] } }) => edge.node);
    expect(deals.length).toBeGreaterThan(20);
    for (const deal of deals) {
      const accepted = deal.offers.filter((offer: { status: string }) => offer.status === 'ACCEPTED');
      expect(accepted).toHaveLength(1);
      expect(accepted[0].total).toBe(deal.amount);
    }
  });

  it('writes the events of the history, shaped like the live ones', async () => {
    const counts = await one(
      `SELECT (SELECT count(*) FROM "Opportunity" WHERE "tenantId" = 'demo')::int AS deals,
              (SELECT count(*) FROM "OpportunityStageChange" WHERE "tenantId" = 'demo')::int AS changes,
              (SELECT count(*) FROM "OutboxEvent" WHERE "tenantId" = 'demo' AND topic = 'opportunity.created')::int AS created,
              (SELECT count(*) FROM "OutboxEvent" WHERE "tenantId" = 'demo' AND topic IN ('opportunity.stageChanged', 'opportunity.won', 'opportunity.lost'))::int AS moves,
              (SELECT count(*) FROM "OutboxEvent" WHERE "tenantId" = 'demo' AND topic ~ '^(opportunity|lead|offer|agenda)\\.' AND position IS NULL)::int AS unpositioned`,
    );
    expect(counts).toEqual({ deals: counts.created, changes: counts.created + counts.moves, created: counts.deals, moves: counts.changes - counts.deals, unpositioned: 0 });

    const { rows } = await server.owner.query(`SELECT id::text FROM "Customer" WHERE "tenantId" = 'demo' AND kind = 'ORGANIZATION' ORDER BY id LIMIT 1`);
    const created = await server.graphql(CreateOpportunity, {
      input: { customerId: globalId('Organization', rows[0].id), name: 'Shape', currency: 'EUR', amount: '1', expectedCloseDate: '2027-01-01' },
    });
    const dealId = (created.data!.createOpportunity as { opportunity: { id: string } }).opportunity.id;
    await server.graphql(MoveOpportunity, { input: { id: dealId, stage: 'CLOSED_LOST', lostReason: 'PRICE' } });
    for (const topic of ['opportunity.created', 'opportunity.lost']) {
      const live = await one(`SELECT payload FROM "OutboxEvent" WHERE "subjectId" = $1 AND topic = $2`, [dealId, topic]);
      const seeded = await one(`SELECT payload, "customerNodeId" FROM "OutboxEvent" WHERE "tenantId" = 'demo' AND topic = $1 ORDER BY id LIMIT 1`, [topic]);
      expect(Object.keys(seeded.payload).sort()).toEqual(Object.keys(live.payload).sort());
      expect(seeded.customerNodeId).toEqual(expect.any(String));
    }
  });

  it('links qualified leads to their deal and its customer', async () => {
    const leads = await one(
      `SELECT count(*) FILTER (WHERE l.status = 'QUALIFIED')::int AS qualified,
              count(*) FILTER (WHERE l.status = 'QUALIFIED' AND (o.id IS NULL OR o."customerId" <> l."customerId"))::int AS unlinked,
              count(DISTINCT l.status)::int AS statuses, count(DISTINCT l.source)::int AS sources
       FROM "Lead" l LEFT JOIN "Opportunity" o ON o.id = l."opportunityId" WHERE l."tenantId" = 'demo'`,
    );
    expect(leads.qualified).toBeGreaterThan(10);
    expect(leads).toMatchObject({ unlinked: 0, statuses: 4 });
    expect(leads.sources).toBeGreaterThanOrEqual(5);
  });

  it('is the same every time, and in proportion to the size of the tenant', async () => {
    const small = [await seedAndFingerprint('pipeline-seed-a', 300), await seedAndFingerprint('pipeline-seed-b', 300)];
    expect(small[1]).toEqual(small[0]);
    const large = await seedAndFingerprint('pipeline-seed-c', 1_200);
    expect(small[0]!.deals).toBeGreaterThanOrEqual(40);
    expect(large.deals / small[0]!.deals).toBeGreaterThan(3);
    expect(large.deals / small[0]!.deals).toBeLessThan(5);
  });
});

/** Seeds a tenant with the profile and sales seeds in a transaction that is rolled back, and fingerprints the sales rows. */
async function seedAndFingerprint(tenantId: string, customers: number) {
  return seedTenantThenRollBack(server.owner, { tenantId, customers, now: new Date(DEMO_NOW), plugins: [[profile, 11], [pipeline, 33]] }, async () => {
    // Everything but the tenant, which differs by construction.
    const fingerprint = (table: string, columns: string) => `(SELECT md5(string_agg(concat_ws('|', ${columns}), E'\\n' ORDER BY id)) FROM "${table}" WHERE "tenantId" = $1)`;
    return await one(
      `SELECT (SELECT count(*)::int FROM "Opportunity" WHERE "tenantId" = $1) AS deals,
              ${fingerprint('Opportunity', 'id, "customerId", name, stage, amount, currency, "expectedCloseDate", "ownerId", probability, "closedAt", "createdAt"')} AS opportunities,
              ${fingerprint('OpportunityStageChange', 'id, "opportunityId", "fromStage", "toStage", "changedAt"')} AS history,
              ${fingerprint('OfferLine', 'id, "offerId", "productId", quantity, "unitPrice", "discountPercent"')} AS lines,
              ${fingerprint('Lead', 'id, status, email, "opportunityId"')} AS leads,
              ${fingerprint('SalesActivity', 'id, kind, "dueAt", status')} AS agenda,
              (SELECT md5(string_agg(concat_ws('|', topic, "subjectId", "customerId", payload::text, "occurredAt"), E'\\n' ORDER BY "occurredAt", "subjectId", topic))
               FROM "OutboxEvent" WHERE "tenantId" = $1) AS events`,
      [tenantId],
    );
  });
}
