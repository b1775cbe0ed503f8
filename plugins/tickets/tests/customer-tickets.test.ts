import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../tests/support/server.ts';
import { demoConfigId, payloadOf, TestClock } from './support.ts';

// A customer's tickets (`Customer.tickets`) page through the order the database sorts, for one
// customer or for a list of them at once, and a list of tickets shows each one's own customer.

const clock = new TestClock('2026-11-16T15:00:00Z');
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ plugins: ['profile', 'tickets'], clock });
});
afterAll(() => server?.stop());

const globalId = (typename: string, rowId: string) => Buffer.from(`${typename}:${rowId}`).toString('base64');
const customerGlobalId = (row: { id: string; kind: string }) => globalId(row.kind === 'PERSON' ? 'Person' : 'Organization', row.id);
const rowIdOf = (id: string) => Buffer.from(id, 'base64').toString().split(':')[1]!;

const PAGE = /* GraphQL */ `
  query ($id: ID!, $first: Int, $last: Int, $after: String, $before: String, $statuses: [TicketStatus!], $kinds: [TicketKind!]) {
    customer(id: $id) {
      tickets(first: $first, last: $last, after: $after, before: $before, statuses: $statuses, kinds: $kinds) {
        totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { id number } }
      }
    }
  }
`;

/** The demo customer with the most tickets, with five more opened now (the same instant: the id breaks the tie). */
async function busyCustomer(): Promise<{ id: string; rowId: string }> {
  const { rows } = await server.owner.query(
    `SELECT c.id::text, c.kind::text FROM "Ticket" t JOIN "Customer" c ON c.id = t."customerId"
     WHERE t."tenantId" = 'demo' AND c."archivedAt" IS NULL GROUP BY c.id, c.kind ORDER BY count(*) DESC, c.id LIMIT 1`,
  );
  const customer = { id: customerGlobalId(rows[0]), rowId: rows[0].id as string };
  const categoryId = await demoConfigId(server, 'TicketCategory', 'Estado del pedido');
  for (let index = 0; index < 5; index++) {
    const response = await server.graphql(
      `mutation ($input: CreateTicketInput!) { createTicket(input: $input) { ... on TicketPayload { ticket { id } } ... on Error { code message } } }`,
      { input: { customerId: customer.id, channel: 'EMAIL', categoryId, subject: `Consulta ${index}`, description: '¿Dónde está mi pedido?' } },
    );
    payloadOf(response, 'createTicket');
  }
  return customer;
}

async function expectedTickets(customerRowId: string, where = 'true'): Promise<string[]> {
  const { rows } = await server.owner.query(`SELECT id::text FROM "Ticket" t WHERE t."customerId" = $1 AND ${where} ORDER BY t."createdAt" DESC, t.id DESC`, [customerRowId]);
  return rows.map((row) => globalId('Ticket', row.id));
}

describe("a customer's tickets", () => {
  it('page forwards and backwards, newest first, with filters and the total on every page', async () => {
    const customer = await busyCustomer();
    for (const [filter, where] of [
      [{}, 'true'],
      [{ kinds: ['QUERY'] }, `t.kind = 'QUERY'`],
      [{ statuses: ['NEW', 'RESOLVED', 'CLOSED'] }, `t.status IN ('NEW', 'RESOLVED', 'CLOSED')`],
    ] as const) {
      const expected = await expectedTickets(customer.rowId, where);
      expect(expected.length, JSON.stringify(filter)).toBeGreaterThanOrEqual(5);

      const forwards: string[] = [];
      let after: string | null = null;
      for (;;) {
        const response: any = await server.graphql(PAGE, { id: customer.id, first: 2, after, ...filter });
        expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
        const page = response.data.customer.tickets;
        expect(page.totalCount).toBe(expected.length);
        forwards.push(...page.edges.map((edge: any) => edge.node.id));
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      expect(forwards, JSON.stringify(filter)).toEqual(expected);

      const backwards: string[] = [];
      let before: string | null = null;
      for (;;) {
        const response: any = await server.graphql(PAGE, { id: customer.id, last: 3, before, ...filter });
        const page = response.data.customer.tickets;
        backwards.unshift(...page.edges.map((edge: any) => edge.node.id));
        if (!page.pageInfo.hasPreviousPage) break;
        before = page.pageInfo.startCursor;
      }
      expect(backwards, JSON.stringify(filter)).toEqual(expected);
    }
  });

  it('gives each customer asked for in one request their own latest tickets and total', async () => {
    // The busiest customers and some with no tickets at all, asked for together: one statement serves them all.
    const { rows } = await server.owner.query(
      `(SELECT c.id::text, c.kind::text FROM "Customer" c JOIN "Ticket" t ON t."customerId" = c.id
        WHERE c."tenantId" = 'demo' AND c."archivedAt" IS NULL GROUP BY c.id, c.kind ORDER BY count(*) DESC, c.id LIMIT 12)
       UNION ALL
       (SELECT c.id::text, c.kind::text FROM "Customer" c
        WHERE c."tenantId" = 'demo' AND c."archivedAt" IS NULL AND NOT EXISTS (SELECT 1 FROM "Ticket" t WHERE t."customerId" = c.id) ORDER BY c.id LIMIT 4)`,
    );
    const ids = rows.map(customerGlobalId);
    const fields = ids.map((id, index) => `c${index}: customer(id: "${id}") { id tickets(first: 2, kinds: [COMPLAINT, CLAIM, REQUEST]) { totalCount edges { node { id } } } }`);
    const response: any = await server.graphql(`{ ${fields.join(' ')} }`);
    expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
    const customers = ids.map((_, index) => response.data[`c${index}`]);
    expect(customers.filter((customer: any) => customer.tickets.totalCount > 2).length).toBeGreaterThan(0);
    expect(customers.filter((customer: any) => customer.tickets.totalCount === 0).length).toBeGreaterThanOrEqual(4);
    for (const customer of customers) {
      const expected = await expectedTickets(rowIdOf(customer.id), `t.kind <> 'QUERY'`);
      expect(customer.tickets.totalCount, customer.id).toBe(expected.length);
      expect(customer.tickets.edges.map((edge: any) => edge.node.id), customer.id).toEqual(expected.slice(0, 2));
    }
  });

  it('refuses a cursor that is not one, and a cursor of another order, as VALIDATION errors at the argument', async () => {
    const customer = await busyCustomer();
    const forged = await server.graphql(PAGE, { id: customer.id, first: 2, after: 'bm90LWEtY3Vyc29y' });
    expect(forged.errors?.[0]).toMatchObject({ path: ['customer', 'tickets'], extensions: { code: 'VALIDATION' } });

    const list: any = await server.graphql(`{ tickets(first: 1, orderBy: { field: UPDATED_AT, direction: DESC }) { pageInfo { endCursor } } }`);
    const otherOrder = await server.graphql(PAGE, { id: customer.id, first: 2, after: list.data.tickets.pageInfo.endCursor });
    expect(otherOrder.errors?.[0]).toMatchObject({ message: expect.stringContaining('belongs to the order by UPDATED_AT DESC, not by CREATED_AT DESC'), extensions: { code: 'VALIDATION' } });
  });
});

describe('the customers of a list of tickets', () => {
  it('are each ticket’s own customer, read from the profile', async () => {
    const response: any = await server.graphql(`{ tickets(first: 100, orderBy: { field: PRIORITY }) { edges { node { id customer { id displayName } } } } }`);
    expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
    const { rows } = await server.owner.query(
      `SELECT t.id::text, c.id::text AS "customerId", c.kind::text, c."displayName" FROM "Ticket" t JOIN "Customer" c ON c.id = t."customerId"
       WHERE t.id = ANY($1::uuid[])`,
      [response.data.tickets.edges.map((edge: any) => rowIdOf(edge.node.id))],
    );
    const expected = new Map(rows.map((row) => [globalId('Ticket', row.id), { id: customerGlobalId({ id: row.customerId, kind: row.kind }), displayName: row.displayName }]));
    expect(response.data.tickets.edges).toHaveLength(100);
    expect(new Set(response.data.tickets.edges.map((edge: any) => edge.node.customer.id)).size).toBeGreaterThan(10);
    for (const { node } of response.data.tickets.edges) expect(node.customer).toEqual(expected.get(node.id));
  });
});
