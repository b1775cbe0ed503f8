import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../tests/support/server.ts';
import { demoConfigId, demoCustomer, ERRORS, payloadOf, rowIdOf, serviceFingerprint, TestClock } from './support.ts';

// A ticket's life through the API, on the demo desk (its queues, routing rules, SLA policies and
// Madrid office calendar: Monday–Friday 9–14 and 15–19, Saturday 10–14), with a clock the test sets.

const clock = new TestClock('2026-11-16T08:00:00Z'); // Monday 16 November 2026, 09:00 in Madrid
let server: TestServer;
let customer: { id: string; rowId: string };
let keyAccount: { id: string; rowId: string };
let orderStatus: string;
let damagedProduct: string;

beforeAll(async () => {
  server = await startTestServer({ plugins: ['profile', 'interactions', 'tickets'], clock });
  customer = await demoCustomer(server, 'CUSTOMER', 'KEY_ACCOUNT');
  keyAccount = await demoCustomer(server, 'KEY_ACCOUNT');
  orderStatus = await demoConfigId(server, 'TicketCategory', 'Estado del pedido');
  damagedProduct = await demoConfigId(server, 'TicketCategory', 'Producto dañado');
});
afterAll(() => server?.stop());

const TICKET = /* GraphQL */ `
  id number subject status priority kind channel allowedTransitions categoryPath assigneeId reopenCount
  queue { name } category { name }
  routing { rule { name } explanation }
  serviceScript { category { name } text }
  sla {
    state paused policy { name }
    firstResponse { targetMinutes dueAt warnAt elapsedBusinessSeconds remainingBusinessSeconds completedAt breached state }
    resolution { targetMinutes dueAt warnAt elapsedBusinessSeconds remainingBusinessSeconds completedAt breached state }
  }
  statusHistory { from to actorId note }
  conversation(first: 10) { totalCount edges { node { kind author authorId body } } }
  satisfaction { score comment interactionId }
`;
const CREATE = `mutation ($input: CreateTicketInput!) { createTicket(input: $input) { __typename ... on TicketPayload { ticket { ${TICKET} } } ${ERRORS} } }`;
const CHANGE = `mutation ($input: ChangeTicketStatusInput!) { changeTicketStatus(input: $input) { __typename ... on TicketPayload { ticket { ${TICKET} } } ${ERRORS} } }`;
const REPLY = `mutation ($input: AddTicketReplyInput!) { addTicketReply(input: $input) { __typename ... on TicketMessagePayload { ticket { ${TICKET} } entry { kind author } } ${ERRORS} } }`;
const NOTE = `mutation ($input: AddTicketNoteInput!) { addTicketNote(input: $input) { __typename ... on TicketMessagePayload { ticket { id } } ${ERRORS} } }`;
const UPDATE = `mutation ($input: UpdateTicketInput!) { updateTicket(input: $input) { __typename ... on TicketPayload { ticket { ${TICKET} } } ${ERRORS} } }`;
const ASSIGN = `mutation ($input: AssignTicketInput!) { assignTicket(input: $input) { __typename ... on TicketPayload { ticket { assigneeId queue { name } } } ${ERRORS} } }`;
const RATE = `mutation ($input: RateTicketInput!) { rateTicket(input: $input) { __typename ... on TicketPayload { ticket { ${TICKET} } } ${ERRORS} } }`;
const GET = `query ($id: ID!) { ticket(id: $id) { ${TICKET} } }`;

const AGENT = { subject: 'agent:test.lucia', roles: ['service'] };

async function openTicket(overrides: Record<string, unknown> = {}) {
  const response = await server.graphql(
    CREATE,
    { input: { customerId: customer.id, channel: 'EMAIL', categoryId: orderStatus, subject: '¿Dónde está mi pedido?', description: 'Pedido 4411 sin noticias', ...overrides } },
    { as: AGENT },
  );
  return payloadOf(response, 'createTicket').ticket;
}

describe('opening a ticket', () => {
  it('routes a plain query to the default queue and gives it the NORMAL policy in office hours', async () => {
    clock.set('2026-11-16T08:00:00Z');
    const ticket = await openTicket();
    expect(ticket).toMatchObject({
      status: 'NEW',
      priority: 'NORMAL',
      kind: 'QUERY',
      channel: 'EMAIL',
      queue: { name: 'Atención general' },
      categoryPath: ['Pedidos y productos', 'Estado del pedido'],
      routing: { rule: null, explanation: 'No routing rule matched. Queue Atención general by default; priority NORMAL by default.' },
      allowedTransitions: ['OPEN', 'PENDING_CUSTOMER', 'ESCALATED', 'RESOLVED'],
      statusHistory: [{ from: null, to: 'NEW', actorId: 'agent:test.lucia' }],
    });
    // The script comes from the parent category: "Estado del pedido" has none of its own.
    expect(ticket.serviceScript.category.name).toBe('Pedidos y productos');
    expect(ticket.serviceScript.text).toMatch(/^1\. Identifica al cliente/);
    // 4 business hours from Monday 09:00 → 13:00 local; 24 → Monday 9 h, Tuesday 9 h, Wednesday 9–14 and 15–16.
    expect(ticket.sla).toMatchObject({
      state: 'ON_TRACK',
      paused: false,
      policy: { name: 'Normal' },
      firstResponse: { targetMinutes: 240, dueAt: '2026-11-16T12:00:00.000Z', warnAt: '2026-11-16T11:00:00.000Z', remainingBusinessSeconds: 14_400, breached: false },
      resolution: { targetMinutes: 1_440, dueAt: '2026-11-18T15:00:00.000Z', breached: false },
    });
  });

  it('sends a key account to the key-account desk and a damaged product to its own tighter policy, and says why', async () => {
    clock.set('2026-11-16T08:00:00Z');
    const ticket = await openTicket({ customerId: keyAccount.id, channel: 'PHONE', categoryId: damagedProduct, subject: 'La pantalla llegó rota' });
    expect(ticket).toMatchObject({
      kind: 'COMPLAINT',
      priority: 'HIGH',
      queue: { name: 'Cuentas clave' },
      routing: { rule: { name: 'Cuentas clave a su mostrador' } },
      sla: { policy: { name: 'Producto dañado (alta)' }, firstResponse: { targetMinutes: 30, dueAt: '2026-11-16T08:30:00.000Z' } },
    });
    expect(ticket.routing.explanation).toBe('Rule "Cuentas clave a su mostrador" (position 10) matched: customer is KEY_ACCOUNT. Queue Cuentas clave by the rule; priority HIGH by the rule.');
    expect(ticket.serviceScript).toMatchObject({ category: { name: 'Producto dañado' }, text: expect.stringContaining('Pide fotos') });
  });

  it('numbers tickets per tenant in order', async () => {
    const first = await openTicket();
    const second = await openTicket();
    expect(second.number).toBe(first.number + 1);
    const { rows } = await server.owner.query(`SELECT last FROM "TicketCounter" WHERE "tenantId" = 'demo'`);
    expect(rows[0].last).toBe(second.number);
  });
});

describe('the SLA clock through a conversation', () => {
  it('counts the first reply as the first response, pauses while waiting on the customer and resumes when they answer', async () => {
    clock.set('2026-11-16T08:00:00Z');
    const opened = await openTicket();

    clock.set('2026-11-16T09:00:00Z'); // 10:00 local: one business hour used
    const answered = payloadOf(await server.graphql(REPLY, { input: { ticketId: opened.id, body: '¿Nos das el número de pedido?', status: 'PENDING_CUSTOMER' } }, { as: AGENT }), 'addTicketReply').ticket;
    expect(answered).toMatchObject({ status: 'PENDING_CUSTOMER', assigneeId: null });
    expect(answered.sla.firstResponse).toMatchObject({ state: 'MET', completedAt: '2026-11-16T09:00:00.000Z', elapsedBusinessSeconds: 3_600, dueAt: null });
    expect(answered.sla).toMatchObject({ state: 'PAUSED', paused: true, resolution: { state: 'PAUSED', dueAt: null, remainingBusinessSeconds: (1_440 - 60) * 60 } });

    // Two days later nothing has been used: the clock waited with the ticket.
    clock.set('2026-11-18T10:00:00Z');
    const waiting = (await server.graphql(GET, { id: opened.id })).data!.ticket;
    expect(waiting.sla.resolution.remainingBusinessSeconds).toBe((1_440 - 60) * 60);

    // The customer answers on Wednesday at 11:00 local: 23 business hours left → Wednesday 11–14, 15–19 (7), Thursday 9 (16), Friday 9–14, 15–17 (23).
    const resumed = payloadOf(await server.graphql(REPLY, { input: { ticketId: opened.id, body: 'Es el 4411', author: 'CUSTOMER' } }, { as: AGENT }), 'addTicketReply').ticket;
    expect(resumed.status).toBe('OPEN');
    expect(resumed.sla).toMatchObject({ state: 'ON_TRACK', paused: false, resolution: { dueAt: '2026-11-20T16:00:00.000Z' } });
    expect(resumed.conversation.edges.map((edge: any) => edge.node.author)).toEqual(['AGENT', 'CUSTOMER']);
    expect(resumed.statusHistory.map((change: any) => change.to)).toEqual(['NEW', 'PENDING_CUSTOMER', 'OPEN']);
  });

  it('resolves, reopens on a customer reply after resolution, and keeps internal notes out of the status and the clock', async () => {
    clock.set('2026-11-16T08:00:00Z');
    const opened = await openTicket();
    clock.set('2026-11-16T10:00:00Z');
    const noted = await server.graphql(NOTE, { input: { ticketId: opened.id, body: 'Revisar con almacén' } }, { as: AGENT });
    expect(noted.data!.addTicketNote.__typename).toBe('TicketMessagePayload');
    const afterNote = (await server.graphql(GET, { id: opened.id })).data!.ticket;
    expect(afterNote).toMatchObject({ status: 'NEW', sla: { firstResponse: { completedAt: null } } });
    expect(afterNote.conversation.edges[0].node).toMatchObject({ kind: 'INTERNAL_NOTE', authorId: 'agent:test.lucia' });

    const resolved = payloadOf(await server.graphql(REPLY, { input: { ticketId: opened.id, body: 'Llega mañana', status: 'RESOLVED' } }, { as: AGENT }), 'addTicketReply').ticket;
    expect(resolved.sla).toMatchObject({ state: 'MET', firstResponse: { state: 'MET' }, resolution: { state: 'MET', completedAt: '2026-11-16T10:00:00.000Z', elapsedBusinessSeconds: 7_200 } });

    clock.set('2026-11-17T08:00:00Z');
    const reopened = payloadOf(await server.graphql(REPLY, { input: { ticketId: opened.id, body: 'No ha llegado', author: 'CUSTOMER' } }, { as: AGENT }), 'addTicketReply').ticket;
    expect(reopened).toMatchObject({ status: 'REOPENED', reopenCount: 1, sla: { state: 'ON_TRACK', resolution: { completedAt: null, remainingBusinessSeconds: (1_440 - 120) * 60 } } });
  });
});

describe('illegal moves and bad inputs', () => {
  it('refuses an illegal transition with a ConflictError naming the legal ones, and changes nothing', async () => {
    const opened = await openTicket();
    const before = await serviceFingerprint(server.owner);
    const response = await server.graphql(CHANGE, { input: { id: opened.id, status: 'CLOSED' } }, { as: AGENT });
    expect(response.data!.changeTicketStatus).toMatchObject({
      __typename: 'ConflictError',
      code: 'CONFLICT',
      existingId: opened.id,
      message: `Ticket #${opened.number} is NEW and cannot become CLOSED: it can become OPEN, PENDING_CUSTOMER, ESCALATED, RESOLVED`,
    });
    expect(await serviceFingerprint(server.owner)).toEqual(before);
  });

  it('keeps a closed ticket closed: no move, no reply, no reassignment', async () => {
    const opened = await openTicket();
    payloadOf(await server.graphql(CHANGE, { input: { id: opened.id, status: 'RESOLVED' } }, { as: AGENT }), 'changeTicketStatus');
    payloadOf(await server.graphql(CHANGE, { input: { id: opened.id, status: 'CLOSED' } }, { as: AGENT }), 'changeTicketStatus');
    const before = await serviceFingerprint(server.owner);
    const reopen = await server.graphql(CHANGE, { input: { id: opened.id, status: 'REOPENED' } }, { as: AGENT });
    expect(reopen.data!.changeTicketStatus).toMatchObject({ __typename: 'ConflictError', message: expect.stringContaining('closed for good') });
    const reply = await server.graphql(REPLY, { input: { ticketId: opened.id, body: 'Hola', author: 'CUSTOMER' } }, { as: AGENT });
    expect(reply.data!.addTicketReply.__typename).toBe('ConflictError');
    const assign = await server.graphql(ASSIGN, { input: { id: opened.id, assigneeId: 'agent:other' } }, { as: AGENT });
    expect(assign.data!.assignTicket.__typename).toBe('ConflictError');
    expect(await serviceFingerprint(server.owner)).toEqual(before);
  });

  it('answers every bad input with a typed error at its field, and writes nothing', async () => {
    const before = await serviceFingerprint(server.owner);
    const cases: [Record<string, unknown>, string, string[]][] = [
      [{ customerId: 'bm90LWFuLWlk' }, 'ValidationError', ['input', 'customerId']],
      [{ categoryId: customer.id }, 'ValidationError', ['input', 'categoryId']],
      [{ subject: '   ' }, 'ValidationError', ['input', 'subject']],
      [{ subject: 'x'.repeat(201) }, 'ValidationError', ['input', 'subject']],
      [{ description: 'nul \u0000 char' }, 'ValidationError', ['input', 'description']],
      [{ queueId: orderStatus }, 'ValidationError', ['input', 'queueId']],
    ];
    for (const [overrides, typename, path] of cases) {
      const response = await server.graphql(CREATE, { input: { customerId: customer.id, channel: 'EMAIL', categoryId: orderStatus, subject: 's', description: 'd', ...overrides } }, { as: AGENT });
      expect(response.data!.createTicket, JSON.stringify(overrides)).toMatchObject({ __typename: typename, fieldErrors: [{ path }] });
    }
    const unknownCustomer = Buffer.from('Person:00000000-0000-7000-8000-000000000000').toString('base64');
    const notFound = await server.graphql(CREATE, { input: { customerId: unknownCustomer, channel: 'EMAIL', categoryId: orderStatus, subject: 's', description: 'd' } }, { as: AGENT });
    expect(notFound.data!.createTicket).toMatchObject({ __typename: 'NotFoundError', code: 'NOT_FOUND' });
    const opened = await openTicket();
    const afterOne = await serviceFingerprint(server.owner);
    for (const input of [{ ticketId: opened.id, score: 6 }, { ticketId: opened.id, score: 0 }]) {
      const response = await server.graphql(RATE, { input }, { as: AGENT });
      expect(response.data!.rateTicket).toMatchObject({ __typename: 'ValidationError', fieldErrors: [{ path: ['input', 'score'] }] });
    }
    const early = await server.graphql(RATE, { input: { ticketId: opened.id, score: 4 } }, { as: AGENT });
    expect(early.data!.rateTicket).toMatchObject({ __typename: 'ConflictError', message: expect.stringContaining('after resolution') });
    const customerWithStatus = await server.graphql(REPLY, { input: { ticketId: opened.id, body: 'x', author: 'CUSTOMER', status: 'OPEN' } }, { as: AGENT });
    expect(customerWithStatus.data!.addTicketReply).toMatchObject({ __typename: 'ValidationError', fieldErrors: [{ path: ['input', 'status'] }] });
    expect(await serviceFingerprint(server.owner)).toEqual(afterOne);
    expect(before.Ticket).not.toEqual(afterOne.Ticket);
  });
});

describe('editing and assigning', () => {
  it('applies the policy of a new priority, keeping the business time already used', async () => {
    clock.set('2026-11-16T08:00:00Z');
    const opened = await openTicket();
    clock.set('2026-11-16T10:00:00Z'); // 2 business hours used
    const raised = payloadOf(await server.graphql(UPDATE, { input: { id: opened.id, priority: 'HIGH' } }, { as: AGENT }), 'updateTicket').ticket;
    // HIGH: 60 minutes for the first response, already passed at 10:00 → breached; 8 hours to resolve, 6 left → 18:00 local.
    expect(raised).toMatchObject({
      priority: 'HIGH',
      sla: { policy: { name: 'Alta' }, state: 'BREACHED', firstResponse: { targetMinutes: 60, breached: true }, resolution: { targetMinutes: 480, dueAt: '2026-11-16T17:00:00.000Z' } },
    });
  });

  it('moves a ticket to another queue and assignee, with an event for the wallboard', async () => {
    const opened = await openTicket();
    const complaints = await demoConfigId(server, 'TicketQueue', 'Quejas y reclamaciones');
    const assigned = payloadOf(await server.graphql(ASSIGN, { input: { id: opened.id, queueId: complaints, assigneeId: 'agent:test.elena' } }, { as: AGENT }), 'assignTicket').ticket;
    expect(assigned).toEqual({ assigneeId: 'agent:test.elena', queue: { name: 'Quejas y reclamaciones' } });
    const { rows } = await server.owner.query(`SELECT payload, "actorId" FROM "OutboxEvent" WHERE topic = 'ticket.assigned' AND "subjectId" = $1`, [opened.id]);
    expect(rows).toEqual([{ actorId: 'agent:test.lucia', payload: expect.objectContaining({ queueId: complaints, assigneeId: 'agent:test.elena', fromAssigneeId: null }) }]);
  });
});

describe('satisfaction', () => {
  it('records CSAT on a resolved ticket and as a survey-response interaction of the customer, once', async () => {
    const opened = await openTicket();
    payloadOf(await server.graphql(CHANGE, { input: { id: opened.id, status: 'RESOLVED' } }, { as: AGENT }), 'changeTicketStatus');
    const rated = payloadOf(await server.graphql(RATE, { input: { ticketId: opened.id, score: 5, comment: 'Rapidísimos' } }, { as: AGENT }), 'rateTicket').ticket;
    expect(rated.satisfaction).toMatchObject({ score: 5, comment: 'Rapidísimos', interactionId: expect.any(String) });
    const { rows } = await server.owner.query(
      `SELECT channel::text, kind::text, "surveyScore", summary, metadata, "customerId"::text FROM "Interaction" WHERE id = $1`,
      [rowIdOf(rated.satisfaction.interactionId)],
    );
    expect(rows).toEqual([{ channel: 'SATISFACTION_SURVEY', kind: 'SURVEY_RESPONSE', surveyScore: 5, summary: 'Rapidísimos', customerId: customer.rowId, metadata: expect.objectContaining({ survey: 'csat', scale: '1-5', ticketId: opened.id }) }]);
    const again = await server.graphql(RATE, { input: { ticketId: opened.id, score: 1 } }, { as: AGENT });
    expect(again.data!.rateTicket).toMatchObject({ __typename: 'ConflictError', message: expect.stringContaining('already rated 5') });
  });
});

describe('tenancy and permissions', () => {
  it("hides a demo ticket from acme and answers NOT_FOUND to acme's writes on it", async () => {
    const opened = await openTicket();
    const read = await server.graphql(GET, { id: opened.id }, { as: { tenant: 'acme' } });
    expect(read.data!.ticket).toBeNull();
    const write = await server.graphql(CHANGE, { input: { id: opened.id, status: 'OPEN' } }, { as: { tenant: 'acme' } });
    expect(write.data!.changeTicketStatus).toMatchObject({ __typename: 'NotFoundError' });
    const list = await server.graphql(`{ tickets(first: 100, filter: { search: "${opened.number}" }) { edges { node { id } } } }`, {}, { as: { tenant: 'acme' } });
    expect(list.data!.tickets.edges.map((edge: any) => edge.node.id)).not.toContain(opened.id);
  });

  it('lets a viewer read but not write, and a service agent write but not configure', async () => {
    const denied = await server.graphql(CREATE, { input: { customerId: customer.id, channel: 'EMAIL', categoryId: orderStatus, subject: 's', description: 'd' } }, { as: { roles: ['viewer'] } });
    expect(denied.data!.createTicket).toMatchObject({ __typename: 'ForbiddenError', code: 'FORBIDDEN' });
    const configure = await server.graphql(`mutation { createTicketQueue(input: { name: "Nope" }) { __typename } }`, {}, { as: AGENT });
    expect(configure.data!.createTicketQueue.__typename).toBe('ForbiddenError');
  });
});
