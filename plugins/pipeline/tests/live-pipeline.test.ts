import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subscribeToActivity } from '../../../tests/support/activity-client.ts';
import { startTestServer, type TestServer, type TokenRequest } from '../../../tests/support/server.ts';
import { readerWithoutSalesPlugin } from '../../../tests/support/reader-without-sales-plugin.ts';
import { CreateOpportunity, MoveOpportunity } from '../../../tests/documents/pipeline.ts';
import { globalId } from './support.ts';

// A dashboard sees a deal move live over graphql-ws, and the customer's timeline keeps the story;
// readers without pipeline:read get neither.

let server: TestServer;
let customerId: string;
const REP: TokenRequest = { tenant: 'demo', roles: ['sales'], subject: 'rep-live' };

beforeAll(async () => {
  server = await startTestServer({ extraPlugins: [readerWithoutSalesPlugin] });
  const { rows } = await server.owner.query(`SELECT id::text FROM "Customer" WHERE "tenantId" = 'demo' AND kind = 'ORGANIZATION' AND "archivedAt" IS NULL ORDER BY id OFFSET 3 LIMIT 1`);
  customerId = globalId('Organization', rows[0].id);
});
afterAll(() => server?.stop());

async function openDeal(): Promise<string> {
  const result = await server.graphql(CreateOpportunity, { input: { customerId, name: 'Store fit-out', currency: 'EUR', amount: '25000', expectedCloseDate: '2027-04-30', stage: 'SHORTLIST' } }, { as: REP });
  return (result.data!.createOpportunity as { opportunity: { id: string } }).opportunity.id;
}

describe('deals, live and on the timeline', () => {
  it("reaches a board watching the customer's deals within a second of the move", async () => {
    const dealId = await openDeal();
    const board = await subscribeToActivity(server.url, await server.token({ roles: ['sales'] }), {
      filter: { customerId, topics: ['opportunity.stageChanged', 'opportunity.won', 'opportunity.lost'] },
    });
    try {
      const sent = performance.now();
      const moved = await server.graphql(MoveOpportunity, { input: { id: dealId, stage: 'NEGOTIATION' } }, { as: REP });
      expect(moved.data!.moveOpportunity.__typename).toBe('OpportunityPayload');
      const [event] = await board.waitFor(1, 1_000);
      expect(event!.receivedAt - sent).toBeLessThan(1_000);
      expect(event).toMatchObject({
        topic: 'opportunity.stageChanged',
        customerId,
        payload: { name: 'Store fit-out', from: 'SHORTLIST', to: 'NEGOTIATION', amount: '25000.00', currency: 'EUR', probability: 80, ownerId: 'rep-live' },
      });
      await server.graphql(MoveOpportunity, { input: { id: dealId, stage: 'CLOSED_WON' } }, { as: REP });
      const events = await board.waitFor(2, 1_000);
      expect(events[1]).toMatchObject({ topic: 'opportunity.won', payload: { from: 'NEGOTIATION', to: 'CLOSED_WON', amount: '25000.00' } });
    } finally {
      await board.close();
    }
  });

  it('keeps stage changes and the won or lost deal on the customer\'s timeline, newest first', async () => {
    const dealId = await openDeal();
    await server.graphql(MoveOpportunity, { input: { id: dealId, stage: 'NEGOTIATION' } }, { as: REP });
    await server.graphql(MoveOpportunity, { input: { id: dealId, stage: 'CLOSED_LOST', lostReason: 'TIMING' } }, { as: REP });
    const result = await server.graphql(`query($id: ID!) { customer(id: $id) { timeline(first: 3) { edges { node { topic subjectId actorId payload } } } } }`, { id: customerId });
    expect(result.data!.customer.timeline.edges.map((edge: { node: unknown }) => edge.node)).toMatchObject([
      { topic: 'opportunity.lost', subjectId: dealId, actorId: 'rep-live', payload: { from: 'NEGOTIATION', to: 'CLOSED_LOST', lostReason: 'TIMING', probability: 0 } },
      { topic: 'opportunity.stageChanged', subjectId: dealId, payload: { from: 'SHORTLIST', to: 'NEGOTIATION' } },
      { topic: 'opportunity.created', subjectId: dealId, payload: { stage: 'SHORTLIST', amount: '25000.00' } },
    ]);
  });

  it('is not delivered to a subscriber whose roles do not read the pipeline', async () => {
    const service = await subscribeToActivity(server.url, await server.token({ roles: ['reader-without-sales'] }), { filter: { customerId } });
    try {
      const dealId = await openDeal();
      await server.graphql(MoveOpportunity, { input: { id: dealId, stage: 'NEGOTIATION' } }, { as: REP });
      // A change this reader may see, after the deal's: once it arrives, the deal's would have too.
      const updated = await server.graphql(`mutation($input: UpdateCustomerInput!) { updateCustomer(input: $input) { __typename } }`, { input: { id: customerId, city: `Soria ${process.pid}-${Math.random().toString(36).slice(2, 8)}` } });
      expect(updated.data!.updateCustomer.__typename).toBe('CustomerPayload');
      const received = await service.waitFor(1, 2_000);
      expect(received.map((event) => event.topic)).toEqual(['customer.updated']);
    } finally {
      await service.close();
    }
  });
});
