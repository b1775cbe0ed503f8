import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../tests/support/server.ts';
import { globalId, rowIdOf, statementsOf } from './support.ts';

// A customer's deals (`Customer.opportunities`) and negotiated discounts (`Customer.discounts`) on
// the seeded demo data: they answer what the raw rows say, page through the promised order, and a
// page of customers costs the same statements whatever its size.

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

const CUSTOMERS_WITH_SALES = /* GraphQL */ `
  query CustomersWithSales($first: Int!) {
    customers(first: $first, filter: { kind: ORGANIZATION }) {
      edges {
        node {
          id
          opportunities(first: 2) { totalCount edges { node { id } } }
          discounts { percent updatedAt product { sku } }
        }
      }
    }
  }
`;

const DEALS = /* GraphQL */ `
  query ($id: ID!, $first: Int, $last: Int, $after: String, $before: String, $statuses: [OpportunityStatus!]) {
    customer(id: $id) {
      opportunities(first: $first, last: $last, after: $after, before: $before, statuses: $statuses) {
        totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { id } }
      }
    }
  }
`;

const CLOSED = `o.stage IN ('CLOSED_WON', 'CLOSED_LOST')`;

/** A customer's deals in the order the field promises, written out again: open ones first, then the latest closed, each by expected close date. */
async function expectedDeals(customerRowId: string, where = 'true'): Promise<string[]> {
  const { rows } = await server.owner.query<{ id: string }>(
    `SELECT o.id::text FROM "Opportunity" o WHERE o."customerId" = $1 AND ${where}
     ORDER BY o."closedAt" DESC NULLS FIRST, o."expectedCloseDate", o.id`,
    [customerRowId],
  );
  return rows.map((row) => globalId('Opportunity', row.id));
}

/** A customer's discounts as the field shows them: the general one first, then per product. */
async function expectedDiscounts(customerRowId: string): Promise<{ percent: string; updatedAt: string; product: { sku: string } | null }[]> {
  const { rows } = await server.owner.query<{ percent: string; updatedAt: string; sku: string | null }>(
    `SELECT d.percent::text AS percent, to_char(d."updatedAt", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "updatedAt", p.sku
     FROM "CustomerDiscount" d LEFT JOIN "Product" p ON p.id = d."productId"
     WHERE d."customerId" = $1 ORDER BY d."productId" NULLS FIRST`,
    [customerRowId],
  );
  return rows.map((row) => ({ percent: row.percent, updatedAt: row.updatedAt, product: row.sku === null ? null : { sku: row.sku } }));
}

/** The demo customer with the most deals among those with an open one and three closed, with three more open deals closing on the same day (the id breaks the tie). */
async function busyCustomer(): Promise<{ id: string; rowId: string }> {
  const { rows } = await server.owner.query<{ id: string; kind: string; currency: string; expectedCloseDate: string }>(
    `SELECT o."customerId"::text AS id, c.kind::text AS kind, min(o.currency) AS currency,
            to_char(min(o."expectedCloseDate") FILTER (WHERE o."closedAt" IS NULL), 'YYYY-MM-DD') AS "expectedCloseDate"
     FROM "Opportunity" o JOIN "Customer" c ON c.id = o."customerId"
     WHERE o."tenantId" = 'demo' AND c."archivedAt" IS NULL
     GROUP BY o."customerId", c.kind
     HAVING count(*) FILTER (WHERE o."closedAt" IS NULL) >= 1 AND count(*) FILTER (WHERE o."closedAt" IS NOT NULL) >= 3
     ORDER BY count(*) DESC, o."customerId" LIMIT 1`,
  );
  const row = rows[0]!;
  const customer = { id: globalId(row.kind === 'PERSON' ? 'Person' : 'Organization', row.id), rowId: row.id };
  for (const name of ['Cámara frigorífica', 'Estanterías', 'Mantenimiento anual']) {
    const response = await server.graphql(
      `mutation ($input: CreateOpportunityInput!) { createOpportunity(input: $input) { __typename ... on Error { code message } } }`,
      { input: { customerId: customer.id, name, currency: row.currency, expectedCloseDate: row.expectedCloseDate, stage: 'QUALIFICATION' } },
    );
    expect(response.data?.createOpportunity?.__typename, JSON.stringify(response)).toBe('OpportunityPayload');
  }
  return customer;
}

describe('a page of customers with their deals and discounts', () => {
  it('costs the same statements for 10 customers as for 50, and shows what the raw rows say', async () => {
    const ten = await statementsOf(server, CUSTOMERS_WITH_SALES, 'CustomersWithSales', { first: 10 });
    const fifty = await statementsOf(server, CUSTOMERS_WITH_SALES, 'CustomersWithSales', { first: 50 });
    console.info(`customers with deals and discounts: ${ten.statements} statements for 10, ${fifty.statements} for 50`);
    expect(fifty.statements).toBe(ten.statements);

    const nodes = fifty.data.customers.edges.map((edge: { node: any }) => edge.node);
    expect(nodes).toHaveLength(50);
    // The page must hold what the count is about, or it proves nothing.
    expect(nodes.some((node: any) => node.opportunities.totalCount > 2)).toBe(true);
    expect(nodes.some((node: any) => node.discounts.length > 0)).toBe(true);
    expect(nodes.some((node: any) => node.discounts.some((discount: any) => discount.product !== null))).toBe(true);

    for (const node of nodes) {
      const rowId = rowIdOf(node.id);
      const deals = await expectedDeals(rowId);
      expect(node.opportunities, node.id).toEqual({ totalCount: deals.length, edges: deals.slice(0, 2).map((id) => ({ node: { id } })) });
      expect(node.discounts, node.id).toEqual(await expectedDiscounts(rowId));
    }
  });
});

describe("a customer's deals", () => {
  it('page forwards and backwards, open ones first, with filters and the total on every page', async () => {
    const customer = await busyCustomer();
    for (const [statuses, where] of [
      [null, 'true'],
      [['OPEN'], `NOT ${CLOSED}`],
      [['WON', 'LOST'], CLOSED],
    ] as const) {
      const expected = await expectedDeals(customer.rowId, where);
      expect(expected.length).toBeGreaterThan(2);

      const forwards: string[] = [];
      let after: string | null = null;
      for (;;) {
        const response: any = await server.graphql(DEALS, { id: customer.id, first: 2, after, statuses });
        expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
        const page = response.data.customer.opportunities;
        expect(page.totalCount).toBe(expected.length);
        forwards.push(...page.edges.map((edge: any) => edge.node.id));
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      expect(forwards, JSON.stringify(statuses)).toEqual(expected);

      const backwards: string[] = [];
      let before: string | null = null;
      for (;;) {
        const response: any = await server.graphql(DEALS, { id: customer.id, last: 2, before, statuses });
        expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
        const page = response.data.customer.opportunities;
        backwards.unshift(...page.edges.map((edge: any) => edge.node.id));
        if (!page.pageInfo.hasPreviousPage) break;
        before = page.pageInfo.startCursor;
      }
      expect(backwards, JSON.stringify(statuses)).toEqual(expected);
    }
  });

  it('refuses a cursor that is not one as a VALIDATION error', async () => {
    const { rows } = await server.owner.query<{ id: string; kind: string }>(
      `SELECT c.id::text, c.kind::text FROM "Customer" c WHERE c."tenantId" = 'demo' AND c."archivedAt" IS NULL AND EXISTS (SELECT FROM "Opportunity" o WHERE o."customerId" = c.id) ORDER BY c.id LIMIT 1`,
    );
    const id = globalId(rows[0]!.kind === 'PERSON' ? 'Person' : 'Organization', rows[0]!.id);
    const forged = await server.graphql(DEALS, { id, first: 2, after: 'bm90LWEtY3Vyc29y' });
    expect(forged.errors?.[0]).toMatchObject({ path: ['customer', 'opportunities'], extensions: { code: 'VALIDATION' } });
  });
});
