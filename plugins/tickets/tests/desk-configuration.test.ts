import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../tests/support/server.ts';
import { demoCustomer, ERRORS, payloadOf, serviceFingerprint, TestClock } from './support.ts';

// A service manager configures the desk (calendars, queues, categories, SLA policies, routing
// rules); what they configure is what the next ticket gets. Bad configuration is refused whole.

const clock = new TestClock('2026-11-16T15:00:00Z'); // Monday 10:00 in New York
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ plugins: ['profile', 'tickets'], clock });
});
afterAll(() => server?.stop());

const MANAGER = { subject: 'manager:test', roles: ['service-manager'] };
const manage = async (mutation: string, inputType: string, input: Record<string, unknown>, payload: string) => {
  const response = await server.graphql(`mutation ($input: ${inputType}!) { ${mutation}(input: $input) { __typename ... on ${payload} ${ERRORS} } }`, { input }, { as: MANAGER });
  expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
  return response.data![mutation];
};
const createCalendar = (input: Record<string, unknown>) => manage('createServiceCalendar', 'CreateServiceCalendarInput', input, 'ServiceCalendarPayload { calendar { id name timeZone workingHours { day start end } holidays { date name } } }');
const createQueue = (input: Record<string, unknown>) => manage('createTicketQueue', 'CreateTicketQueueInput', input, 'TicketQueuePayload { queue { id name isDefault escalationQueue { name } } }');
const createCategory = (input: Record<string, unknown>) => manage('createTicketCategory', 'CreateTicketCategoryInput', input, 'TicketCategoryPayload { category { id name path kind script } }');
const createPolicy = (input: Record<string, unknown>) => manage('createSlaPolicy', 'CreateSlaPolicyInput', input, 'SlaPolicyPayload { policy { id name calendar { name } category { name } } }');
const createRule = (input: Record<string, unknown>) => manage('createRoutingRule', 'CreateRoutingRuleInput', input, 'RoutingRulePayload { rule { id name position queue { name } priority conditions { channels countries categories { name } } } }');

const weekdays = (start: string, end: string) => [1, 2, 3, 4, 5].map((day) => ({ day, start, end }));

describe('refusing bad configuration', () => {
  it('names every problem of a calendar at its field, and writes nothing', async () => {
    const before = await serviceFingerprint(server.owner);
    const refused = await createCalendar({
      name: 'Broken',
      timeZone: 'Europe/Atlantis',
      workingHours: [{ day: 8, start: '09:00', end: '17:00' }, { day: 1, start: '18:00', end: '09:00' }, { day: 2, start: '09:00', end: '13:00' }, { day: 2, start: '12:00', end: '15:00' }],
      holidays: [{ date: '2026-12-25', name: 'Navidad' }, { date: '2026-12-25', name: 'Otra vez' }, { date: '2026-13-40', name: 'Nunca' }],
    });
    expect(refused.__typename).toBe('ValidationError');
    expect(refused.fieldErrors.map((error: any) => error.path.join('.')).sort()).toEqual(
      ['input.holidays.1.date', 'input.holidays.2.date', 'input.timeZone', 'input.workingHours.0.day', 'input.workingHours.1.end', 'input.workingHours.3'].sort(),
    );
    const empty = await createCalendar({ name: 'Empty', timeZone: 'UTC', workingHours: [] });
    expect(empty).toMatchObject({ __typename: 'ValidationError', fieldErrors: [{ path: ['input', 'workingHours'], message: 'needs at least one working period' }] });
    expect(await serviceFingerprint(server.owner)).toEqual(before);
  });

  it('refuses duplicate names, cross-kind parents, twin policies and rules that do nothing', async () => {
    const queue = payloadOf({ data: { q: await createQueue({ name: 'Duplicados' }) } }, 'q').queue;
    const duplicate = await createQueue({ name: 'duplicados' });
    expect(duplicate).toMatchObject({ __typename: 'ConflictError', existingId: queue.id });
    const self = await manage('updateTicketQueue', 'UpdateTicketQueueInput', { id: queue.id, escalationQueueId: queue.id }, 'TicketQueuePayload { queue { id } }');
    expect(self).toMatchObject({ __typename: 'ValidationError', fieldErrors: [{ path: ['input', 'escalationQueueId'] }] });

    const query = payloadOf({ data: { c: await createCategory({ kind: 'QUERY', name: 'Consultas B2B' }) } }, 'c').category;
    const crossKind = await createCategory({ kind: 'CLAIM', parentId: query.id, name: 'Mezcla' });
    expect(crossKind).toMatchObject({ __typename: 'ValidationError', fieldErrors: [{ path: ['input', 'parentId'], message: 'is a QUERY category, not a CLAIM one' }] });
    const sibling = await createCategory({ kind: 'QUERY', name: 'consultas b2b' });
    expect(sibling).toMatchObject({ __typename: 'ConflictError', existingId: query.id });

    const { rows } = await server.owner.query(`SELECT id::text FROM "ServiceCalendar" WHERE "tenantId" = 'demo' LIMIT 1`);
    const calendarId = Buffer.from(`ServiceCalendar:${rows[0].id}`).toString('base64');
    const twin = await createPolicy({ name: 'Otra normal', priority: 'NORMAL', firstResponseMinutes: 60, resolutionMinutes: 600, calendarId });
    expect(twin).toMatchObject({ __typename: 'ConflictError', message: expect.stringContaining('"Normal"') });
    const inverted = await createPolicy({ name: 'Al revés', priority: 'LOW', kind: 'REQUEST', firstResponseMinutes: 600, resolutionMinutes: 60, calendarId });
    expect(inverted).toMatchObject({ __typename: 'ValidationError', fieldErrors: [{ path: ['input', 'firstResponseMinutes'] }] });

    const idle = await createRule({ name: 'Nada', conditions: { channels: ['SOCIAL'] } });
    expect(idle).toMatchObject({ __typename: 'ValidationError', fieldErrors: [{ path: ['input', 'queueId'] }] });
    const badCategory = await createRule({ name: 'Mal', priority: 'HIGH', conditions: { categoryIds: [queue.id] } });
    expect(badCategory).toMatchObject({ __typename: 'ValidationError', fieldErrors: [{ path: ['input', 'conditions', 'categoryIds', '0'] }] });
  });

  it('keeps configuration to managers', async () => {
    const response = await server.graphql(`mutation { createTicketQueue(input: { name: "Agentes" }) { __typename } }`, {}, { as: { roles: ['service'] } });
    expect(response.data!.createTicketQueue.__typename).toBe('ForbiddenError');
  });
});

describe('what the next ticket gets', () => {
  it('routes, prioritises and measures a new ticket by the configuration just made, in the calendar’s own zone', async () => {
    const calendar = payloadOf({ data: { c: await createCalendar({ name: 'New York desk', timeZone: 'America/New_York', workingHours: weekdays('09:00', '17:00'), holidays: [{ date: '2026-11-26', name: 'Thanksgiving' }] }) } }, 'c').calendar;
    expect(calendar.workingHours).toHaveLength(5);
    const supervisors = payloadOf({ data: { q: await createQueue({ name: 'US supervisors' }) } }, 'q').queue;
    const desk = payloadOf({ data: { q: await createQueue({ name: 'US social desk', escalationQueueId: supervisors.id }) } }, 'q').queue;
    expect(desk.escalationQueue).toEqual({ name: 'US supervisors' });
    const parent = payloadOf({ data: { c: await createCategory({ kind: 'COMPLAINT', name: 'US complaints', script: 'Apologise first.' }) } }, 'c').category;
    const category = payloadOf({ data: { c: await createCategory({ kind: 'COMPLAINT', parentId: parent.id, name: 'Public complaint' }) } }, 'c').category;
    expect(category.path).toEqual(['US complaints', 'Public complaint']);
    const policy = payloadOf({ data: { p: await createPolicy({ name: 'US urgent complaints', priority: 'URGENT', categoryId: parent.id, firstResponseMinutes: 120, resolutionMinutes: 960, calendarId: calendar.id }) } }, 'p').policy;
    expect(policy).toMatchObject({ calendar: { name: 'New York desk' }, category: { name: 'US complaints' } });
    const rule = payloadOf({ data: { r: await createRule({ name: 'Social complaints first', position: 1, conditions: { channels: ['SOCIAL'], categoryIds: [parent.id] }, queueId: desk.id, priority: 'URGENT' }) } }, 'r').rule;
    expect(rule).toMatchObject({ position: 1, queue: { name: 'US social desk' }, priority: 'URGENT', conditions: { channels: ['SOCIAL'], countries: null, categories: [{ name: 'US complaints' }] } });

    const customer = await demoCustomer(server, 'KEY_ACCOUNT');
    const opened = await server.graphql(
      `mutation ($input: CreateTicketInput!) { createTicket(input: $input) { ... on TicketPayload { ticket {
         priority queue { name } routing { rule { name } explanation } serviceScript { text }
         sla { policy { name } firstResponse { dueAt } resolution { dueAt } } } } ${ERRORS} } }`,
      { input: { customerId: customer.id, channel: 'SOCIAL', categoryId: category.id, subject: 'Tweet about a rude clerk', description: '…' } },
    );
    // The new rule runs before the key-account rule; 2 business hours from Monday 10:00 New York (EST) → 12:00 = 17:00Z;
    // 16 hours → Monday 7, Tuesday 8, Wednesday 1 → Wednesday 10:00 = 15:00Z.
    expect(payloadOf(opened, 'createTicket').ticket).toEqual({
      priority: 'URGENT',
      queue: { name: 'US social desk' },
      routing: {
        rule: { name: 'Social complaints first' },
        explanation: 'Rule "Social complaints first" (position 1) matched: category is under US complaints, channel is SOCIAL. Queue US social desk by the rule; priority URGENT by the rule.',
      },
      serviceScript: { text: 'Apologise first.' },
      sla: { policy: { name: 'US urgent complaints' }, firstResponse: { dueAt: '2026-11-16T17:00:00.000Z' }, resolution: { dueAt: '2026-11-18T15:00:00.000Z' } },
    });

    const { rows } = await server.owner.query(`SELECT topic, count(*)::int AS n FROM "OutboxEvent" WHERE topic LIKE 'service.%' AND "actorId" = 'manager:test' GROUP BY 1 ORDER BY 1`);
    expect(rows.map((row) => row.topic)).toEqual(['service.calendarSaved', 'service.categorySaved', 'service.queueSaved', 'service.routingRuleSaved', 'service.slaPolicySaved']);
  });

  it('keeps satisfaction on the ticket alone where the interactions area is not enabled', async () => {
    const customer = await demoCustomer(server, 'CUSTOMER', 'KEY_ACCOUNT');
    const { rows } = await server.owner.query(`SELECT id::text FROM "TicketCategory" WHERE "tenantId" = 'demo' AND name = 'Copia de factura'`);
    const opened = await server.graphql(
      `mutation ($input: CreateTicketInput!) { createTicket(input: $input) { ... on TicketPayload { ticket { id } } ${ERRORS} } }`,
      { input: { customerId: customer.id, channel: 'EMAIL', categoryId: Buffer.from(`TicketCategory:${rows[0].id}`).toString('base64'), subject: 'Factura', description: 'La de octubre' } },
    );
    const ticketId = payloadOf(opened, 'createTicket').ticket.id;
    await server.graphql(`mutation ($id: ID!) { changeTicketStatus(input: { id: $id, status: RESOLVED }) { __typename } }`, { id: ticketId });
    const interactionsBefore = (await server.owner.query(`SELECT count(*)::int AS n FROM "Interaction"`)).rows[0].n;
    const rated = await server.graphql(`mutation ($id: ID!) { rateTicket(input: { ticketId: $id, score: 4 }) { ... on TicketPayload { ticket { satisfaction { score interactionId } } } ${ERRORS} } }`, { id: ticketId });
    expect(payloadOf(rated, 'rateTicket').ticket.satisfaction).toEqual({ score: 4, interactionId: null });
    expect((await server.owner.query(`SELECT count(*)::int AS n FROM "Interaction"`)).rows[0].n).toBe(interactionsBefore);
  });

  it('moves the default queue: exactly one queue of the tenant is the default', async () => {
    const queue = payloadOf({ data: { q: await createQueue({ name: 'New default', isDefault: true }) } }, 'q').queue;
    expect(queue.isDefault).toBe(true);
    const { rows } = await server.owner.query(`SELECT name FROM "TicketQueue" WHERE "tenantId" = 'demo' AND "isDefault"`);
    expect(rows).toEqual([{ name: 'New default' }]);
    const undone = await manage('updateTicketQueue', 'UpdateTicketQueueInput', { id: queue.id, isDefault: false }, 'TicketQueuePayload { queue { id } }');
    expect(undone).toMatchObject({ __typename: 'ValidationError', fieldErrors: [{ path: ['input', 'isDefault'] }] });
  });
});
