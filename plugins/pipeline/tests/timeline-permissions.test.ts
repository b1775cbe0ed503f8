import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../tests/support/server.ts';
import { readerWithoutSalesPlugin } from '../../../tests/support/reader-without-sales-plugin.ts';
import pipeline from '../plugin.ts';

const salesTopics = new Set(Object.keys(pipeline.topics ?? {}));

// Customer.timeline reads the core's event log, where every area writes. A reader sees only the
// topics of areas its roles may read, as on the activity subscription.

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ extraPlugins: [readerWithoutSalesPlugin] });
});
afterAll(() => server?.stop());

const TIMELINE = /* GraphQL */ `
  query Timeline($id: ID!) { customer(id: $id) { timeline(first: 100) { edges { node { topic } } } } }
`;

async function customerWithSalesEvents(): Promise<string> {
  const { rows } = await server.owner.query<{ nodeId: string }>(`
    SELECT e."customerNodeId" AS "nodeId" FROM "OutboxEvent" e
    WHERE e."tenantId" = 'demo' AND e.topic LIKE 'opportunity.%' AND e."customerNodeId" IS NOT NULL
      AND EXISTS (SELECT 1 FROM "OutboxEvent" o WHERE o."tenantId" = 'demo' AND o."customerId" = e."customerId" AND o.topic NOT LIKE 'opportunity.%' AND o.topic NOT LIKE 'offer.%' AND o.topic NOT LIKE 'lead.%')
    GROUP BY e."customerNodeId" HAVING count(*) < 40 LIMIT 1`);
  return rows[0]!.nodeId;
}

async function topicsAs(id: string, roles: string[]): Promise<string[]> {
  const result = await server.graphql(TIMELINE, { id }, { as: { tenant: 'demo', roles, subject: `reader-${roles[0]}` } });
  expect(result.errors).toBeUndefined();
  return (result.data!.customer.timeline.edges as { node: { topic: string } }[]).map((edge) => edge.node.topic);
}

describe('Customer.timeline and permissions', () => {
  it('shows a service agent the same history as a sales rep, sales events included (the customer 360)', async () => {
    const id = await customerWithSalesEvents();
    const sales = await topicsAs(id, ['sales']);
    expect(sales.some((topic) => salesTopics.has(topic))).toBe(true);
    expect(await topicsAs(id, ['service'])).toEqual(sales);
  });

  it('hides the events of an area the reader cannot read, and still shows the rest', async () => {
    const id = await customerWithSalesEvents();
    const everything = await topicsAs(id, ['service']);
    const unreadable = await topicsAs(id, ['reader-without-sales']);
    expect(unreadable.filter((topic) => salesTopics.has(topic))).toEqual([]);
    expect(unreadable.length).toBeGreaterThan(0);
    expect(unreadable).toEqual(everything.filter((topic) => !salesTopics.has(topic)));
  });
});
