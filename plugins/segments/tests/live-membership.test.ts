import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { manualClock } from '../../../src/plugin-api.ts';
import { subscribeToActivity } from '../../../tests/support/activity-client.ts';
import { REDIS_URL } from '../../../tests/support/redis.ts';
import { startTestServer, type TestServer } from '../../../tests/support/server.ts';
import { CREATE_SEGMENT, customerGlobalIdOf, rowIdOf, tenantRows } from './support.ts';

const RECORD = /* GraphQL */ `
  mutation Record($input: RecordInteractionInput!) {
    recordInteraction(input: $input) { __typename ... on ValidationError { message } }
  }
`;
const SET_LIFECYCLE = /* GraphQL */ `
  mutation SetLifecycle($id: ID!, $lifecycle: Lifecycle!) {
    setLifecycle(id: $id, lifecycle: $lifecycle) { __typename }
  }
`;

// Live membership end to end: a change committed over HTTP moves a customer in or out of a dynamic
// segment, and the entry or exit reaches a graphql-ws subscriber, once, within the 5 s target.
describe('live segment membership', () => {
  const seededAt = new Date(inject('demoSeededAt'));
  const clock = manualClock(seededAt);
  let first: TestServer;
  let second: TestServer;

  beforeAll(async () => {
    // Two instances deliver each other's events through Redis, which every machine of this project runs.
    const environment = { NEXO_BACKGROUND_JOBS: 'true', NEXO_REDIS_URL: REDIS_URL };
    first = await startTestServer({ clock, environment, reactionPollIntervalMs: 250 });
    second = await startTestServer({ clock, environment, reactionPollIntervalMs: 250, shareDatabaseWith: first });
  }, 60_000);
  afterAll(async () => {
    await second?.stop();
    await first?.stop();
  });

  /** The first event of this segment a subscriber receives (demo segments move the customer too), within 5 s. */
  async function waitForSegment(subscriber: Awaited<ReturnType<typeof subscribeToActivity>>, segmentId: string) {
    const deadline = performance.now() + 5_000;
    for (;;) {
      const event = subscriber.received.find((received) => received.payload.segmentId === segmentId);
      if (event) return event;
      if (performance.now() > deadline) throw new Error(`no event of segment ${segmentId} within 5 s (${subscriber.received.length} others)`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  /** A live person of the demo tenant with no purchase over the last 30 days. */
  async function customerWithoutRecentPurchase(): Promise<{ id: string; kind: string }> {
    const rows = await tenantRows<{ id: string; kind: string }>(
      first.owner,
      'demo',
      `SELECT c.id::text, c.kind::text FROM "Customer" c
       WHERE c."tenantId" = 'demo' AND c."archivedAt" IS NULL AND c.kind = 'PERSON' AND c.lifecycle = 'ACTIVE'
         AND NOT EXISTS (SELECT 1 FROM "Interaction" i WHERE i."customerId" = c.id AND i.kind = 'PURCHASE' AND i."occurredAt" >= $1::timestamp(3) - interval '30 days')
       ORDER BY c.id LIMIT 1`,
      [seededAt],
    );
    return rows[0]!;
  }

  it('a purchase recorded over HTTP makes the customer enter, delivered once with two instances running', async () => {
    const customer = await customerWithoutRecentPurchase();
    const customerId = customerGlobalIdOf(customer.kind, customer.id);
    const created = await first.graphql(CREATE_SEGMENT, {
      input: {
        name: 'Bought in the last 30 days',
        kind: 'DYNAMIC',
        rule: { fact: { fact: 'interactions.count', operator: 'AT_LEAST', number: 1, window: { lastDays: 30 }, filters: [{ name: 'kind', values: ['PURCHASE'] }] } },
      },
    });
    expect(created.data?.createSegment.__typename).toBe('SegmentPayload');
    const segment = created.data!.createSegment.segment;
    expect(segment.movesWithTime).toBe(true);
    const expectedSize = await tenantRows<{ count: number }>(
      first.owner,
      'demo',
      `SELECT count(DISTINCT i."customerId")::int AS count FROM "Interaction" i JOIN "Customer" c ON c.id = i."customerId"
       WHERE c."tenantId" = 'demo' AND c."archivedAt" IS NULL AND i.kind = 'PURCHASE' AND i."occurredAt" >= $1::timestamp(3) - interval '30 days'`,
      [seededAt],
    );
    expect(segment.size).toBe(expectedSize[0]!.count);

    const token = await first.token({ roles: ['marketing'] });
    const onFirst = await subscribeToActivity(first.url, token, { filter: { topics: ['segment.entered'], customerId } });
    const onSecond = await subscribeToActivity(second.url, token, { filter: { topics: ['segment.entered'], customerId } });
    const started = performance.now();
    const recorded = await second.graphql(RECORD, {
      input: {
        customerId,
        channel: 'POINT_OF_SALE',
        direction: 'INBOUND',
        kind: 'PURCHASE',
        amount: '19.90',
        currency: 'EUR',
        occurredAt: seededAt.toISOString(),
        source: 'segments-test',
        externalId: 'live-entry-1',
      },
    });
    expect(recorded.data?.recordInteraction.__typename).toBe('RecordInteractionPayload');
    const entered = await waitForSegment(onFirst, segment.id);
    expect(entered.receivedAt - started).toBeLessThan(5_000);
    expect(entered.payload).toMatchObject({ segmentId: segment.id, segmentName: 'Bought in the last 30 days', source: 'RULE' });
    await waitForSegment(onSecond, segment.id);
    // Both instances react and poll: give a duplicate the time to appear before counting.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const stays = await tenantRows<{ count: number }>(
      first.owner,
      'demo',
      `SELECT count(*)::int AS count FROM "SegmentMembership" WHERE "tenantId" = 'demo' AND "segmentId" = $1::uuid AND "customerId" = $2::uuid`,
      [rowIdOf(segment.id), customer.id],
    );
    expect(stays[0]!.count).toBe(1);
    const events = await tenantRows<{ count: number }>(
      first.owner,
      'demo',
      `SELECT count(*)::int AS count FROM "OutboxEvent" WHERE "tenantId" = 'demo' AND topic = 'segment.entered' AND "customerId" = $1::uuid AND payload->>'segmentId' = $2`,
      [customer.id, segment.id],
    );
    expect(events[0]!.count).toBe(1);
    expect(onFirst.received.filter((event) => event.payload.segmentId === segment.id)).toHaveLength(1);
    await onFirst.close();
    await onSecond.close();
  }, 30_000);

  it('a profile change makes the customer exit, and the stay keeps its history', async () => {
    const customer = await customerWithoutRecentPurchase();
    const customerId = customerGlobalIdOf(customer.kind, customer.id);
    const created = await first.graphql(CREATE_SEGMENT, {
      input: { name: 'Active people', kind: 'DYNAMIC', rule: { all: [{ fact: { fact: 'profile.lifecycle', operator: 'EQUALS', text: 'ACTIVE' } }, { fact: { fact: 'profile.kind', operator: 'EQUALS', text: 'PERSON' } }] } },
    });
    expect(created.data?.createSegment.__typename).toBe('SegmentPayload');
    expect(created.data!.createSegment.segment.movesWithTime).toBe(false);
    const onFirst = await subscribeToActivity(first.url, await first.token(), { filter: { topics: ['segment.exited'], customerId } });
    const started = performance.now();
    const changed = await first.graphql(SET_LIFECYCLE, { id: customerId, lifecycle: 'LOST' });
    expect(changed.data?.setLifecycle.__typename).toBe('CustomerPayload');
    const exited = await waitForSegment(onFirst, created.data!.createSegment.segment.id);
    expect(exited.receivedAt - started).toBeLessThan(5_000);
    expect(exited.payload).toMatchObject({ segmentName: 'Active people' });
    const stays = await tenantRows<{ enteredAt: Date; exitedAt: Date | null }>(
      first.owner,
      'demo',
      `SELECT m."enteredAt", m."exitedAt" FROM "SegmentMembership" m JOIN "Segment" s ON s.id = m."segmentId" WHERE s."tenantId" = 'demo' AND s.name = 'Active people' AND m."customerId" = $1::uuid`,
      [customer.id],
    );
    expect(stays).toHaveLength(1);
    expect(stays[0]!.exitedAt).not.toBeNull();
    await onFirst.close();
  }, 30_000);
});
