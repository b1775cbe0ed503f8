import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../tests/support/server.ts';
import pipeline from './plugin.ts';

const salesTopics = new Set(Object.keys(pipeline.topics ?? {}));

// Customer.timeline reads the core's event log, where every area writes. A reader sees only the
// topics of areas its roles may read, as on the activity subscription: deal amounts are not for
// the service desk.

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

const TIMELINE = /* GraphQL */ `
  query Timeline($id: ID!) { customer(id: $id) { timeline(first: 100) { edges { node { topic } } } } }
`;

describe('Customer.timeline and permissions', () => {
  it('shows sales events to a sales rep and hides them from a service agent, who still sees the rest', async () => {
    const { rows } = await server.owner.query<{ nodeId: string }>(`
      SELECT e."customerNodeId" AS "nodeId" FROM "OutboxEvent" e
      WHERE e."tenantId" = 'demo' AND e.topic LIKE 'opportunity.%' AND e."customerNodeId" IS NOT NULL
        AND EXISTS (SELECT 1 FROM "OutboxEvent" o WHERE o."tenantId" = 'demo' AND o."customerId" = e."customerId" AND o.topic NOT LIKE 'opportunity.%' AND o.topic NOT LIKE 'offer.%' AND o.topic NOT LIKE 'lead.%')
      GROUP BY e."customerNodeId" HAVING count(*) < 40 LIMIT 1`);
    const id = rows[0]!.nodeId;
    const topicsAs = async (roles: string[]) => {
      const result = await server.graphql(TIMELINE, { id }, { as: { tenant: 'demo', roles, subject: `reader-${roles[0]}` } });
      expect(result.errors).toBeUndefined();
      return (result.data!.customer.timeline.edges as { node: { topic: string } }[]).map((edge) => edge.node.topic);
    };
    const sales = await topicsAs(['sales']);
    const service = await topicsAs(['service']);
    expect(sales.some((topic) => topic.startsWith('opportunity.'))).toBe(true);
    expect(service.filter((topic) => salesTopics.has(topic))).toEqual([]);
    expect(service.length).toBeGreaterThan(0);
    expect(service).toEqual(sales.filter((topic) => !salesTopics.has(topic)));
  });
});
