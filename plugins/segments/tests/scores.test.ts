import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { manualClock } from '../../../src/plugin-api.ts';
import { startTestServer, type TestServer } from '../../../tests/support/server.ts';
import { rfmCellOf } from '../scores/rfm-cells.ts';
import { customerGlobalIdOf, PREVIEW, tenantRows } from './support.ts';
import {
  CUSTOMER_SCORE,
  expectedPurchases,
  expectedPurchaseValue,
  inDays,
  probabilityAlive,
  purchaseHistories,
  quintile,
  VALUE_MODEL,
  type TestHistory,
} from './support-scores.ts';

// Customer scores on the seeded demo, each against a computation of the test's own: RFM quintiles
// in TypeScript over purchases read with the test's SQL, historical value as an independent sum, and
// predicted values from the stored model parameters through the models' closed forms written out in
// support-scores.ts. The demo is scored by its seed, as of the end of its history.

const DAY_MS = 86_400_000;
const HORIZON_DAYS = 365;

interface StoredScore {
  customerId: string;
  kind: string;
  recencyScore: number | null;
  frequencyScore: number | null;
  monetaryScore: number | null;
  rfmCell: string | null;
  recencyDays: number | null;
  purchases: number;
  monetaryValue: string;
  historicalValue: Record<string, string>;
  probabilityAlive: number | null;
  churnRisk: number | null;
  churnReasons: { code: string; text: string }[];
  computedAt: Date;
}

describe('customer scores', () => {
  const seededAt = new Date(inject('demoSeededAt'));
  let server: TestServer;
  let scores: StoredScore[];

  beforeAll(async () => {
    server = await startTestServer({ clock: manualClock(seededAt) });
    scores = await tenantRows<StoredScore>(
      server.owner,
      'demo',
      `SELECT s."customerId"::text AS "customerId", c.kind::text AS kind, s."recencyScore", s."frequencyScore", s."monetaryScore", s."rfmCell"::text AS "rfmCell",
              s."recencyDays", s.purchases, s."monetaryValue"::text AS "monetaryValue", s."historicalValue", s."probabilityAlive", s."churnRisk", s."churnReasons", s."computedAt"
       FROM "CustomerScore" s JOIN "Customer" c ON c.id = s."customerId" WHERE s."tenantId" = 'demo' AND c."archivedAt" IS NULL`,
    );
  });
  afterAll(async () => {
    await server?.stop();
  });

  async function valueModel(token?: string) {
    const response = await server.graphql(VALUE_MODEL, {}, token ? { token } : {});
    expect(response.errors).toBeUndefined();
    return response.data!.valueModel;
  }

  it('the seed scored every customer of the demo as of the end of its history, in its main currency', async () => {
    const model = await valueModel();
    expect(model).toMatchObject({ currency: 'EUR', method: 'BG_NBD_GAMMA_GAMMA', fallbackReason: null, horizonDays: HORIZON_DAYS });
    expect(new Date(model.fittedAt)).toEqual(seededAt);
    expect(new Date(model.nextScoringAt).getTime()).toBe(seededAt.getTime() + DAY_MS);
    const [customers] = await tenantRows<{ live: number; mainCurrency: string }>(
      server.owner,
      'demo',
      `SELECT (SELECT count(*)::int FROM "Customer" WHERE "tenantId" = 'demo' AND "archivedAt" IS NULL) AS live,
              (SELECT currency::text FROM "Interaction" WHERE "tenantId" = 'demo' AND kind = 'PURCHASE' AND amount IS NOT NULL GROUP BY currency ORDER BY count(*) DESC LIMIT 1) AS "mainCurrency"`,
    );
    expect(customers!.mainCurrency).toBe('EUR');
    expect(scores).toHaveLength(customers!.live);
    expect(scores.every((score) => score.computedAt.getTime() === seededAt.getTime())).toBe(true);
  });

  it('RFM inputs, scores and cells equal an independent quintile computation over the purchases', async () => {
    const histories = await purchaseHistories(server.owner, 'demo', 'EUR', seededAt);
    const buyers = scores.filter((score) => histories.has(score.customerId));
    expect(buyers.length).toBeGreaterThan(1_000);
    // Better is higher: fewer days since the last purchase, more purchases, more spent.
    const recency = (history: TestHistory) => -Math.floor((seededAt.getTime() - history.last.getTime()) / DAY_MS);
    const frequency = (history: TestHistory) => history.purchases;
    const monetary = (history: TestHistory) => Math.round(history.total * 100);
    const values = (measure: (history: TestHistory) => number) => buyers.map((score) => measure(histories.get(score.customerId)!));
    const [recencies, frequencies, monetaries] = [values(recency), values(frequency), values(monetary)];
    for (const score of buyers) {
      const history = histories.get(score.customerId)!;
      expect(score.recencyDays).toBe(-recency(history));
      expect(score.purchases).toBe(history.purchases);
      expect(Math.round(Number(score.monetaryValue) * 100)).toBe(monetary(history));
      const expected = [quintile(recencies, recency(history)), quintile(frequencies, frequency(history)), quintile(monetaries, monetary(history))] as const;
      expect([score.recencyScore, score.frequencyScore, score.monetaryScore]).toEqual(expected);
      expect(score.rfmCell).toBe(rfmCellOf(...expected));
    }
    for (const score of scores.filter((candidate) => !histories.has(candidate.customerId))) {
      expect([score.purchases, score.recencyScore, score.frequencyScore, score.monetaryScore, score.rfmCell, score.probabilityAlive]).toEqual([0, null, null, null, null, null]);
    }
    // Every score 1–5 is used for recency, where ties are rare: the quintiles split the buyers.
    expect(new Set(buyers.map((score) => score.recencyScore))).toEqual(new Set([1, 2, 3, 4, 5]));
  });

  it('historical value per currency equals an independent sum of the purchases, other currencies included', async () => {
    const sums = await tenantRows<{ customerId: string; currency: string; total: string }>(
      server.owner,
      'demo',
      `SELECT "customerId"::text AS "customerId", currency::text AS currency, sum(amount)::text AS total FROM "Interaction"
       WHERE "tenantId" = 'demo' AND kind = 'PURCHASE' AND amount IS NOT NULL GROUP BY "customerId", currency`,
    );
    const expected = new Map<string, Record<string, number>>();
    for (const sum of sums) expected.set(sum.customerId, { ...expected.get(sum.customerId), [sum.currency]: Number(sum.total) });
    expect(new Set(sums.map((sum) => sum.currency)).size).toBeGreaterThan(1);
    for (const score of scores) {
      const stored = Object.fromEntries(Object.entries(score.historicalValue).map(([currency, total]) => [currency, Number(total)]));
      expect(stored).toEqual(expected.get(score.customerId) ?? {});
    }
  });

  it('predicted values of a few customers equal a hand computation from the stored model parameters', async () => {
    const model = await valueModel();
    const histories = await purchaseHistories(server.owner, 'demo', 'EUR', seededAt);
    const byPurchases = [...histories.values()].sort((left, right) => left.purchases - right.purchases || left.customerId.localeCompare(right.customerId));
    // One purchase, two, a median buyer, a frequent one, and the one who bought least recently among repeat buyers.
    const repeatBuyers = byPurchases.filter((history) => history.purchases > 1);
    const chosen = [
      byPurchases[0]!,
      byPurchases.find((history) => history.purchases === 2)!,
      byPurchases[Math.floor(byPurchases.length / 2)]!,
      byPurchases[byPurchases.length - 5]!,
      repeatBuyers.reduce((oldest, history) => (history.last < oldest.last ? history : oldest)),
    ];
    for (const history of chosen) {
      const customer = scores.find((score) => score.customerId === history.customerId)!;
      const response = await server.graphql(CUSTOMER_SCORE, { id: customerGlobalIdOf(customer.kind, customer.customerId) });
      expect(response.errors).toBeUndefined();
      const score = response.data!.node.score;
      const days = inDays(history, seededAt);
      const purchases = expectedPurchases(model.purchaseModel, HORIZON_DAYS, days);
      const value = expectedPurchaseValue(model.spendModel, days.x, history.averageRepeatValue);
      expect(score.method).toBe('BG_NBD_GAMMA_GAMMA');
      expect(score.probabilityAlive).toBeCloseTo(probabilityAlive(model.purchaseModel, days), 9);
      expect(Math.abs(score.predictedPurchases - purchases) / purchases).toBeLessThan(1e-6);
      expect(Math.abs(Number(score.predictedValue) - purchases * value)).toBeLessThanOrEqual(0.005 + 1e-6 * purchases * value);
      expect(score.explanation).toContain(`${history.purchases} purchase`);
      expect(score.explanation).toContain(`worth ${score.predictedValue} EUR`);
    }
  });

  it('churn risk is 1 − P(alive) raised by complaints and open tickets, and its reasons name the open tickets', async () => {
    const [withTickets] = await tenantRows<{ customerId: string; open: number }>(
      server.owner,
      'demo',
      `SELECT t."customerId"::text AS "customerId", count(*)::int AS open
       FROM "Ticket" t JOIN "CustomerScore" s ON s."customerId" = t."customerId" JOIN "Customer" c ON c.id = t."customerId"
       WHERE t."tenantId" = 'demo' AND t.status IN ('NEW', 'OPEN', 'PENDING_CUSTOMER', 'ESCALATED', 'REOPENED') AND s.purchases > 0 AND c."archivedAt" IS NULL
         AND NOT EXISTS (SELECT 1 FROM "Interaction" i WHERE i."customerId" = t."customerId" AND i.kind = 'COMPLAINT' AND i."occurredAt" >= $1::timestamp(3) - interval '90 days')
         AND NOT EXISTS (SELECT 1 FROM "Ticket" c WHERE c."customerId" = t."customerId" AND c.kind = 'COMPLAINT' AND c."createdAt" >= $1::timestamp(3) - interval '90 days')
       GROUP BY t."customerId" ORDER BY count(*) DESC, t."customerId" LIMIT 1`,
      [seededAt],
    );
    expect(withTickets).toBeDefined();
    const score = scores.find((candidate) => candidate.customerId === withTickets!.customerId)!;
    const tickets = Math.min(withTickets!.open, 3);
    expect(score.churnReasons.map((reason) => reason.code)).toEqual(['PROBABILITY_ALIVE', 'OPEN_TICKETS']);
    expect(score.churnReasons[1]!.text).toBe(`${withTickets!.open} open ticket${withTickets!.open === 1 ? '' : 's'}`);
    expect(score.churnRisk!).toBeCloseTo(1 - score.probabilityAlive! * 0.9 ** tickets, 12);
    expect(score.churnRisk!).toBeGreaterThan(1 - score.probabilityAlive!);

    const [complained] = await tenantRows<{ customerId: string; complaints: number; days: number }>(
      server.owner,
      'demo',
      `SELECT i."customerId"::text AS "customerId", count(*)::int AS complaints, floor(extract(epoch FROM ($1::timestamp(3) - max(i."occurredAt"))) / 86400)::int AS days
       FROM "Interaction" i JOIN "CustomerScore" s ON s."customerId" = i."customerId" JOIN "Customer" c ON c.id = i."customerId"
       WHERE i."tenantId" = 'demo' AND i.kind = 'COMPLAINT' AND i."occurredAt" >= $1::timestamp(3) - interval '90 days' AND s.purchases > 0 AND c."archivedAt" IS NULL
       GROUP BY i."customerId" ORDER BY count(*) DESC, i."customerId" LIMIT 1`,
      [seededAt],
    );
    const reasons = scores.find((candidate) => candidate.customerId === complained!.customerId)!.churnReasons;
    const complaintReason = reasons.find((reason) => reason.code === 'RECENT_COMPLAINTS')!;
    expect(complaintReason.text).toContain(complained!.complaints === 1 ? `complaint ${complained!.days} days ago` : `${complained!.complaints} complaints in the last 90 days`);
  });

  it('scores are facts segment rules use: a preview of a cell selects exactly the customers scored in it', async () => {
    const champions = scores.filter((score) => score.rfmCell === 'CHAMPIONS').length;
    expect(champions).toBeGreaterThan(0);
    const preview = await server.graphql(PREVIEW, { rule: { fact: { fact: 'segments.rfmCell', operator: 'EQUALS', text: 'CHAMPIONS' } }, first: 0 });
    expect(preview.errors).toBeUndefined();
    expect(preview.data!.segmentPreview.count).toBe(champions);
    const spenders = scores.filter((score) => Number(score.historicalValue.USD ?? 0) >= 100).length;
    const inDollars = await server.graphql(PREVIEW, { rule: { fact: { fact: 'segments.historicalValue', operator: 'AT_LEAST', number: 100, currency: 'USD' } }, first: 0 });
    expect(inDollars.data!.segmentPreview.count).toBe(spenders);
  });

  it('acme is fitted only when it has enough repeat buyers, counted independently', async () => {
    const token = await server.token({ tenant: 'acme' });
    const model = await valueModel(token);
    const [counted] = await tenantRows<{ customers: number; repeatBuyers: number }>(
      server.owner,
      'acme',
      `SELECT count(*)::int AS customers, count(*) FILTER (WHERE n > 1)::int AS "repeatBuyers"
       FROM (SELECT "customerId", count(*) AS n FROM "Interaction" WHERE "tenantId" = 'acme' AND kind = 'PURCHASE' AND currency = $1 AND amount IS NOT NULL GROUP BY "customerId") buyers`,
      [model.currency],
    );
    expect({ customers: model.customers, repeatBuyers: model.repeatBuyers }).toEqual(counted);
    expect(model.method).toBe(counted!.repeatBuyers >= 20 ? 'BG_NBD_GAMMA_GAMMA' : 'FALLBACK');
  });

  it('a tenant with too few repeat buyers is scored by the labelled fallback, its forecast equal to a hand computation', async () => {
    const created = await server.graphql(
      `mutation($input: CreateTenantInput!) { createTenant(input: $input) { __typename } }`,
      { input: { slug: 'few-buyers', name: 'Few Buyers' } },
      { as: { tenant: 'demo', roles: ['operator'], subject: 'ops' } },
    );
    expect(created.data?.createTenant.__typename).toBe('TenantPayload');
    const as = { tenant: 'few-buyers', roles: ['admin'] };
    const person = async (firstName: string) => {
      const response = await server.graphql(`mutation($input: CreatePersonInput!) { createPerson(input: $input) { ... on PersonPayload { person { id } } } }`, { input: { firstName, lastName: 'Buyer' } }, { as });
      return response.data!.createPerson.person.id as string;
    };
    const [often, once, lately] = [await person('Often'), await person('Once'), await person('Lately')];
    const daysAgo = (days: number) => new Date(seededAt.getTime() - days * DAY_MS).toISOString();
    const purchase = (customerId: string, days: number, amount: string, currency = 'EUR') => ({
      customerId, channel: 'POINT_OF_SALE', direction: 'INBOUND', kind: 'PURCHASE', occurredAt: daysAgo(days), amount, currency, source: 'scores-test', externalId: `${customerId}-${days}-${currency}`,
    });
    const recorded = await server.graphql(
      `mutation($inputs: [RecordInteractionInput!]!) { recordInteractions(inputs: $inputs) { __typename ... on RecordInteractionsPayload { failed } } }`,
      { inputs: [purchase(often, 300, '50.00'), purchase(often, 200, '70.00'), purchase(often, 100, '90.00'), purchase(once, 50, '30.00'), purchase(once, 20, '15.00', 'USD'), purchase(lately, 400, '20.00'), purchase(lately, 10, '40.00')] },
      { as },
    );
    expect(recorded.data?.recordInteractions).toEqual({ __typename: 'RecordInteractionsPayload', failed: 0 });

    const rescored = await server.graphql(
      `mutation { rescoreCustomers { ... on RescoreCustomersPayload { valueModel { method fallbackReason reason customers repeatBuyers purchaseModel { r } fallbackPattern { pooledRepeatRate averageRepeatValue } } } } }`,
      {},
      { as },
    );
    expect(rescored.errors).toBeUndefined();
    const model = rescored.data!.rescoreCustomers.valueModel;
    expect(model).toMatchObject({ method: 'FALLBACK', fallbackReason: 'TOO_FEW_REPEAT_BUYERS', customers: 3, repeatBuyers: 2, purchaseModel: null });
    expect(model.reason).toContain('2 of 3 customers');
    // Repeat purchases per day of customer age, pooled: (2 + 0 + 1) / (300 + 50 + 400).
    expect(model.fallbackPattern.pooledRepeatRate).toBeCloseTo(3 / 750, 15);
    expect(model.fallbackPattern.averageRepeatValue).toBeCloseTo((80 + 40) / 2, 12);

    const scoreOf = async (id: string) => (await server.graphql(CUSTOMER_SCORE, { id }, { as })).data!.node.score;
    // Each keeps their own rate x/T, discounted by exp(−rate × days since the last purchase).
    const hand = [
      { id: often, rate: 2 / 300, silence: 100, value: 80, cells: [2, 5, 5] },
      { id: lately, rate: 1 / 400, silence: 10, value: 40, cells: [5, 4, 4] },
    ];
    for (const customer of hand) {
      const score = await scoreOf(customer.id);
      const alive = Math.exp(-customer.rate * customer.silence);
      expect(score.method).toBe('FALLBACK');
      expect(score.probabilityAlive).toBeCloseTo(alive, 12);
      expect(score.predictedPurchases).toBeCloseTo(alive * customer.rate * HORIZON_DAYS, 12);
      expect(Number(score.predictedValue)).toBeCloseTo(alive * customer.rate * HORIZON_DAYS * customer.value, 2);
      expect(score.churnRisk).toBeCloseTo(1 - alive, 12);
      expect([score.recencyScore, score.frequencyScore, score.monetaryScore]).toEqual(customer.cells);
      expect(score.explanation).toContain("the forecast keeps the customer's own purchase rate");
    }
    const single = await scoreOf(once);
    expect(single).toMatchObject({ purchases: 1, predictedPurchases: 0, predictedValue: '0.00', recencyScore: 4, frequencyScore: 2, monetaryScore: 2 });
    expect(single.probabilityAlive).toBeCloseTo(Math.exp((-3 / 750) * 50), 12);
    expect(single.historicalValue).toEqual([{ currency: 'EUR', amount: '30.00' }, { currency: 'USD', amount: '15.00' }]);
  });
});
