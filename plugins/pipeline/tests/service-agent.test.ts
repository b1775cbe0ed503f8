import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../tests/support/server.ts';

// The customer 360 a service agent opens shows the customer's open deals (README: Sales, "Who may
// do what"): the `service` role reads the pipeline, and changes nothing in it.

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

const SERVICE = { tenant: 'demo', roles: ['service'], subject: 'agent-sara' };
const SALES = { tenant: 'demo', roles: ['sales'], subject: 'rep-olga' };

const CUSTOMER_360 = /* GraphQL */ `
  query Customer360($id: ID!) {
    customer(id: $id) {
      displayName
      openPipelineValue { currency count amount weightedAmount }
      opportunities(first: 50, statuses: [OPEN]) { totalCount edges { node { id name stage amount currency } } }
    }
  }
`;

async function customerWithOpenDeals(): Promise<{ nodeId: string; customerId: string; open: number }> {
  const { rows } = await server.owner.query<{ customerId: string; kind: string; open: number }>(`
    SELECT o."customerId"::text AS "customerId", c.kind::text AS kind, count(*)::int AS open
    FROM "Opportunity" o JOIN "Customer" c ON c.id = o."customerId"
    WHERE o."tenantId" = 'demo' AND o."closedAt" IS NULL
    GROUP BY o."customerId", c.kind HAVING count(*) BETWEEN 2 AND 50 AND count(o.amount) > 0 ORDER BY o."customerId" LIMIT 1`);
  const row = rows[0]!;
  const nodeId = Buffer.from(`${row.kind === 'PERSON' ? 'Person' : 'Organization'}:${row.customerId}`).toString('base64');
  return { nodeId, customerId: row.customerId, open: row.open };
}

describe('a service agent and the pipeline', () => {
  it("reads the customer's open deals and openPipelineValue, as a sales rep sees them", async () => {
    const { nodeId, open } = await customerWithOpenDeals();
    const asService = await server.graphql(CUSTOMER_360, { id: nodeId }, { as: SERVICE });
    expect(asService.errors).toBeUndefined();
    const customer = asService.data!.customer;
    expect(customer.opportunities.totalCount).toBe(open);
    expect(customer.opportunities.edges).toHaveLength(open);
    expect(customer.openPipelineValue.length).toBeGreaterThan(0);
    expect(customer.openPipelineValue.reduce((sum: number, total: { count: number }) => sum + total.count, 0)).toBe(open);

    const asSales = await server.graphql(CUSTOMER_360, { id: nodeId }, { as: SALES });
    expect(asSales.errors).toBeUndefined();
    expect(customer).toEqual(asSales.data!.customer);
  });

  it('cannot open or move a deal: a ForbiddenError, and the pipeline tables are unchanged', async () => {
    const { nodeId, customerId } = await customerWithOpenDeals();
    const counts = async () =>
      (
        await server.owner.query<{ opportunities: number; changes: number; stages: string }>(
          `SELECT (SELECT count(*)::int FROM "Opportunity" WHERE "tenantId" = 'demo') AS opportunities,
                  (SELECT count(*)::int FROM "OpportunityStageChange" WHERE "tenantId" = 'demo') AS changes,
                  (SELECT string_agg(stage::text, ',' ORDER BY id) FROM "Opportunity" WHERE "customerId" = $1) AS stages`,
          [customerId],
        )
      ).rows[0];
    const before = await counts();

    const created = await server.graphql(
      `mutation($input: CreateOpportunityInput!) { createOpportunity(input: $input) { __typename ... on Error { code } } }`,
      { input: { customerId: nodeId, name: 'Service agent deal', currency: 'EUR', expectedCloseDate: '2030-01-31' } },
      { as: SERVICE },
    );
    expect(created.errors).toBeUndefined();
    expect(created.data!.createOpportunity).toEqual({ __typename: 'ForbiddenError', code: 'FORBIDDEN' });

    const deal = (await server.graphql(CUSTOMER_360, { id: nodeId }, { as: SERVICE })).data!.customer.opportunities.edges[0].node;
    const moved = await server.graphql(
      `mutation($input: MoveOpportunityInput!) { moveOpportunity(input: $input) { __typename ... on Error { code } } }`,
      { input: { id: deal.id, stage: 'NEGOTIATION' } },
      { as: SERVICE },
    );
    expect(moved.errors).toBeUndefined();
    expect(moved.data!.moveOpportunity).toEqual({ __typename: 'ForbiddenError', code: 'FORBIDDEN' });

    expect(await counts()).toEqual(before);
  });
});
