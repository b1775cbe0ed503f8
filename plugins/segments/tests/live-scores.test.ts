import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { manualClock } from '../../../src/plugin-api.ts';
import { startTestServer, type TestServer, type TokenRequest } from '../../../tests/support/server.ts';
import { createSegmentsPlugin } from '../plugin.ts';
import { CREATE_SEGMENT, customerGlobalIdOf, tenantRows } from './support.ts';
import { CUSTOMER_SCORE, expectedPurchases, expectedPurchaseValue, inDays, purchaseHistories, quintile, VALUE_MODEL } from './support-scores.ts';

const RECORD = /* GraphQL */ `
  mutation Record($input: RecordInteractionInput!) {
    recordInteraction(input: $input) { __typename ... on ValidationError { message } }
  }
`;

const DAY_MS = 86_400_000;

/** Polls `read` until `done` holds for what it returns, at most `timeoutMs`. */
async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const started = performance.now();
  for (;;) {
    const value = await read();
    if (done(value) || performance.now() - started > timeoutMs) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

// Scores kept up to date while the server runs: a purchase recorded over HTTP rescores its customer
// from the stored models before segments re-read their scores, a tenant's first purchase scores it
// whole, and the scheduled pass refits every tenant once its scores are a day old.
describe('live customer scores', () => {
  const seededAt = new Date(inject('demoSeededAt'));
  const clock = manualClock(seededAt);
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({
      clock,
      // The segments plugin with a fast scoring scheduler, instead of the folder's default instance.
      environment: { NEXO_BACKGROUND_JOBS: 'true', NEXO_PLUGINS: 'profile,interactions,pipeline,tickets' },
      extraPlugins: [createSegmentsPlugin({ scoringIntervalMs: 200 })],
      reactionPollIntervalMs: 250,
    });
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
  });

  const valueModel = async (as?: TokenRequest) => (await server.graphql(VALUE_MODEL, {}, as ? { as } : {})).data!.valueModel;

  it('a purchase recorded over HTTP rescores its customer from the stored models, before segments read the scores', async () => {
    const [customer] = await tenantRows<{ id: string; kind: string }>(
      server.owner,
      'demo',
      `SELECT c.id::text, c.kind::text FROM "CustomerScore" s JOIN "Customer" c ON c.id = s."customerId"
       WHERE s."tenantId" = 'demo' AND c."archivedAt" IS NULL AND s.purchases >= 2 AND s."recencyScore" <= 3 ORDER BY c.id LIMIT 1`,
    );
    const id = customerGlobalIdOf(customer!.kind, customer!.id);
    const created = await server.graphql(CREATE_SEGMENT, {
      input: { name: 'Bought most recently', kind: 'DYNAMIC', rule: { fact: { fact: 'segments.recencyScore', operator: 'EQUALS', number: 5 } } },
    });
    expect(created.data?.createSegment.__typename).toBe('SegmentPayload');
    const modelBefore = await valueModel();
    const before = (await server.graphql(CUSTOMER_SCORE, { id })).data!.node.score;

    const recorded = await server.graphql(RECORD, {
      input: { customerId: id, channel: 'WEB', direction: 'INBOUND', kind: 'PURCHASE', amount: '100.00', currency: 'EUR', occurredAt: seededAt.toISOString(), source: 'scores-test', externalId: 'live-score-1' },
    });
    expect(recorded.data?.recordInteraction.__typename).toBe('RecordInteractionPayload');
    const after = await eventually(
      async () => (await server.graphql(CUSTOMER_SCORE, { id })).data!.node.score,
      (score) => score.purchases === before.purchases + 1,
    );
    expect(after.purchases).toBe(before.purchases + 1);
    expect(after.recencyDays).toBe(0);
    expect(Number(after.monetaryValue)).toBeCloseTo(Number(before.monetaryValue) + 100, 2);
    // From the stored models: the tenant was not refitted.
    expect(await valueModel()).toEqual(modelBefore);
    const history = (await purchaseHistories(server.owner, 'demo', 'EUR', seededAt)).get(customer!.id)!;
    const days = inDays(history, seededAt);
    const purchases = expectedPurchases(modelBefore.purchaseModel, 365, days);
    expect(Math.abs(after.predictedPurchases - purchases) / purchases).toBeLessThan(1e-6);
    expect(Number(after.predictedValue)).toBeCloseTo(purchases * expectedPurchaseValue(modelBefore.spendModel, days.x, history.averageRepeatValue), 2);

    // Ranked against the others as they stand, with them.
    const others = await tenantRows<{ purchases: number; monetary: string }>(
      server.owner,
      'demo',
      `SELECT s.purchases, s."monetaryValue"::text AS monetary FROM "CustomerScore" s JOIN "Customer" c ON c.id = s."customerId"
       WHERE s."tenantId" = 'demo' AND c."archivedAt" IS NULL AND s.purchases > 0 AND s."customerId" <> $1::uuid`,
      [customer!.id],
    );
    const cents = (amount: string) => Math.round(Number(amount) * 100);
    expect(after.recencyScore).toBe(5);
    expect(after.frequencyScore).toBe(quintile([...others.map((other) => other.purchases), after.purchases], after.purchases));
    expect(after.monetaryScore).toBe(quintile([...others.map((other) => cents(other.monetary)), cents(after.monetaryValue)], cents(after.monetaryValue)));

    // The same reaction re-evaluated the segment after the scores: the customer is in it.
    const stays = await tenantRows<{ count: number }>(
      server.owner,
      'demo',
      `SELECT count(*)::int AS count FROM "SegmentMembership" m JOIN "Segment" s ON s.id = m."segmentId"
       WHERE m."tenantId" = 'demo' AND s.name = 'Bought most recently' AND m."customerId" = $1::uuid AND m."exitedAt" IS NULL`,
      [customer!.id],
    );
    expect(stays[0]!.count).toBe(1);
  }, 30_000);

  it("a tenant's first purchase scores the whole tenant", async () => {
    const created = await server.graphql(
      `mutation($input: CreateTenantInput!) { createTenant(input: $input) { __typename } }`,
      { input: { slug: 'first-buyer', name: 'First Buyer' } },
      { as: { tenant: 'demo', roles: ['operator'], subject: 'ops' } },
    );
    expect(created.data?.createTenant.__typename).toBe('TenantPayload');
    const as = { tenant: 'first-buyer', roles: ['admin'] };
    expect(await valueModel(as)).toBeNull();
    const person = await server.graphql(`mutation { createPerson(input: { firstName: "Primera", lastName: "Compra" }) { ... on PersonPayload { person { id } } } }`, {}, { as });
    const customerId = person.data!.createPerson.person.id;
    const recorded = await server.graphql(
      RECORD,
      { input: { customerId, channel: 'POINT_OF_SALE', direction: 'INBOUND', kind: 'PURCHASE', amount: '12.50', currency: 'MXN', occurredAt: new Date(seededAt.getTime() - DAY_MS).toISOString(), source: 'scores-test', externalId: 'first-1' } },
      { as },
    );
    expect(recorded.data?.recordInteraction.__typename).toBe('RecordInteractionPayload');
    const model = await eventually(() => valueModel(as), (found) => found !== null);
    expect(model).toMatchObject({ currency: 'MXN', method: 'FALLBACK', fallbackReason: 'TOO_FEW_REPEAT_BUYERS', customers: 1, repeatBuyers: 0 });
    const score = (await server.graphql(CUSTOMER_SCORE, { id: customerId }, { as })).data!.node.score;
    expect(score).toMatchObject({ purchases: 1, recencyDays: 1, monetaryValue: '12.50', currency: 'MXN', recencyScore: 5, frequencyScore: 5, monetaryScore: 5, rfmCell: 'CHAMPIONS' });
  }, 30_000);

  it('the scheduled pass refits and rescores every tenant once its scores are a day old', async () => {
    const before = await valueModel();
    clock.advance(DAY_MS + 60_000);
    const now = clock.now();
    // A refit of the whole tenant: on a busy machine it takes longer than one purchase's rescoring.
    const after = await eventually(valueModel, (model) => new Date(model.fittedAt).getTime() === now.getTime(), 45_000);
    expect(new Date(after.fittedAt)).toEqual(now);
    expect(new Date(after.nextScoringAt).getTime()).toBe(now.getTime() + DAY_MS);
    expect(after.purchaseModel).not.toEqual(before.purchaseModel);
    const acme = await eventually(() => valueModel({ tenant: 'acme' }), (model) => new Date(model.fittedAt).getTime() === now.getTime(), 45_000);
    expect(new Date(acme.fittedAt)).toEqual(now);
    const stale = await tenantRows<{ count: number }>(server.owner, 'demo', `SELECT count(*)::int AS count FROM "CustomerScore" WHERE "tenantId" = 'demo' AND "computedAt" <> $1::timestamp(3)`, [now]);
    expect(stale[0]!.count).toBe(0);
  }, 30_000);
});
