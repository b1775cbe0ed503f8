import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { manualClock } from '../../../src/plugin-api.ts';
import { CompleteActivity, CreateOpportunity, MyDay, ScheduleActivity } from '../../../tests/documents/pipeline.ts';
import { startTestServer, type TestServer, type TokenRequest } from '../../../tests/support/server.ts';
import { globalId, rowIdOf, statementsOf } from './support.ts';

// The sales agenda: tasks, calls and meetings linked to a customer and/or an opportunity, and one
// user's day — overdue, the rest of today in their time zone, and the days ahead.

let server: TestServer;
let customerId: string;
let otherCustomerId: string;
let opportunityId: string;

const REP: TokenRequest = { tenant: 'demo', roles: ['sales'], subject: 'rep-agenda-olga' };
const OTHER_REP: TokenRequest = { tenant: 'demo', roles: ['sales'], subject: 'rep-agenda-pablo' };
const MANAGER: TokenRequest = { tenant: 'demo', roles: ['sales-manager'], subject: 'manager-agenda-elena' };
const HOUR = 3_600_000;

// The server's clock stands where the demo history ends, so the demo's recent activity is recent.
const clock = manualClock(new Date(inject('demoSeededAt')));

beforeAll(async () => {
  server = await startTestServer({ clock });
  const { rows } = await server.owner.query(`SELECT id::text FROM "Customer" WHERE "tenantId" = 'demo' AND kind = 'PERSON' AND "archivedAt" IS NULL ORDER BY id LIMIT 2`);
  [customerId, otherCustomerId] = rows.map((row) => globalId('Person', row.id)) as [string, string];
  const deal = await server.graphql(CreateOpportunity, { input: { customerId, name: 'Gift cards', currency: 'EUR', expectedCloseDate: '2027-01-15' } }, { as: REP });
  opportunityId = (deal.data!.createOpportunity as { opportunity: { id: string } }).opportunity.id;
});
afterAll(() => server?.stop());

async function schedule(input: Record<string, unknown>, as: TokenRequest = REP) {
  const result = await server.graphql(ScheduleActivity, { input: { kind: 'CALL', subject: 'Call about the budget', ...input } as never }, { as });
  return result.data!.scheduleActivity;
}

async function scheduled(input: Record<string, unknown>, as: TokenRequest = REP) {
  const payload = await schedule(input, as);
  if (payload.__typename !== 'SalesActivityPayload') throw new Error(JSON.stringify(payload));
  return payload.activity;
}

/** The end of today in `timeZone`, as an instant, from the wall clock the way Intl reads it. */
function endOfLocalDay(timeZone: string, now: Date): Date {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })
    .formatToParts(now)
    .map((part) => [part.type, part.value]));
  const localNow = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  const localMidnight = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day) + 1);
  return new Date(now.getTime() + (localMidnight - localNow) - now.getUTCMilliseconds());
}

describe('scheduling', () => {
  it('links an item to the customer of the opportunity named, and assigns it to its creator', async () => {
    const activity = await scheduled({ opportunityId, dueAt: new Date(clock.now().getTime() + 48 * HOUR).toISOString(), durationMinutes: 30 });
    expect(activity).toMatchObject({ kind: 'CALL', status: 'OPEN', assigneeId: 'rep-agenda-olga', overdue: false, customer: { id: customerId }, opportunity: { id: opportunityId } });
    const timeline = await server.graphql(`query($id: ID!) { customer(id: $id) { timeline(first: 1) { edges { node { topic subjectId } } } } }`, { id: customerId });
    expect(timeline.data!.customer.timeline.edges[0].node).toEqual({ topic: 'agenda.activityScheduled', subjectId: activity.id });
  });

  it('refuses an item about nothing, about an opportunity of another customer, or for a colleague', async () => {
    const dueAt = clock.now().toISOString();
    expect(await schedule({ dueAt })).toMatchObject({ __typename: 'ValidationError', fieldErrors: [{ path: ['input', 'customerId'] }] });
    expect(await schedule({ dueAt, customerId: otherCustomerId, opportunityId })).toMatchObject({ __typename: 'ValidationError', fieldErrors: [{ path: ['input', 'opportunityId'] }] });
    expect(await schedule({ dueAt, customerId, assigneeId: 'rep-agenda-pablo' })).toMatchObject({ __typename: 'ForbiddenError' });
    expect(await schedule({ dueAt, customerId, durationMinutes: 0 })).toMatchObject({ __typename: 'ValidationError', fieldErrors: [{ path: ['input', 'durationMinutes'] }] });
    expect(await schedule({ dueAt, customerId, assigneeId: 'rep-agenda-pablo' }, MANAGER)).toMatchObject({ activity: { assigneeId: 'rep-agenda-pablo' } });
  });

  it('is completed once, by its assignee or a manager, with what came of it', async () => {
    const activity = await scheduled({ customerId, dueAt: new Date(clock.now().getTime() - HOUR).toISOString() });
    expect(activity.overdue).toBe(true);
    const byColleague = await server.graphql(CompleteActivity, { input: { id: activity.id } }, { as: OTHER_REP });
    expect(byColleague.data!.completeActivity).toMatchObject({ __typename: 'ForbiddenError' });
    const done = await server.graphql(CompleteActivity, { input: { id: activity.id, outcome: 'Wants a revised offer' } }, { as: REP });
    expect(done.data!.completeActivity).toMatchObject({ activity: { status: 'DONE', overdue: false, outcome: 'Wants a revised offer', completedAt: expect.any(String) } });
    const again = await server.graphql(CompleteActivity, { input: { id: activity.id } }, { as: REP });
    expect(again.data!.completeActivity).toMatchObject({ __typename: 'ConflictError' });
  });
});

describe('my day', () => {
  it("splits one user's open items into overdue, the rest of today in their time zone, and the days ahead", async () => {
    const me: TokenRequest = { tenant: 'demo', roles: ['sales'], subject: 'rep-agenda-day' };
    const now = clock.now();
    // The zone whose day has the most left, so "later today" is never tomorrow while the test runs.
    const timeZone = ['Pacific/Kiritimati', 'Asia/Tokyo', 'Europe/Madrid', 'America/New_York', 'Pacific/Pago_Pago']
      .map((zone) => ({ zone, end: endOfLocalDay(zone, now) }))
      .sort((a, b) => b.end.getTime() - a.end.getTime())[0]!;
    const laterToday = new Date(now.getTime() + (timeZone.end.getTime() - now.getTime()) / 2);
    const items = {
      overdue: await scheduled({ customerId, subject: 'Overdue call', dueAt: new Date(now.getTime() - 26 * HOUR).toISOString() }, me),
      overdueToo: await scheduled({ customerId, subject: 'Overdue task', kind: 'TASK', dueAt: new Date(now.getTime() - HOUR).toISOString() }, me),
      today: await scheduled({ customerId, subject: 'Later today', kind: 'MEETING', dueAt: laterToday.toISOString() }, me),
      tomorrow: await scheduled({ customerId, subject: 'Tomorrow', dueAt: new Date(timeZone.end.getTime() + HOUR).toISOString() }, me),
      nextWeek: await scheduled({ customerId, subject: 'Too far', dueAt: new Date(timeZone.end.getTime() + 8 * 24 * HOUR).toISOString() }, me),
      done: await scheduled({ customerId, subject: 'Already done', dueAt: new Date(now.getTime() - 2 * HOUR).toISOString() }, me),
    };
    await server.graphql(CompleteActivity, { input: { id: items.done.id } }, { as: me });
    await scheduled({ customerId, subject: 'Someone else', dueAt: new Date(now.getTime() - HOUR).toISOString() }, REP);

    const day = await server.graphql(MyDay, { timeZone: timeZone.zone, days: 7 }, { as: me });
    expect(day.errors).toBeUndefined();
    const ids = (list: { id: string }[]) => list.map((item) => item.id);
    expect(day.data!.myDay).toMatchObject({ assigneeId: 'rep-agenda-day', overdueCount: 2, todayCount: 1, upcomingCount: 1 });
    expect(ids(day.data!.myDay.overdue)).toEqual([items.overdue.id, items.overdueToo.id]);
    expect(ids(day.data!.myDay.today)).toEqual([items.today.id]);
    expect(ids(day.data!.myDay.upcoming)).toEqual([items.tomorrow.id]);
    expect(day.data!.myDay.date).toBe(new Intl.DateTimeFormat('en-CA', { timeZone: timeZone.zone }).format(now));

    const longer = await server.graphql(MyDay, { timeZone: timeZone.zone, days: 10, first: 1 }, { as: me });
    expect(longer.data!.myDay).toMatchObject({ overdueCount: 2, upcomingCount: 2 });
    expect(ids(longer.data!.myDay.overdue)).toEqual([items.overdue.id]);
    expect(ids(longer.data!.myDay.upcoming)).toEqual([items.tomorrow.id]);

    const colleague = await server.graphql(MyDay, { assigneeId: 'rep-agenda-day' }, { as: REP });
    expect(colleague.data!.myDay.overdueCount).toBe(2);
  });

  it("costs the same few SQL statements for 1 item per list as for 100, the items' customers and opportunities included", async () => {
    const { rows } = await server.owner.query<{ assigneeId: string }>(
      `SELECT "assigneeId" FROM "SalesActivity" WHERE "tenantId" = 'demo' AND status = 'OPEN' GROUP BY "assigneeId" ORDER BY count(*) DESC, "assigneeId" LIMIT 1`,
    );
    const query = `query MyDayStatements($assigneeId: String, $first: Int) { myDay(assigneeId: $assigneeId, days: 31, first: $first) {
      overdue { id subject customer { displayName } opportunity { name stage } }
      today { id subject customer { displayName } opportunity { name stage } }
      upcoming { id subject customer { displayName } opportunity { name stage } }
    } }`;
    const one = await statementsOf(server, query, 'MyDayStatements', { assigneeId: rows[0]!.assigneeId, first: 1 });
    const many = await statementsOf(server, query, 'MyDayStatements', { assigneeId: rows[0]!.assigneeId, first: 100 });
    const day = many.data.myDay;
    const items: { id: string; customer: { displayName: string }; opportunity: { name: string; stage: string } }[] = [...day.overdue, ...day.today, ...day.upcoming];
    expect(items.length).toBeGreaterThan(10);
    console.info(`myDay: ${one.statements} statements for 1 item per list, ${many.statements} for 100 (${items.length} items)`);
    expect(many.statements).toBe(one.statements);
    expect(many.statements).toBeLessThanOrEqual(5);

    const expected = await server.owner.query<{ id: string; displayName: string; name: string; stage: string }>(
      `SELECT a.id::text, c."displayName", o.name, o.stage::text FROM "SalesActivity" a
       JOIN "Customer" c ON c.id = a."customerId" JOIN "Opportunity" o ON o.id = a."opportunityId" WHERE a.id = ANY($1::uuid[])`,
      [items.map((item) => rowIdOf(item.id))],
    );
    const byId = new Map(expected.rows.map((row) => [globalId('SalesActivity', row.id), row]));
    for (const item of items) {
      const row = byId.get(item.id)!;
      expect(item).toMatchObject({ customer: { displayName: row.displayName }, opportunity: { name: row.name, stage: row.stage } });
    }
  });

  it('refuses an unknown time zone and out-of-range sizes', async () => {
    const zone = await server.graphql(MyDay, { timeZone: 'Mars/Olympus' }, { as: REP });
    expect(zone.errors?.[0]).toMatchObject({ extensions: { code: 'VALIDATION' } });
    const days = await server.graphql(MyDay, { days: 0 }, { as: REP });
    expect(days.errors?.[0]).toMatchObject({ extensions: { code: 'VALIDATION' } });
  });
});
