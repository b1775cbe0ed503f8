import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subscribeToActivity } from '../../../tests/support/activity-client.ts';
import { startTestServer, type TestServer } from '../../../tests/support/server.ts';
import { demoConfigId, demoCustomer, payloadOf, rowIdOf } from './support.ts';
import { statementsOf } from '../../../tests/support/statements.ts';

// The service area seen from the customer (tickets, open count, last complaint, timeline), live
// over WebSocket, and what lists of tickets and customers cost in SQL statements.

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

const CREATE = /* GraphQL */ `
  mutation ($input: CreateTicketInput!) {
    createTicket(input: $input) { __typename ... on TicketPayload { ticket { id number queue { id } } } ... on Error { code message } }
  }
`;

async function openComplaint(customerId: string, subject: string) {
  const categoryId = await demoConfigId(server, 'TicketCategory', 'Retraso en la entrega');
  const response = await server.graphql(CREATE, { input: { customerId, channel: 'COMPLAINT_DESK', categoryId, subject, description: 'Lleva una semana de retraso' } });
  return payloadOf(response, 'createTicket').ticket;
}


describe('tickets on the customer', () => {
  it('lists the customer’s tickets, counts the open ones and dates the last complaint, from the database', async () => {
    const customer = await demoCustomer(server, 'PROSPECT');
    const { rows } = await server.owner.query(
      `SELECT count(*) FILTER (WHERE status NOT IN ('RESOLVED', 'CLOSED'))::int AS open, max("createdAt") FILTER (WHERE kind = 'COMPLAINT') AS "lastComplaint", count(*)::int AS total
       FROM "Ticket" WHERE "customerId" = $1`,
      [customer.rowId],
    );
    const opened = await openComplaint(customer.id, 'Mi pedido no llega');
    const result = await server.graphql(
      `query ($id: ID!) { customer(id: $id) { openTicketCount lastComplaintAt tickets(first: 5) { totalCount edges { node { id number kind status } } } } }`,
      { id: customer.id },
    );
    const view = result.data!.customer;
    expect(view.openTicketCount).toBe(rows[0].open + 1);
    expect(view.tickets.totalCount).toBe(rows[0].total + 1);
    expect(view.tickets.edges[0].node).toEqual({ id: opened.id, number: opened.number, kind: 'COMPLAINT', status: 'NEW' });
    const { rows: created } = await server.owner.query(`SELECT "createdAt" FROM "Ticket" WHERE id = $1`, [rowIdOf(opened.id)]);
    expect(view.lastComplaintAt).toBe(created[0].createdAt.toISOString());
  });

  it('puts ticket events on the customer’s timeline, filterable by kind', async () => {
    const customer = await demoCustomer(server, 'CUSTOMER', 'KEY_ACCOUNT');
    const opened = await openComplaint(customer.id, 'Entrega fallida');
    const timeline = await server.graphql(`query ($id: ID!) { customer(id: $id) { timeline(first: 3, kinds: ["COMPLAINT"]) { edges { node { topic subjectId kind channel payload } } } } }`, {
      id: customer.id,
    });
    expect(timeline.data!.customer.timeline.edges[0].node).toMatchObject({
      topic: 'ticket.created',
      subjectId: opened.id,
      kind: 'COMPLAINT',
      channel: 'COMPLAINT_DESK',
      payload: { number: opened.number, status: 'NEW', queueId: opened.queue.id, subject: 'Entrega fallida' },
    });
  });
});

describe('live, for a wallboard', () => {
  it('delivers a ticket opened over HTTP to an activity subscriber within a second, with its queue and status', async () => {
    const customer = await demoCustomer(server, 'CUSTOMER', 'KEY_ACCOUNT');
    const subscriber = await subscribeToActivity(server.url, await server.token({ roles: ['service'] }), { filter: { topics: ['ticket.created', 'ticket.statusChanged'] } });
    try {
      const sent = performance.now();
      const opened = await openComplaint(customer.id, 'Paquete perdido');
      const [event] = await subscriber.waitFor(1, 1_000);
      expect(event!.receivedAt - sent).toBeLessThan(1_000);
      expect(event).toMatchObject({ topic: 'ticket.created', customerId: customer.id, payload: { number: opened.number, queueId: opened.queue.id, status: 'NEW', priority: 'NORMAL' } });

      await server.graphql(`mutation ($input: ChangeTicketStatusInput!) { changeTicketStatus(input: $input) { __typename } }`, { input: { id: opened.id, status: 'OPEN' } });
      const [, moved] = await subscriber.waitFor(2, 1_000);
      expect(moved).toMatchObject({ topic: 'ticket.statusChanged', payload: { from: 'NEW', to: 'OPEN', number: opened.number } });
    } finally {
      await subscriber.close();
    }
  });
});

describe('SQL statements per request', () => {
  const QUEUE = /* GraphQL */ `
    query TicketQueuePage($first: Int!) {
      tickets(first: $first, orderBy: { field: DEADLINE }) {
        totalCount
        edges { node {
          number subject status priority categoryPath serviceScript { text }
          customer { displayName audiences primaryEmail }
          queue { name } category { name }
          routing { rule { name } }
          sla { state policy { name } firstResponse { dueAt remainingBusinessSeconds breached } resolution { dueAt remainingBusinessSeconds breached } }
        } }
      }
    }
  `;
  const CUSTOMERS = /* GraphQL */ `
    query CustomersWithService($first: Int!) {
      customers(first: $first) { edges { node { displayName openTicketCount lastComplaintAt tickets(first: 3) { totalCount edges { node { number status } } } } } }
    }
  `;

  it('reads 10 or 100 tickets with customer, queue, category, routing and SLA in the same few statements', async () => {
    const ten = await statementsOf(server, QUEUE, 'TicketQueuePage', { first: 10 });
    const hundred = await statementsOf(server, QUEUE, 'TicketQueuePage', { first: 100 });
    console.info(`ticket queue page: ${ten.statements} statements for 10, ${hundred.statements} for 100`);
    expect(hundred.data.tickets.edges).toHaveLength(100);
    expect(hundred.statements).toBe(ten.statements);
    expect(hundred.statements).toBeLessThanOrEqual(12);
  });

  it('lists 10 or 100 customers with their service facts and latest tickets in the same few statements', async () => {
    const ten = await statementsOf(server, CUSTOMERS, 'CustomersWithService', { first: 10 });
    const hundred = await statementsOf(server, CUSTOMERS, 'CustomersWithService', { first: 100 });
    console.info(`customers with service facts: ${ten.statements} statements for 10, ${hundred.statements} for 100`);
    const withTickets = hundred.data.customers.edges.filter((edge: any) => edge.node.tickets.totalCount > 0);
    expect(withTickets.length).toBeGreaterThan(0);
    expect(hundred.statements).toBe(ten.statements);
  });
});
