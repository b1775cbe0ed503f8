import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { manualClock } from '../../../src/plugin-api.ts';
import { startTestServer, type TestServer } from '../../../tests/support/server.ts';
import { tenantRows } from '../../../tests/support/tenant-rows.ts';
import { DAY, ReturnsFixture, TENANT } from './returns-support.ts';

const RECORD = /* GraphQL */ `
  mutation Record($input: RecordInteractionInput!) {
    recordInteraction(input: $input) { __typename ... on ValidationError { message } }
  }
`;

interface ConvertedEvent {
  customerId: string;
  payload: { campaignId: string; campaignName: string; source: string; sourceId: string; amount: string; currency: string };
}

// campaign.converted end to end: purchases recorded over HTTP reach the campaigns' reaction, which
// emits one event per conversion and campaign that touched the customer within its window.
describe('campaign.converted', () => {
  const now = new Date(new Date(inject('demoSeededAt')).getTime() + 2 * DAY);
  let server: TestServer;
  let inWindow: string;
  let lapsed: string;
  let touched: string;
  let untouched: string;

  beforeAll(async () => {
    server = await startTestServer({ clock: manualClock(now), environment: { NEXO_BACKGROUND_JOBS: 'true' }, reactionPollIntervalMs: 250 });
    const fixture = new ReturnsFixture(server.owner);
    inWindow = await fixture.campaign('Converted: in window', 30, 7);
    lapsed = await fixture.campaign('Converted: window over', 10, 3);
    [touched, untouched] = (await fixture.customers(2)) as [string, string];
    const inWindowRun = await fixture.run(inWindow, 'launch', new Date(now.getTime() - 3 * DAY));
    const lapsedRun = await fixture.run(lapsed, 'launch', new Date(now.getTime() - 40 * DAY));
    await fixture.recipients(inWindow, inWindowRun, 'launch', [touched], 'CONTACTED', new Date(now.getTime() - 3 * DAY));
    await fixture.recipients(lapsed, lapsedRun, 'launch', [touched], 'CONTACTED', new Date(now.getTime() - 40 * DAY));
  }, 240_000);
  afterAll(async () => {
    await server?.stop();
  });

  async function record(customerId: string, kind: string, externalId: string, amount: string | null) {
    const answer = await server.graphql(RECORD, {
      input: {
        customerId: encodeGlobalID('Person', customerId),
        channel: 'POINT_OF_SALE',
        direction: 'INBOUND',
        kind,
        ...(amount ? { amount, currency: 'EUR' } : {}),
        occurredAt: new Date(now.getTime() - 3_600_000).toISOString(),
        source: 'campaigns-test',
        externalId,
      },
    });
    expect(answer.errors).toBeUndefined();
    expect(answer.data!.recordInteraction.__typename).toBe('RecordInteractionPayload');
  }

  const converted = () =>
    tenantRows<ConvertedEvent>(server.owner, TENANT,
      `SELECT "customerId"::text AS "customerId", payload FROM "OutboxEvent" WHERE "tenantId" = $1 AND topic = 'campaign.converted' AND payload->>'campaignId' = ANY($2::text[]) ORDER BY id`,
      [TENANT, [inWindow, lapsed].map((id) => encodeGlobalID('Campaign', id))]);

  async function waitFor(count: number): Promise<ConvertedEvent[]> {
    const deadline = performance.now() + 20_000;
    for (;;) {
      const events = await converted();
      if (events.length >= count) return events;
      if (performance.now() > deadline) throw new Error(`${events.length} campaign.converted events, expected ${count}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  it('emits one event per purchase for the campaign whose window it falls in, none for the lapsed one, the untouched customer or a non-purchase', async () => {
    await record(untouched, 'PURCHASE', 'converted-untouched', '12.00');
    await record(touched, 'COMPLAINT', 'converted-complaint', null);
    await record(touched, 'PURCHASE', 'converted-first', '19.90');
    const [first] = await waitFor(1);
    expect(first!.customerId).toBe(touched);
    expect(first!.payload).toMatchObject({ campaignId: encodeGlobalID('Campaign', inWindow), campaignName: 'Converted: in window', source: 'PURCHASE', amount: '19.90', currency: 'EUR' });
    expect(first!.payload.sourceId.length).toBeGreaterThan(0);

    await record(touched, 'PURCHASE', 'converted-second', '5.00');
    await waitFor(2);
    // The reaction polls every 250 ms: after several rounds, still exactly two.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const events = await converted();
    expect(events.map((event) => [event.payload.campaignId, event.payload.amount])).toEqual([
      [encodeGlobalID('Campaign', inWindow), '19.90'],
      [encodeGlobalID('Campaign', inWindow), '5.00'],
    ]);
    expect(new Set(events.map((event) => event.payload.sourceId)).size).toBe(2);
    const rows = await tenantRows<{ campaignId: string; amount: string }>(server.owner, TENANT,
      `SELECT "campaignId"::text AS "campaignId", amount::text AS amount FROM "CampaignConversion" WHERE "campaignId" = ANY($1::uuid[]) ORDER BY "CampaignConversion".amount DESC`, [[inWindow, lapsed]]);
    expect(rows).toEqual([{ campaignId: inWindow, amount: '19.90' }, { campaignId: inWindow, amount: '5.00' }]);
  });

  it('counts a conversion once when its events come again (the reaction replayed from before them)', async () => {
    const progress = () =>
      tenantRows<{ position: string; last: string }>(server.owner, TENANT,
        `SELECT p.position::text AS position,
                (SELECT max(position) FROM "OutboxEvent" WHERE "tenantId" = $1 AND topic = 'interaction.recorded')::text AS last
         FROM "EventReactionProgress" p WHERE p.consumer = 'campaigns.conversions' AND p."tenantId" = $1`, [TENANT]);
    const [before] = await progress();
    expect(BigInt(before!.position)).toBeGreaterThanOrEqual(BigInt(before!.last));
    // Back to just before this test's first purchase: every one of its events is handed over again.
    await tenantRows(server.owner, TENANT,
      `UPDATE "EventReactionProgress" SET position = (SELECT min(position) - 1 FROM "OutboxEvent" WHERE "tenantId" = $1 AND topic = 'interaction.recorded' AND payload->>'source' = 'campaigns-test')
       WHERE consumer = 'campaigns.conversions' AND "tenantId" = $1`, [TENANT]);
    expect(BigInt((await progress())[0]!.position)).toBeLessThan(BigInt(before!.last));
    const deadline = performance.now() + 20_000;
    while (BigInt((await progress())[0]!.position) < BigInt(before!.last)) {
      if (performance.now() > deadline) throw new Error('the reaction did not catch up within 20 s');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect((await converted()).map((event) => event.payload.amount)).toEqual(['19.90', '5.00']);
  });
});
