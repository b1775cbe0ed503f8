import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { manualClock } from '../../../src/plugin-api.ts';
import { CreateOpportunity, MoveOpportunity, UpdateOpportunity } from '../../../tests/documents/pipeline.ts';
import { startTestServer, type TestServer, type TokenRequest } from '../../../tests/support/server.ts';
import { readerWithoutSalesPlugin } from '../../../tests/support/reader-without-sales-plugin.ts';
import { globalId, rowIdOf } from './support.ts';

// Opportunities through the stages: every change recorded (who, when, from, to), and every
// illegal move a typed error that changes nothing — no row, no history entry, no event.

let server: TestServer;
// The server's clock, set by the test: every time the API writes is this instant.
const clock = manualClock(new Date(inject('demoSeededAt')));
let customerId: string;
let acmeCustomerId: string;

const REP: TokenRequest = { tenant: 'demo', roles: ['sales'], subject: 'rep-olga' };
const OTHER_REP: TokenRequest = { tenant: 'demo', roles: ['sales'], subject: 'rep-pablo' };
const MANAGER: TokenRequest = { tenant: 'demo', roles: ['sales-manager'], subject: 'manager-elena' };


beforeAll(async () => {
  server = await startTestServer({ clock, extraPlugins: [readerWithoutSalesPlugin] });
  const { rows } = await server.owner.query<{ tenantId: string; id: string }>(
    `SELECT DISTINCT ON ("tenantId") "tenantId", id::text FROM "Customer" WHERE kind = 'ORGANIZATION' AND "archivedAt" IS NULL ORDER BY "tenantId", id`,
  );
  customerId = globalId('Organization', rows.find((row) => row.tenantId === 'demo')!.id);
  acmeCustomerId = globalId('Organization', rows.find((row) => row.tenantId === 'acme')!.id);
});
afterAll(() => server?.stop());

/** Everything a refused change must leave as it was. */
async function footprint(): Promise<Record<string, unknown>> {
  const { rows } = await server.owner.query(
    `SELECT (SELECT count(*)::int FROM "Opportunity") AS opportunities,
            (SELECT count(*)::int FROM "OpportunityStageChange") AS changes,
            (SELECT count(*)::int FROM "OutboxEvent" WHERE topic LIKE 'opportunity.%') AS events,
            (SELECT md5(string_agg(o::text, '|' ORDER BY o.id)) FROM "Opportunity" o) AS rows`,
  );
  return rows[0];
}

let sequence = 0;
async function openDeal(overrides: Record<string, unknown> = {}, as: TokenRequest = REP) {
  sequence += 1;
  const result = await server.graphql(
    CreateOpportunity,
    { input: { customerId, name: `Catering for the spring fair ${sequence}`, currency: 'EUR', expectedCloseDate: '2027-03-31', ...overrides } as never },
    { as },
  );
  const payload = result.data!.createOpportunity;
  if (payload.__typename !== 'OpportunityPayload') throw new Error(`could not open a deal: ${JSON.stringify(payload)}`);
  return payload.opportunity;
}

async function move(input: Record<string, unknown>, as: TokenRequest = REP) {
  const result = await server.graphql(MoveOpportunity, { input: input as never }, { as });
  expect(result.errors).toBeUndefined();
  return result.data!.moveOpportunity;
}

describe('opening an opportunity', () => {
  it('starts in the stage given, owned by its creator, with that stage as the first entry of its history', async () => {
    const openedAt = clock.now().toISOString();
    const deal = await openDeal({ stage: 'OPPORTUNITY', amount: '12000.5', nextStep: 'Tasting on Monday' });
    expect(deal).toMatchObject({
      stage: 'OPPORTUNITY',
      stageNumber: 4,
      status: 'OPEN',
      amount: '12000.50',
      currency: 'EUR',
      expectedCloseDate: '2027-03-31',
      ownerId: 'rep-olga',
      probability: 35,
      probabilityOverride: null,
      weightedAmount: '4200.18',
      nextStep: 'Tasting on Monday',
      version: 1,
      closedAt: null,
    });
    expect(deal.stageHistory).toEqual([{ from: null, to: 'OPPORTUNITY', changedAt: deal.stageEnteredAt, actorId: 'rep-olga' }]);
    expect(deal.stageEnteredAt).toBe(openedAt);
  });

  it('defaults to PROSPECT without an amount', async () => {
    const deal = await openDeal();
    expect(deal).toMatchObject({ stage: 'PROSPECT', amount: null, weightedAmount: null, probability: 5 });
  });

  it.each([
    [{ currency: 'eur' }, ['input', 'currency']],
    [{ currency: 'XYZ' }, ['input', 'currency']],
    [{ amount: '-5' }, ['input', 'amount']],
    [{ amount: '10.005' }, ['input', 'amount']],
    [{ amount: '1e5' }, ['input', 'amount']],
    [{ name: '   ' }, ['input', 'name']],
    [{ probability: 101 }, ['input', 'probability']],
    [{ stage: 'CLOSED_WON', amount: '100' }, ['input', 'stage']],
    [{ expectedCloseDate: '1999-12-31' }, ['input', 'expectedCloseDate']],
  ])('refuses %j with a ValidationError at %j and writes nothing', async (overrides, path) => {
    const before = await footprint();
    const result = await server.graphql(
      CreateOpportunity,
      { input: { customerId, name: 'Refused', currency: 'EUR', expectedCloseDate: '2027-03-31', ...overrides } as never },
      { as: REP },
    );
    expect(result.data!.createOpportunity).toMatchObject({ __typename: 'ValidationError', code: 'VALIDATION', fieldErrors: [expect.objectContaining({ path })] });
    expect(await footprint()).toEqual(before);
  });

  it("answers NOT_FOUND for another tenant's customer, as for an unknown one", async () => {
    const before = await footprint();
    const result = await server.graphql(CreateOpportunity, { input: { customerId: acmeCustomerId, name: 'Elsewhere', currency: 'EUR', expectedCloseDate: '2027-03-31' } }, { as: REP });
    expect(result.data!.createOpportunity).toMatchObject({ __typename: 'NotFoundError', code: 'NOT_FOUND' });
    expect(await footprint()).toEqual(before);
  });

  it('lets only a manager open a deal for someone else', async () => {
    const refused = await server.graphql(CreateOpportunity, { input: { customerId, name: 'For Pablo', currency: 'EUR', expectedCloseDate: '2027-03-31', ownerId: 'rep-pablo' } }, { as: REP });
    expect(refused.data!.createOpportunity).toMatchObject({ __typename: 'ForbiddenError', code: 'FORBIDDEN' });
    const deal = await openDeal({ ownerId: 'rep-pablo' }, MANAGER);
    expect(deal.ownerId).toBe('rep-pablo');
  });
});

describe('moving through the stages', () => {
  it('records every move with who, when, from and to, forwards, skipping and back', async () => {
    const deal = await openDeal({ amount: '800' });
    for (const stage of ['QUALIFICATION', 'OFFER_DEVELOPMENT', 'OPPORTUNITY']) {
      const moved = await move({ id: deal.id, stage });
      expect(moved.__typename).toBe('OpportunityPayload');
    }
    const last = await move({ id: deal.id, stage: 'NEGOTIATION', nextStep: 'Final price call' });
    if (last.__typename !== 'OpportunityPayload') throw new Error(JSON.stringify(last));
    const history = last.opportunity.stageHistory;
    expect(history.map((change) => [change.from, change.to])).toEqual([
      [null, 'PROSPECT'],
      ['PROSPECT', 'QUALIFICATION'],
      ['QUALIFICATION', 'OFFER_DEVELOPMENT'],
      ['OFFER_DEVELOPMENT', 'OPPORTUNITY'],
      ['OPPORTUNITY', 'NEGOTIATION'],
    ]);
    expect(history.every((change) => change.actorId === 'rep-olga')).toBe(true);
    const times = history.map((change) => Date.parse(change.changedAt));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(last.opportunity).toMatchObject({ stage: 'NEGOTIATION', probability: 80, weightedAmount: '640.00', version: 5, nextStep: 'Final price call', stageEnteredAt: history.at(-1)!.changedAt });
  });

  it('refuses to win without an amount, or with 0, and changes nothing', async () => {
    const deal = await openDeal({ stage: 'NEGOTIATION' });
    const before = await footprint();
    const withoutAmount = await move({ id: deal.id, stage: 'CLOSED_WON' });
    expect(withoutAmount).toMatchObject({ __typename: 'ValidationError', fieldErrors: [{ path: ['input', 'amount'], message: expect.stringMatching(/required to win/) }] });
    const zero = await move({ id: deal.id, stage: 'CLOSED_WON', amount: '0.00' });
    expect(zero).toMatchObject({ __typename: 'ValidationError', fieldErrors: [{ path: ['input', 'amount'], message: expect.stringMatching(/greater than 0/) }] });
    expect(await footprint()).toEqual(before);
  });

  it('wins with the amount given in the same move: closed, certain, and its event names the amount', async () => {
    const deal = await openDeal({ stage: 'SHORTLIST', amount: '5000', probability: 70 });
    expect(deal.probability).toBe(70);
    const won = await move({ id: deal.id, stage: 'CLOSED_WON', amount: '5250.75' });
    if (won.__typename !== 'OpportunityPayload') throw new Error(JSON.stringify(won));
    expect(won.opportunity).toMatchObject({ stage: 'CLOSED_WON', stageNumber: 8, status: 'WON', amount: '5250.75', probability: 100, probabilityOverride: null, weightedAmount: '5250.75' });
    expect(won.opportunity.closedAt).toBe(won.opportunity.stageEnteredAt);
    const { rows } = await server.owner.query(`SELECT topic, payload, "actorId" FROM "OutboxEvent" WHERE "subjectId" = $1 ORDER BY id DESC LIMIT 1`, [deal.id]);
    expect(rows[0]).toMatchObject({ topic: 'opportunity.won', actorId: 'rep-olga', payload: { from: 'SHORTLIST', to: 'CLOSED_WON', amount: '5250.75', currency: 'EUR', probability: 100 } });
  });

  it('refuses to lose without a reason; with one, records it', async () => {
    const deal = await openDeal({ stage: 'QUALIFICATION' });
    const before = await footprint();
    expect(await move({ id: deal.id, stage: 'CLOSED_LOST' })).toMatchObject({ __typename: 'ValidationError', fieldErrors: [{ path: ['input', 'lostReason'] }] });
    expect(await move({ id: deal.id, stage: 'OPPORTUNITY', lostReason: 'PRICE' })).toMatchObject({ __typename: 'ValidationError', fieldErrors: [{ path: ['input', 'lostReason'] }] });
    expect(await footprint()).toEqual(before);
    const lost = await move({ id: deal.id, stage: 'CLOSED_LOST', lostReason: 'COMPETITOR', lostNote: 'Went with the supermarket chain' });
    expect(lost).toMatchObject({ opportunity: { status: 'LOST', lostReason: 'COMPETITOR', lostNote: 'Went with the supermarket chain', probability: 0 } });
  });

  it('refuses a move to the stage the deal is already in', async () => {
    const deal = await openDeal({ stage: 'QUALIFICATION' });
    expect(await move({ id: deal.id, stage: 'QUALIFICATION' })).toMatchObject({ __typename: 'ValidationError', fieldErrors: [{ path: ['input', 'stage'] }] });
  });

  it('lets only a manager reopen a won deal, and records the reopening', async () => {
    const deal = await openDeal({ stage: 'NEGOTIATION', amount: '900' });
    await move({ id: deal.id, stage: 'CLOSED_WON' });
    const before = await footprint();
    for (const stage of ['NEGOTIATION', 'CLOSED_LOST']) {
      const refused = await move({ id: deal.id, stage, lostReason: stage === 'CLOSED_LOST' ? 'PRICE' : undefined });
      expect(refused).toMatchObject({ __typename: 'ForbiddenError', code: 'FORBIDDEN', message: expect.stringMatching(/sales manager/) });
    }
    expect(await footprint()).toEqual(before);

    const reopened = await move({ id: deal.id, stage: 'NEGOTIATION' }, MANAGER);
    expect(reopened).toMatchObject({ opportunity: { stage: 'NEGOTIATION', status: 'OPEN', closedAt: null, probability: 80, amount: '900.00' } });
    if (reopened.__typename !== 'OpportunityPayload') throw new Error('not reopened');
    expect(reopened.opportunity.stageHistory.at(-1)).toMatchObject({ from: 'CLOSED_WON', to: 'NEGOTIATION', actorId: 'manager-elena' });
  });

  it("refuses a rep's move of a colleague's deal, and lets a manager make it", async () => {
    const deal = await openDeal({}, OTHER_REP);
    const before = await footprint();
    expect(await move({ id: deal.id, stage: 'QUALIFICATION' }, REP)).toMatchObject({ __typename: 'ForbiddenError' });
    expect(await footprint()).toEqual(before);
    expect(await move({ id: deal.id, stage: 'QUALIFICATION' }, MANAGER)).toMatchObject({ opportunity: { stage: 'QUALIFICATION', ownerId: 'rep-pablo' } });
  });

  it('refuses a move based on a version that is no longer current', async () => {
    const deal = await openDeal();
    await move({ id: deal.id, stage: 'POTENTIAL_LEAD', expectedVersion: 1 });
    const before = await footprint();
    const stale = await move({ id: deal.id, stage: 'QUALIFICATION', expectedVersion: 1 });
    expect(stale).toMatchObject({ __typename: 'ConflictError', code: 'CONFLICT', existingId: deal.id, message: expect.stringMatching(/your version 1, now 2/) });
    expect(await footprint()).toEqual(before);
  });

  it('lets two moves of one deal at the same moment both land, one after the other, in the history', async () => {
    const deal = await openDeal();
    const [first, second] = await Promise.all([move({ id: deal.id, stage: 'QUALIFICATION' }), move({ id: deal.id, stage: 'OPPORTUNITY' })]);
    expect([first.__typename, second.__typename]).toEqual(['OpportunityPayload', 'OpportunityPayload']);
    const { rows } = await server.owner.query(`SELECT "fromStage", "toStage" FROM "OpportunityStageChange" WHERE "opportunityId" = $1 ORDER BY "changedAt", id`, [
      rowIdOf(deal.id),
    ]);
    // Each move starts from where the other left it: the row lock makes them take turns.
    expect(rows[1].fromStage).toBe('PROSPECT');
    expect(rows[2].fromStage).toBe(rows[1].toStage);
  });

  it('forgets the owner\'s own probability when the deal changes stage, unless a new one comes with the move', async () => {
    const deal = await openDeal({ stage: 'QUALIFICATION', amount: '1000', probability: 40 });
    expect(deal).toMatchObject({ probability: 40, probabilityOverride: 40, weightedAmount: '400.00' });
    const moved = await move({ id: deal.id, stage: 'OPPORTUNITY' });
    expect(moved).toMatchObject({ opportunity: { probability: 35, probabilityOverride: null } });
    const estimated = await move({ id: deal.id, stage: 'OFFER_DEVELOPMENT', probability: 60 });
    expect(estimated).toMatchObject({ opportunity: { probability: 60, probabilityOverride: 60, weightedAmount: '600.00' } });
  });
});

describe('editing an opportunity', () => {
  it('changes only the fields given, counts the version up and says what changed in its event', async () => {
    const deal = await openDeal({ amount: '100' });
    const result = await server.graphql(UpdateOpportunity, { input: { id: deal.id, amount: '250.40', nextStep: 'Send samples', expectedVersion: 1 } }, { as: REP });
    expect(result.data!.updateOpportunity).toMatchObject({ opportunity: { amount: '250.40', nextStep: 'Send samples', name: deal.name, version: 2 } });
    const { rows } = await server.owner.query(`SELECT topic, payload FROM "OutboxEvent" WHERE "subjectId" = $1 ORDER BY id DESC LIMIT 1`, [deal.id]);
    expect(rows[0]).toEqual({ topic: 'opportunity.updated', payload: { name: deal.name, changed: ['amount', 'nextStep'] } });
  });

  it('leaves reassignment and closed deals to managers', async () => {
    const deal = await openDeal({ stage: 'NEGOTIATION', amount: '300' });
    const reassign = await server.graphql(UpdateOpportunity, { input: { id: deal.id, ownerId: 'rep-pablo' } }, { as: REP });
    expect(reassign.data!.updateOpportunity).toMatchObject({ __typename: 'ForbiddenError' });
    await move({ id: deal.id, stage: 'CLOSED_WON' });
    const before = await footprint();
    const edit = await server.graphql(UpdateOpportunity, { input: { id: deal.id, amount: '350' } }, { as: REP });
    expect(edit.data!.updateOpportunity).toMatchObject({ __typename: 'ForbiddenError', message: expect.stringMatching(/closed/) });
    const clear = await server.graphql(UpdateOpportunity, { input: { id: deal.id, amount: null } }, { as: MANAGER });
    expect(clear.data!.updateOpportunity).toMatchObject({ __typename: 'ValidationError', fieldErrors: [{ path: ['input', 'amount'] }] });
    expect(await footprint()).toEqual(before);
    const byManager = await server.graphql(UpdateOpportunity, { input: { id: deal.id, amount: '350', ownerId: 'rep-pablo' } }, { as: MANAGER });
    expect(byManager.data!.updateOpportunity).toMatchObject({ opportunity: { amount: '350.00', ownerId: 'rep-pablo' } });
  });

  it('is not offered to readers: a viewer or a service agent may not write, a role without pipeline:read may not even read', async () => {
    const deal = await openDeal();
    const viewer = await server.graphql(MoveOpportunity, { input: { id: deal.id, stage: 'QUALIFICATION' } }, { as: { tenant: 'demo', roles: ['viewer'] } });
    expect(viewer.data!.moveOpportunity).toMatchObject({ __typename: 'ForbiddenError' });
    const service = await server.graphql(MoveOpportunity, { input: { id: deal.id, stage: 'QUALIFICATION' } }, { as: { tenant: 'demo', roles: ['service'] } });
    expect(service.data!.moveOpportunity).toMatchObject({ __typename: 'ForbiddenError' });
    const unread = await server.graphql(`query($id: ID!) { node(id: $id) { ... on Opportunity { name } } }`, { id: deal.id }, { as: { tenant: 'demo', roles: ['reader-without-sales'] } });
    expect(unread.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it("does not find another tenant's deal", async () => {
    const deal = await openDeal();
    const acme = await server.graphql(MoveOpportunity, { input: { id: deal.id, stage: 'QUALIFICATION' } }, { as: { tenant: 'acme', roles: ['sales-manager'] } });
    expect(acme.data!.moveOpportunity).toMatchObject({ __typename: 'NotFoundError' });
    const read = await server.graphql(`query($id: ID!) { node(id: $id) { id } }`, { id: deal.id }, { as: { tenant: 'acme', roles: ['admin'] } });
    expect(read.data!.node).toBeNull();
  });
});
