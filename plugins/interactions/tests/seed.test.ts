import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../tests/support/server.ts';
import { seedTenantThenRollBack } from '../../../tests/support/seed-tenant.ts';
import profile from '../../profile/plugin.ts';
import interactions from '../plugin.ts';

// The demo history: realistic enough to be worth looking at (seasons, weekly rhythms, a long tail
// of busy customers, complaints after purchases, local currencies), consistent with the API's own
// rules, with one timeline event per interaction, and the same every time it is seeded.

let server: TestServer;
let owner: pg.Client;

// The instant the template's demo history ends (tests/support/global-setup.ts).
const DEMO_NOW = new Date(inject('demoSeededAt'));

beforeAll(async () => {
  server = await startTestServer();
  owner = server.owner;
});
afterAll(() => server?.stop());

async function one<Row extends Record<string, any>>(sql: string, parameters: unknown[] = []): Promise<Row> {
  return (await owner.query<Row>(sql, parameters)).rows[0]!;
}

describe('demo interactions', () => {
  it('gives the demo tenant tens of thousands of interactions over two years, and acme a proportionate few', async () => {
    const counts = await owner.query<{ tenantId: string; n: number; first: Date; last: Date }>(
      `SELECT "tenantId", count(*)::int AS n, min("occurredAt") AS first, max("occurredAt") AS last FROM "Interaction"
       WHERE source NOT LIKE 'test%' GROUP BY 1 ORDER BY 1`,
    );
    const [acme, demo] = counts.rows;
    // The history ends when the demo is seeded, so its size moves a little with the moment it is seeded.
    expect(demo!.n).toBeGreaterThanOrEqual(20_000);
    expect(demo!.n).toBeLessThanOrEqual(40_000);
    expect(acme!.n).toBeGreaterThan(demo!.n * (50 / 2_300) * 0.4);
    expect(acme!.n).toBeLessThan(demo!.n * (50 / 2_300) * 2.5);
    expect(demo!.first.getTime()).toBeGreaterThanOrEqual(DEMO_NOW.getTime() - 731 * 86_400_000);
    expect(demo!.last.getTime()).toBeLessThanOrEqual(DEMO_NOW.getTime());

    const variety = await one(`SELECT count(DISTINCT channel)::int AS channels, count(DISTINCT kind)::int AS kinds FROM "Interaction" WHERE "tenantId" = 'demo'`);
    // Every channel and kind but the campaigns' own (their contacts: post, and CAMPAIGN_CONTACT) comes from this area's demo.
    expect(variety).toEqual({ channels: 15, kinds: 9 });
  });

  it('writes one interaction.recorded event per interaction, shaped like the live one, so timelines show the history', async () => {
    const matched = await one(
      `SELECT count(*)::int AS interactions,
              count(e.id)::int AS events,
              count(*) FILTER (WHERE e."customerId" = i."customerId" AND e."occurredAt" = i."occurredAt" AND e.channel = i.channel::text
                AND e.kind = i.kind::text
                -- A campaign's contacts are emitted by whoever launched it (the demo's marketer), not an agent.
                AND (e."actorId" IS NOT DISTINCT FROM i."agentId" OR i.kind = 'CAMPAIGN_CONTACT')
                AND e."customerNodeId" = encode(convert_to(CASE c.kind WHEN 'PERSON' THEN 'Person:' ELSE 'Organization:' END || c.id::text, 'UTF8'), 'base64')
                AND e.payload->>'externalId' = i."externalId" AND e.payload->>'amount' IS NOT DISTINCT FROM i.amount::text)::int AS consistent
       FROM "Interaction" i JOIN "Customer" c ON c.id = i."customerId"
       LEFT JOIN "OutboxEvent" e ON e.topic = 'interaction.recorded' AND e."subjectId" = encode(convert_to('Interaction:' || i.id::text, 'UTF8'), 'base64')
       WHERE i."tenantId" = 'demo'`,
    );
    expect(matched.events).toBe(matched.interactions);
    expect(matched.consistent).toBe(matched.interactions);
    const extra = await one(`SELECT count(*)::int AS n FROM "OutboxEvent" WHERE topic = 'interaction.recorded' AND "tenantId" = 'demo'`);
    expect(extra.n).toBe(matched.interactions);

    // A live event, for the shape to compare with.
    const { id, kind } = await one(`SELECT id::text, kind::text FROM "Customer" WHERE "tenantId" = 'demo' ORDER BY id LIMIT 1`);
    const customerId = Buffer.from(`${kind === 'PERSON' ? 'Person' : 'Organization'}:${id}`).toString('base64');
    const live = await server.graphql(
      `mutation ($input: RecordInteractionInput!) { recordInteraction(input: $input) { ... on RecordInteractionPayload { interaction { id } } } }`,
      { input: { customerId, channel: 'WEB', direction: 'INBOUND', kind: 'PURCHASE', occurredAt: server.clock.now().toISOString(), amount: '12.30', currency: 'EUR', source: 'testseed', externalId: 'shape' } },
    );
    const liveEvent = await one(`SELECT payload FROM "OutboxEvent" WHERE "subjectId" = $1`, [live.data!.recordInteraction.interaction.id]);
    const seededPurchase = await one(`SELECT payload FROM "OutboxEvent" WHERE "tenantId" = 'demo' AND kind = 'PURCHASE' AND "actorId" IS NULL ORDER BY id LIMIT 1`);
    expect(Object.keys(seededPurchase.payload).sort()).toEqual(Object.keys(liveEvent.payload).sort());
    expect(seededPurchase.payload.amount).toMatch(/^\d+\.\d{2}$/);
    expect(liveEvent.payload.amount).toBe('12.30');
  });

  it('follows the seasons: December and the summer sales sell far more than February and September', async () => {
    const { rows } = await owner.query<{ month: string; n: number }>(
      `SELECT to_char("occurredAt", 'YYYY-MM') AS month, count(*)::int AS n FROM "Interaction"
       WHERE "tenantId" = 'demo' AND kind = 'PURCHASE' GROUP BY 1`,
    );
    const purchases = Object.fromEntries(rows.map((row) => [row.month, row.n]));
    // The latest of each month the history holds whole, whatever day the demo was seeded.
    const latestWhole = (month: number) => {
      const end = new Date(DEMO_NOW);
      let year = end.getUTCFullYear();
      if (Date.UTC(year, month, 1) > end.getTime()) year -= 1;
      return `${year}-${String(month).padStart(2, '0')}`;
    };
    expect(purchases[latestWhole(12)]).toBeGreaterThan(1.8 * purchases[latestWhole(2)]!);
    expect(purchases[latestWhole(7)]).toBeGreaterThan(1.4 * purchases[latestWhole(9)]!);
  });

  it('follows the week: shops are busiest on Saturdays and nearly empty on Sundays, the call center keeps office hours', async () => {
    const shop = await one(
      `SELECT count(*) FILTER (WHERE extract(isodow FROM "occurredAt" + interval '1 hour') = 6)::int AS saturday,
              count(*) FILTER (WHERE extract(isodow FROM "occurredAt" + interval '1 hour') = 7)::int AS sunday,
              count(*) FILTER (WHERE extract(isodow FROM "occurredAt" + interval '1 hour') = 2)::int AS tuesday
       FROM "Interaction" i JOIN "Customer" c ON c.id = i."customerId" WHERE i."tenantId" = 'demo' AND c.country = 'ES' AND i.channel = 'POINT_OF_SALE'`,
    );
    expect(shop.saturday).toBeGreaterThan(1.5 * shop.tuesday);
    expect(shop.sunday).toBeLessThan(0.5 * shop.tuesday);

    // Spanish customers' calls, in Spanish (winter) time: 9:00 to 21:00, never on Sundays.
    const calls = await one(
      `SELECT count(*)::int AS calls,
              count(*) FILTER (WHERE extract(hour FROM "occurredAt" + interval '1 hour') BETWEEN 9 AND 20
                AND extract(isodow FROM "occurredAt" + interval '1 hour') < 7)::int AS "inOfficeHours"
       FROM "Interaction" i JOIN "Customer" c ON c.id = i."customerId"
       WHERE i."tenantId" = 'demo' AND c.country = 'ES' AND i.channel IN ('CALL_CENTER_INBOUND', 'CALL_CENTER_OUTBOUND')`,
    );
    expect(calls.calls).toBeGreaterThan(500);
    expect(calls.inOfficeHours).toBe(calls.calls);
  });

  it('has a long tail: most customers have a few interactions, some have hundreds', async () => {
    const spread = await one(
      `SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY n)::int AS median, max(n)::int AS max,
              count(*) FILTER (WHERE n >= 100)::int AS hundreds, count(*) FILTER (WHERE n <= 3)::int AS few, count(*)::int AS customers
       FROM (SELECT c.id, count(i.id) AS n FROM "Customer" c LEFT JOIN "Interaction" i ON i."customerId" = c.id WHERE c."tenantId" = 'demo' GROUP BY c.id) per_customer`,
    );
    expect(spread.median).toBeLessThanOrEqual(8);
    expect(spread.max).toBeGreaterThanOrEqual(200);
    expect(spread.hundreds).toBeGreaterThanOrEqual(10);
    expect(spread.few / spread.customers).toBeGreaterThan(0.3);
  });

  it('files most complaints within weeks of a purchase they name, and scores surveys after a complaint lower', async () => {
    const complaints = await one(
      `SELECT count(*)::int AS complaints,
              count(*) FILTER (WHERE EXISTS (
                SELECT 1 FROM "Interaction" p WHERE p."tenantId" = 'demo' AND p."customerId" = i."customerId" AND p.kind = 'PURCHASE' AND p."externalId" = i.metadata->>'relatedExternalId'
                  AND p."occurredAt" < i."occurredAt" AND p."occurredAt" > i."occurredAt" - interval '32 days'))::int AS "afterPurchase"
       FROM "Interaction" i WHERE i."tenantId" = 'demo' AND i.kind = 'COMPLAINT'`,
    );
    expect(complaints.complaints).toBeGreaterThan(300);
    expect(complaints.afterPurchase / complaints.complaints).toBeGreaterThan(0.7);

    const scores = await one(
      `SELECT avg("surveyScore") FILTER (WHERE complained)::float AS "afterComplaint", avg("surveyScore") FILTER (WHERE NOT complained)::float AS otherwise
       FROM (SELECT s."surveyScore", EXISTS (SELECT 1 FROM "Interaction" c WHERE c."tenantId" = 'demo' AND c."customerId" = s."customerId" AND c.kind = 'COMPLAINT'
               AND c.metadata->>'relatedExternalId' = s.metadata->>'relatedExternalId') AS complained
             FROM "Interaction" s WHERE s."tenantId" = 'demo' AND s.kind = 'SURVEY_RESPONSE') surveys`,
    );
    // The margin holds for any seeding day: the draws follow the calendar (seasons, weekdays), so the figures vary a little with it.
    expect(scores.afterComplaint).toBeLessThan(scores.otherwise - 1.5);
  });

  it("prices purchases in the customer's currency, and obeys the rules the API enforces", async () => {
    const { rows } = await owner.query<{ country: string; currency: string }>(
      `SELECT DISTINCT c.country, i.currency FROM "Interaction" i JOIN "Customer" c ON c.id = i."customerId"
       WHERE i."tenantId" = 'demo' AND i.kind = 'PURCHASE' AND c.country IN ('ES', 'MX', 'CO', 'AR', 'US') ORDER BY 1`,
    );
    expect(rows).toEqual([
      { country: 'AR', currency: 'ARS' },
      { country: 'CO', currency: 'COP' },
      { country: 'ES', currency: 'EUR' },
      { country: 'MX', currency: 'MXN' },
      { country: 'US', currency: 'USD' },
    ]);

    const broken = await one(
      `SELECT count(*) FILTER (WHERE kind = 'PURCHASE' AND "productLines" IS NOT NULL AND abs(amount - (
                SELECT sum((line->>'quantity')::numeric * (line->>'unitPrice')::numeric) FROM jsonb_array_elements("productLines") line)) > 0.01)::int AS "linesNotAddingUp",
              count(*) FILTER (WHERE kind = 'PURCHASE' AND (amount IS NULL OR amount < 0 OR currency IS NULL))::int AS "purchasesWithoutAmount",
              count(*) FILTER (WHERE kind <> 'PURCHASE' AND (amount IS NOT NULL OR currency IS NOT NULL))::int AS "amountsElsewhere",
              count(*) FILTER (WHERE kind = 'SURVEY_RESPONSE' AND ("surveyScore" IS NULL OR "surveyScore" NOT BETWEEN 0 AND 10))::int AS "badScores",
              count(*) FILTER (WHERE kind <> 'SURVEY_RESPONSE' AND "surveyScore" IS NOT NULL)::int AS "scoresElsewhere",
              count(*) FILTER (WHERE source !~ '^[a-z0-9][a-z0-9_.-]*$' OR length(summary) > 2000)::int AS "badText"
       FROM "Interaction" WHERE "tenantId" = 'demo'`,
    );
    expect(broken).toEqual({ linesNotAddingUp: 0, purchasesWithoutAmount: 0, amountsElsewhere: 0, badScores: 0, scoresElsewhere: 0, badText: 0 });
  });

  it('is deterministic: seeding the same customers twice writes the same interactions and events', async () => {
    const fingerprints = [];
    for (const tenantId of ['seedcheck-a', 'seedcheck-b']) fingerprints.push(await seedAndFingerprint(tenantId, 120));
    expect(fingerprints[0]!.interactions).toBeGreaterThan(500);
    expect(fingerprints[1]).toEqual(fingerprints[0]);
  });
});

/** Seeds a small tenant with the profile and interactions seeds in a transaction that is rolled back. */
async function seedAndFingerprint(tenantId: string, customers: number) {
  return seedTenantThenRollBack(owner, { tenantId, customers, now: new Date(DEMO_NOW), plugins: [[profile, 11], [interactions, 22]] }, async () => {
    // Everything but the tenant, which differs by construction.
    return await one(
      `SELECT (SELECT count(*)::int FROM "Interaction" WHERE "tenantId" = $1) AS interactions,
              (SELECT md5(string_agg(concat_ws('|', id, "customerId", channel, direction, kind, "occurredAt", summary, "agentId", metadata::text,
                 amount, currency, "productLines"::text, "surveyScore", source, "externalId", "recordedAt"), E'\\n' ORDER BY id))
               FROM "Interaction" WHERE "tenantId" = $1) AS rows,
              (SELECT md5(string_agg(concat_ws('|', "subjectId", "customerId", "customerNodeId", channel, kind, "actorId", payload::text, "occurredAt", "recordedAt"), E'\\n' ORDER BY id))
               FROM "OutboxEvent" WHERE "tenantId" = $1) AS events`,
      [tenantId],
    );
  });
}
