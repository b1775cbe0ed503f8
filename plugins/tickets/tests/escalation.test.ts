import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../tests/support/server.ts';
import { createTicketsPlugin } from '../plugin.ts';
import { demoConfigId, demoCustomer, payloadOf, rowIdOf, TestClock } from './support.ts';

// The escalation scheduler, on one database, with the clock set by the test: several instances
// share the work and escalate each ticket once per level; what fell due while none ran is escalated
// by the first that starts.

const running: TestServer[] = [];
afterEach(async () => {
  // Second instances first: the first one owns (and drops) the database.
  for (const server of running.reverse()) await server.stop();
  running.length = 0;
});

const MINUTE = 60_000;
const T0 = '2026-11-16T08:00:00Z'; // Monday 09:00 in Madrid

async function start(clock: TestClock, options: { jobs: boolean; shareDatabaseWith?: TestServer }): Promise<TestServer> {
  const server = await startTestServer({
    plugins: ['profile', 'interactions'],
    extraPlugins: [createTicketsPlugin({ escalationIntervalMs: 20 })],
    clock,
    environment: { NEXO_BACKGROUND_JOBS: String(options.jobs) },
    ...(options.shareDatabaseWith ? { shareDatabaseWith: options.shareDatabaseWith } : {}),
  });
  running.push(server);
  return server;
}

/** Opens URGENT tickets (30 minutes to first response, 4 hours to resolve, round the clock; warned at 75 %). */
async function openUrgentTickets(server: TestServer, count: number): Promise<string[]> {
  const customer = await demoCustomer(server, 'CUSTOMER', 'KEY_ACCOUNT');
  const categoryId = await demoConfigId(server, 'TicketCategory', 'Estado del pedido');
  const ids: string[] = [];
  for (let index = 0; index < count; index++) {
    const response = await server.graphql(
      `mutation ($input: CreateTicketInput!) { createTicket(input: $input) { ... on TicketPayload { ticket { id } } ... on Error { code message } } }`,
      { input: { customerId: customer.id, channel: 'PHONE', categoryId, subject: `Urgente ${index}`, description: 'Sin luz en la tienda', priority: 'URGENT' } },
    );
    ids.push(payloadOf(response, 'createTicket').ticket.id);
  }
  return ids;
}

async function levels(server: TestServer, ticketIds: string[]): Promise<number[]> {
  const { rows } = await server.owner.query<{ level: number }>(`SELECT "escalationLevel" AS level FROM "Ticket" WHERE id = ANY($1::uuid[])`, [ticketIds.map(rowIdOf)]);
  return rows.map((row) => row.level);
}

async function waitUntil(what: string, condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('the escalation scheduler', () => {
  it('escalates each due ticket exactly once per level with two instances running it on one database', async () => {
    const clock = new TestClock(T0);
    const first = await start(clock, { jobs: true });
    const second = await start(clock, { jobs: true, shareDatabaseWith: first });
    const tickets = await openUrgentTickets(first, 24);
    expect(await levels(first, tickets)).toEqual(tickets.map(() => 0));

    clock.set('2026-11-16T08:23:00Z'); // past 75 % of the 30-minute first response
    await waitUntil('every ticket is at risk', async () => (await levels(first, tickets)).every((level) => level === 1));
    clock.set('2026-11-16T08:31:00Z'); // past the first-response deadline
    await waitUntil('every ticket is breached', async () => (await levels(first, tickets)).every((level) => level === 2));
    // Let both schedulers run many more passes: nothing more may happen to these tickets.
    await new Promise((resolve) => setTimeout(resolve, 400));

    const { rows: steps } = await first.owner.query<{ ticketId: string; level: number; reason: string; events: number; escalatedTo: number }>(
      `SELECT e."ticketId"::text AS "ticketId", e.level, e.reason,
              (SELECT count(*)::int FROM "OutboxEvent" o
                WHERE o.topic = 'ticket.escalated' AND o."subjectId" = encode(convert_to('Ticket:' || e."ticketId"::text, 'UTF8'), 'base64')
                  AND (o.payload->>'level')::int = e.level) AS events,
              (SELECT count(*)::int FROM "TicketStatusChange" s WHERE s."ticketId" = e."ticketId" AND s."toStatus" = 'ESCALATED') AS "escalatedTo"
       FROM "TicketEscalation" e WHERE e."ticketId" = ANY($1::uuid[]) ORDER BY 1, 2`,
      [tickets.map(rowIdOf)],
    );
    expect(steps).toHaveLength(tickets.length * 2);
    for (const step of steps) {
      expect(step.events, `ticket.escalated events of ${step.ticketId} at level ${step.level}`).toBe(1);
      expect(step.escalatedTo).toBe(1);
      expect(step.reason).toBe(step.level === 1 ? 'FIRST_RESPONSE_AT_RISK' : 'FIRST_RESPONSE_BREACHED');
    }
    // No instance ever tried a ticket the other had claimed: the unique key never had to refuse one.
    const refusals = [...first.logs, ...second.logs].filter((line) => line.msg?.startsWith('escalations refused'));
    expect(refusals).toEqual([]);
    const escalatedBy = (server: TestServer) => server.logs.filter((line) => line.msg === 'escalated tickets').reduce((sum, line) => sum + line.escalated, 0);
    console.info(`escalations made: ${escalatedBy(first)} by the first instance, ${escalatedBy(second)} by the second`);
    expect(escalatedBy(first) + escalatedBy(second)).toBeGreaterThanOrEqual(tickets.length * 2);

    // A breached ticket went to its queue's escalation queue, unassigned, marked ESCALATED.
    const { rows } = await first.owner.query(
      `SELECT DISTINCT t.status::text, q.name, t."assigneeId" FROM "Ticket" t JOIN "TicketQueue" q ON q.id = t."queueId" WHERE t.id = ANY($1::uuid[])`,
      [tickets.map(rowIdOf)],
    );
    expect(rows).toEqual([{ status: 'ESCALATED', name: 'Supervisión', assigneeId: null }]);
  });

  it('catches up after downtime: a ticket that fell due while no scheduler ran is escalated by the next instance that starts', async () => {
    const clock = new TestClock(T0);
    const idle = await start(clock, { jobs: false });
    const tickets = await openUrgentTickets(idle, 3);
    clock.set('2026-11-16T12:00:00Z'); // both the warning and the deadline passed hours ago
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(await levels(idle, tickets)).toEqual([0, 0, 0]);

    await start(clock, { jobs: true, shareDatabaseWith: idle });
    await waitUntil('the new instance escalated them', async () => (await levels(idle, tickets)).every((level) => level === 2));
    // Straight to the level reached, once: no at-risk step is invented after the fact.
    const { rows } = await idle.owner.query(`SELECT level, reason, count(*)::int AS n FROM "TicketEscalation" WHERE "ticketId" = ANY($1::uuid[]) GROUP BY 1, 2`, [tickets.map(rowIdOf)]);
    expect(rows).toEqual([{ level: 2, reason: 'FIRST_RESPONSE_BREACHED', n: 3 }]);
    // The scheduler's events place each ticket on its customer's timeline, by row id and global id.
    const customer = await demoCustomer(idle, 'CUSTOMER', 'KEY_ACCOUNT');
    const { rows: placed } = await idle.owner.query(
      `SELECT DISTINCT "customerId"::text AS "customerId", "customerNodeId", count(*) OVER ()::int AS events FROM "OutboxEvent" WHERE topic = 'ticket.escalated' AND "subjectId" = ANY($1::text[])`,
      [tickets],
    );
    expect(placed).toEqual([{ customerId: customer.rowId, customerNodeId: customer.id, events: 3 }]);
  });

  it('never escalates a ticket whose clock is paused, however long it waits on the customer', async () => {
    const clock = new TestClock(T0);
    const server = await start(clock, { jobs: true });
    const [ticket] = await openUrgentTickets(server, 1);
    clock.advance(5 * MINUTE);
    const paused = await server.graphql(
      `mutation ($input: AddTicketReplyInput!) { addTicketReply(input: $input) { ... on TicketMessagePayload { ticket { status sla { paused } } } ... on Error { message } } }`,
      { input: { ticketId: ticket, body: '¿Nos confirmas la dirección?', status: 'PENDING_CUSTOMER' } },
    );
    expect(paused.data!.addTicketReply.ticket).toEqual({ status: 'PENDING_CUSTOMER', sla: { paused: true } });
    clock.set('2026-11-20T08:00:00Z');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await levels(server, [ticket!])).toEqual([0]);
  });
});
