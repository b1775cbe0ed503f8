import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { subscribeToActivity } from '../../../tests/support/activity-client.ts';
import { startTestServer, type TestServer } from '../../../tests/support/server.ts';

// The interactions area seen live and on the customer's timeline, through the core's event log.

let server: TestServer;
let customerId: string;
beforeAll(async () => {
  server = await startTestServer();
  const list = await server.graphql(`{ customers(first: 1, filter: { kind: PERSON }) { edges { node { id } } } }`);
  customerId = list.data!.customers.edges[0].node.id;
});
afterAll(() => server?.stop());

const RECORD = /* GraphQL */ `
  mutation Record($input: RecordInteractionInput!) {
    recordInteraction(input: $input) { __typename ... on RecordInteractionPayload { interaction { id } } ... on Error { message } }
  }
`;

let sequence = 0;
function complaintCall() {
  sequence += 1;
  return {
    customerId,
    channel: 'CALL_CENTER_INBOUND',
    direction: 'INBOUND',
    kind: 'COMPLAINT',
    occurredAt: server.clock.now().toISOString(),
    summary: `Delivery arrived damaged (${sequence})`,
    source: 'callcenter',
    externalId: `live-${process.pid}-${sequence}`,
  };
}

describe('interactions, live and on the timeline', () => {
  it("reaches a subscriber of that customer's activity within a second, with channel, kind and payload", async () => {
    const subscriber = await subscribeToActivity(server.url, await server.token(), { filter: { customerId } });
    try {
      const sent = performance.now();
      const input = complaintCall();
      const recorded = await server.graphql(RECORD, { input });
      expect(recorded.data!.recordInteraction.__typename).toBe('RecordInteractionPayload');
      const [event] = await subscriber.waitFor(1, 1_000);
      expect(event!.receivedAt - sent).toBeLessThan(1_000);
      expect(event).toMatchObject({
        topic: 'interaction.recorded',
        customerId,
        channel: 'CALL_CENTER_INBOUND',
        kind: 'COMPLAINT',
        payload: { summary: input.summary, source: 'callcenter', externalId: input.externalId, direction: 'INBOUND' },
      });
    } finally {
      await subscriber.close();
    }
  });

  it("puts recorded interactions on the customer's timeline, filterable by channel and kind", async () => {
    const input = complaintCall();
    await server.graphql(RECORD, { input });
    const timeline = await server.graphql(
      `query($id: ID!) { customer(id: $id) { timeline(first: 5, channels: ["CALL_CENTER_INBOUND"], kinds: ["COMPLAINT"]) { edges { node { topic channel kind payload } } } } }`,
      { id: customerId },
    );
    const entries = timeline.data!.customer.timeline.edges.map((edge: any) => edge.node);
    expect(entries[0]).toMatchObject({ topic: 'interaction.recorded', channel: 'CALL_CENTER_INBOUND', kind: 'COMPLAINT', payload: { summary: input.summary } });
    expect(entries.every((entry: any) => entry.channel === 'CALL_CENTER_INBOUND' && entry.kind === 'COMPLAINT')).toBe(true);
  });

  it('shows the seeded two-year history on timelines, newest first', async () => {
    const result = await server.graphql(
      `query($id: ID!, $until: DateTime) { customer(id: $id) { timeline(first: 50, until: $until) { edges { node { topic occurredAt } } } } }`,
      { id: customerId, until: inject('demoSeededAt') },
    );
    const dates = result.data!.customer.timeline.edges.map((edge: any) => Date.parse(edge.node.occurredAt));
    expect(dates.length).toBeGreaterThan(0);
    expect(dates).toEqual([...dates].sort((a, b) => b - a));
  });
});
