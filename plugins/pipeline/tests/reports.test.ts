import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { PipelineForecast, SalesPerformance, SetStageProbabilities, StageConversion } from '../../../tests/documents/pipeline.ts';
import { startTestServer, type TestServer, type TokenRequest } from '../../../tests/support/server.ts';

/** The date `days` from the instant the template's demo history ends (negative: before it). */
const demoDay = (days: number) => new Date(Date.parse(inject('demoSeededAt')) + days * 86_400_000).toISOString().slice(0, 10);

// Windows over the seeded history, placed relative to where it ends: `to` is inclusive, `until` the day after.
const PERFORMANCE = { from: demoDay(-700), to: demoDay(-1), until: demoDay(0) };
const FUNNEL = { from: demoDay(-518), to: demoDay(-154), until: demoDay(-153) };
const FORECAST = { from: quarterStart(demoDay(-300)), to: quarterEnd(demoDay(780)) };

function quarterStart(day: string): string {
  const [year, month] = day.split('-').map(Number) as [number, number];
  return `${year}-${String(Math.floor((month - 1) / 3) * 3 + 1).padStart(2, '0')}-01`;
}

function quarterEnd(day: string): string {
  const [year, month] = day.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(year, Math.floor((month - 1) / 3) * 3 + 3, 0)).toISOString().slice(0, 10);
}

// The sales reports, each one SQL statement: first on a small fixture computed by hand to the
// cent (tenant "lab", written straight into the tables with the dates the figures need), then on
// the seeded demo data against the same figures computed here another way.

let server: TestServer;
const LAB: TokenRequest = { tenant: 'lab', roles: ['sales'], subject: 'rep-a' };
const LAB_MANAGER: TokenRequest = { tenant: 'lab', roles: ['sales-manager'], subject: 'lab-manager' };
const DEMO: TokenRequest = { tenant: 'demo', roles: ['viewer'] };

const CUSTOMER = '00000000-0000-7000-8000-00000000c001';

/** [id, owner, stage, currency, amount, probability override, expected close, created, closed] */
type FixtureDeal = [string, string, string, string, string | null, number | null, string, string, string | null];
const DEALS: FixtureDeal[] = [
  // Open, for the forecast (created outside every cohort below).
  ['o1', 'rep-a', 'QUALIFICATION', 'EUR', '1000.05', null, '2027-01-15', '2026-10-01T09:00:00Z', null],
  ['o2', 'rep-a', 'NEGOTIATION', 'EUR', '333.33', null, '2027-01-31', '2026-10-01T09:00:00Z', null],
  ['o3', 'rep-b', 'NEGOTIATION', 'EUR', '0.99', 55, '2027-02-01', '2026-10-01T09:00:00Z', null],
  ['o4', 'rep-b', 'PROSPECT', 'EUR', '10.10', null, '2027-02-10', '2026-10-01T09:00:00Z', null],
  ['o5', 'rep-b', 'OPPORTUNITY', 'USD', '2000.00', null, '2027-01-20', '2026-10-01T09:00:00Z', null],
  ['o6', 'rep-a', 'PROSPECT', 'EUR', null, null, '2027-01-05', '2026-10-01T09:00:00Z', null],
  ['o7', 'rep-a', 'SHORTLIST', 'EUR', '500.00', null, '2027-05-01', '2026-10-01T09:00:00Z', null],
  // Closed, for performance and conversion.
  ['w1', 'rep-a', 'CLOSED_WON', 'EUR', '1000.00', null, '2026-01-31', '2026-01-01T00:00:00Z', '2026-01-31T12:00:00Z'],
  ['w2', 'rep-a', 'CLOSED_WON', 'EUR', '333.33', null, '2026-02-11', '2026-02-01T00:00:00Z', '2026-02-11T00:00:00Z'],
  ['w3', 'rep-b', 'CLOSED_WON', 'USD', '50.00', null, '2026-03-02', '2026-03-01T00:00:00Z', '2026-03-02T06:00:00Z'],
  ['l1', 'rep-a', 'CLOSED_LOST', 'EUR', '999.00', null, '2026-02-15', '2026-01-10T00:00:00Z', '2026-02-15T00:00:00Z'],
  ['l2', 'rep-b', 'CLOSED_LOST', 'EUR', null, null, '2026-04-20', '2026-04-01T00:00:00Z', '2026-04-20T00:00:00Z'],
  ['l3', 'rep-b', 'CLOSED_LOST', 'EUR', '10.00', null, '2026-07-15', '2026-07-01T00:00:00Z', '2026-07-15T00:00:00Z'],
  ['w4', 'rep-a', 'CLOSED_WON', 'EUR', '77.00', null, '2025-12-31', '2025-12-01T00:00:00Z', '2025-12-31T23:59:00Z'],
];
/** [deal, from, to, at] */
const HISTORY: [string, string | null, string, string][] = [
  ['w1', null, 'PROSPECT', '2026-01-01T00:00:00Z'], ['w1', 'PROSPECT', 'QUALIFICATION', '2026-01-03T00:00:00Z'],
  ['w1', 'QUALIFICATION', 'NEGOTIATION', '2026-01-11T00:00:00Z'], ['w1', 'NEGOTIATION', 'CLOSED_WON', '2026-01-31T12:00:00Z'],
  ['w2', null, 'OPPORTUNITY', '2026-02-01T00:00:00Z'], ['w2', 'OPPORTUNITY', 'NEGOTIATION', '2026-02-06T00:00:00Z'], ['w2', 'NEGOTIATION', 'CLOSED_WON', '2026-02-11T00:00:00Z'],
  ['w3', null, 'NEGOTIATION', '2026-03-01T00:00:00Z'], ['w3', 'NEGOTIATION', 'CLOSED_WON', '2026-03-02T06:00:00Z'],
  ['l1', null, 'PROSPECT', '2026-01-10T00:00:00Z'], ['l1', 'PROSPECT', 'POTENTIAL_LEAD', '2026-01-20T00:00:00Z'], ['l1', 'POTENTIAL_LEAD', 'CLOSED_LOST', '2026-02-15T00:00:00Z'],
  ['l2', null, 'PROSPECT', '2026-04-01T00:00:00Z'], ['l2', 'PROSPECT', 'CLOSED_LOST', '2026-04-20T00:00:00Z'],
];
const dealId = (name: string) => `00000000-0000-7000-8000-${Buffer.from(name.padEnd(6, '_')).toString('hex')}`;

beforeAll(async () => {
  server = await startTestServer();
  const sql = server.owner;
  await sql.query(`INSERT INTO "Tenant" (id, name) VALUES ('lab', 'Forecast lab')`);
  await sql.query(`INSERT INTO "Customer" (id, "tenantId", kind, "displayName", "updatedAt") VALUES ($1, 'lab', 'ORGANIZATION', 'Lab customer', now())`, [CUSTOMER]);
  for (const [name, owner, stage, currency, amount, probability, close, created, closed] of DEALS) {
    await sql.query(
      `INSERT INTO "Opportunity" (id, "tenantId", "customerId", name, stage, amount, currency, "expectedCloseDate", "ownerId", probability, "closedAt",
                                  "lostReason", "stageEnteredAt", "createdAt", "updatedAt")
       VALUES ($1, 'lab', $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12, $12)`,
      [dealId(name), CUSTOMER, name, stage, amount, currency, close, owner, probability, closed, stage === 'CLOSED_LOST' ? 'PRICE' : null, created],
    );
  }
  for (const [name, from, to, at] of HISTORY) {
    await sql.query(
      `INSERT INTO "OpportunityStageChange" (id, "tenantId", "opportunityId", "fromStage", "toStage", "changedAt") VALUES (gen_random_uuid(), 'lab', $1, $2, $3, $4)`,
      [dealId(name), from, to, at],
    );
  }
});
afterAll(() => server?.stop());

async function forecast(input: Record<string, unknown>, as: TokenRequest = LAB) {
  const result = await server.graphql(PipelineForecast, { input: input as never }, { as });
  expect(result.errors).toBeUndefined();
  return result.data!.pipelineForecast.map(({ periodStart, ownerId, stage, currency, opportunities, withoutAmount, amount, weightedAmount }) =>
    [periodStart, ownerId, stage, currency, opportunities, withoutAmount, amount, weightedAmount]);
}

describe('the forecast, by hand', () => {
  const RANGE = { from: '2027-01-01', to: '2027-03-31' };

  it('adds up open deals per currency, each weighted amount rounded half up to the cent', async () => {
    // EUR: 1000.05×20% = 200.01, 333.33×80% = 266.664 → 266.66, 0.99×55% (own estimate) = 0.5445 → 0.54, 10.10×5% = 0.505 → 0.51; o6 has no amount.
    expect(await forecast({ ...RANGE, groupBy: [] })).toEqual([
      [null, null, null, 'EUR', 5, 1, '1344.47', '467.72'],
      [null, null, null, 'USD', 1, 0, '2000.00', '700.00'],
    ]);
  });

  it('groups by month of the expected close, and by owner and stage', async () => {
    expect(await forecast({ ...RANGE, groupBy: ['PERIOD'], period: 'MONTH' })).toEqual([
      ['2027-01-01', null, null, 'EUR', 3, 1, '1333.38', '466.67'],
      ['2027-01-01', null, null, 'USD', 1, 0, '2000.00', '700.00'],
      ['2027-02-01', null, null, 'EUR', 2, 0, '11.09', '1.05'],
    ]);
    expect(await forecast({ ...RANGE, groupBy: ['STAGE', 'OWNER'] })).toEqual([
      [null, 'rep-a', 'PROSPECT', 'EUR', 1, 1, '0.00', '0.00'],
      [null, 'rep-a', 'QUALIFICATION', 'EUR', 1, 0, '1000.05', '200.01'],
      [null, 'rep-a', 'NEGOTIATION', 'EUR', 1, 0, '333.33', '266.66'],
      [null, 'rep-b', 'PROSPECT', 'EUR', 1, 0, '10.10', '0.51'],
      [null, 'rep-b', 'OPPORTUNITY', 'USD', 1, 0, '2000.00', '700.00'],
      [null, 'rep-b', 'NEGOTIATION', 'EUR', 1, 0, '0.99', '0.54'],
    ]);
    expect(await forecast({ ...RANGE, groupBy: ['PERIOD'], period: 'QUARTER', ownerIds: ['rep-b'] })).toEqual([
      ['2027-01-01', null, null, 'EUR', 2, 0, '11.09', '1.05'],
      ['2027-01-01', null, null, 'USD', 1, 0, '2000.00', '700.00'],
    ]);
  });

  it("follows the tenant's stage probabilities, set by a manager only, except where the owner gave an estimate", async () => {
    const refused = await server.graphql(SetStageProbabilities, { input: { probabilities: [{ stage: 'QUALIFICATION', probability: 25 }] } }, { as: LAB });
    expect(refused.data!.setStageProbabilities).toMatchObject({ __typename: 'ForbiddenError' });
    const closed = await server.graphql(SetStageProbabilities, { input: { probabilities: [{ stage: 'CLOSED_WON', probability: 90 }] } }, { as: LAB_MANAGER });
    expect(closed.data!.setStageProbabilities).toMatchObject({ __typename: 'ValidationError', fieldErrors: [{ path: ['input', 'probabilities', '0', 'stage'] }] });

    const set = await server.graphql(SetStageProbabilities, { input: { probabilities: [{ stage: 'QUALIFICATION', probability: 25 }, { stage: 'NEGOTIATION', probability: 90 }] } }, { as: LAB_MANAGER });
    expect(set.data!.setStageProbabilities).toMatchObject({ stages: expect.arrayContaining([{ stage: 'QUALIFICATION', probability: 25, defaultProbability: 20 }]) });
    // 1000.05×25% = 250.0125 → 250.01, 333.33×90% = 299.997 → 300.00; o3 keeps its own 55 %.
    expect(await forecast({ ...RANGE, groupBy: [] })).toEqual([
      [null, null, null, 'EUR', 5, 1, '1344.47', '551.06'],
      [null, null, null, 'USD', 1, 0, '2000.00', '700.00'],
    ]);
    const demo = await server.graphql(`{ pipelineStages { stage probability } }`, {}, { as: DEMO });
    expect(demo.data!.pipelineStages.find((stage: { stage: string }) => stage.stage === 'QUALIFICATION').probability).toBe(20);

    await server.graphql(SetStageProbabilities, { input: { probabilities: [{ stage: 'QUALIFICATION', probability: null }, { stage: 'NEGOTIATION', probability: null }] } }, { as: LAB_MANAGER });
    expect((await forecast({ ...RANGE, groupBy: [] }))[0]![7]).toBe('467.72');
  });

  it('refuses a range that ends before it starts, and a dimension named twice', async () => {
    const backwards = await server.graphql(PipelineForecast, { input: { from: '2027-02-01', to: '2027-01-01', groupBy: [] } }, { as: LAB });
    expect(backwards.errors?.[0]?.extensions?.code).toBe('VALIDATION');
    const twice = await server.graphql(PipelineForecast, { input: { ...RANGE, groupBy: ['OWNER', 'OWNER'] } }, { as: LAB });
    expect(twice.errors?.[0]?.extensions?.code).toBe('VALIDATION');
  });
});

describe('performance and conversion, by hand', () => {
  const HALF = { from: '2026-01-01', to: '2026-06-30' };

  it('counts won and lost deals closed in the range, the win rate, average deal size per currency and cycle length', async () => {
    const all = await server.graphql(SalesPerformance, { input: { ...HALF, groupBy: [] } }, { as: LAB });
    // Cycles of the won deals: 30.5, 10 and 1.25 days; EUR average (1000.00 + 333.33) / 2 = 666.665.
    expect(all.data!.salesPerformance).toEqual([
      { periodStart: null, ownerId: null, won: 3, lost: 2, winRate: 0.6, averageCycleDays: 13.92, wonTotals: [
        { currency: 'EUR', count: 2, amount: '1333.33', averageAmount: '666.67' },
        { currency: 'USD', count: 1, amount: '50.00', averageAmount: '50.00' },
      ] },
    ]);
    const byOwner = await server.graphql(SalesPerformance, { input: { ...HALF, groupBy: ['OWNER'] } }, { as: LAB });
    expect(byOwner.data!.salesPerformance.map((row) => [row.ownerId, row.won, row.lost, row.winRate, row.averageCycleDays])).toEqual([
      ['rep-a', 2, 1, 0.6667, 20.25],
      ['rep-b', 1, 1, 0.5, 1.25],
    ]);
    const byMonth = await server.graphql(SalesPerformance, { input: { ...HALF, groupBy: ['PERIOD'], period: 'MONTH', ownerIds: ['rep-a', 'rep-b'] } }, { as: LAB });
    expect(byMonth.data!.salesPerformance.map((row) => [row.periodStart, row.won, row.lost, row.winRate, row.averageCycleDays, row.wonTotals.length])).toEqual([
      ['2026-01-01', 1, 0, 1, 30.5, 1],
      ['2026-02-01', 1, 1, 0.5, 10, 1],
      ['2026-03-01', 1, 0, 1, 1.25, 1],
      ['2026-04-01', 0, 1, 0, null, 0],
    ]);
  });

  it('follows the cohort through the stages: reached, conversion to the next stage and average days in each', async () => {
    const result = await server.graphql(StageConversion, { input: HALF }, { as: LAB });
    // Furthest stages: w1, w2, w3 won (8), l1 potential lead (2), l2 prospect (1). Completed stays:
    // prospect 2, 10 and 19 days; potential lead 26; qualification 8; opportunity 5; negotiation 20.5, 5 and 1.25.
    expect(result.data!.stageConversion.map((row) => [row.stage, row.reached, row.conversionToNext, row.averageDaysInStage, row.completedStays])).toEqual([
      ['PROSPECT', 5, 0.8, 10.33, 3],
      ['POTENTIAL_LEAD', 4, 0.75, 26, 1],
      ['QUALIFICATION', 3, 1, 8, 1],
      ['OPPORTUNITY', 3, 1, 5, 1],
      ['OFFER_DEVELOPMENT', 3, 1, null, 0],
      ['SHORTLIST', 3, 1, null, 0],
      ['NEGOTIATION', 3, 1, 8.92, 3],
      ['CLOSED_WON', 3, null, null, 0],
    ]);
  });
});

describe('the reports on the seeded demo data', () => {
  const cents = (text: string) => BigInt(text.replace('.', ''));
  const money = (value: bigint) => `${value / 100n}.${String(value % 100n).padStart(2, '0')}`;
  const PERCENT: Record<string, number> = { PROSPECT: 5, POTENTIAL_LEAD: 10, QUALIFICATION: 20, OPPORTUNITY: 35, OFFER_DEVELOPMENT: 50, SHORTLIST: 65, NEGOTIATION: 80 };

  it('forecasts, per owner and quarter, what the raw rows add up to', async () => {
    const { rows } = await server.owner.query<{ owner: string; quarter: string; stage: string; currency: string; amount: string | null; probability: number | null }>(
      `SELECT "ownerId" AS owner, to_char("expectedCloseDate", 'YYYY') || '-' || lpad((((extract(month FROM "expectedCloseDate")::int - 1) / 3) * 3 + 1)::text, 2, '0') || '-01' AS quarter,
              stage::text, currency, amount::text, probability
       FROM "Opportunity" WHERE "tenantId" = 'demo' AND "closedAt" IS NULL AND "expectedCloseDate" BETWEEN '${FORECAST.from}' AND '${FORECAST.to}'`,
    );
    expect(rows.length).toBeGreaterThan(100);
    const groups = new Map<string, { count: number; without: number; amount: bigint; weighted: bigint }>();
    for (const row of rows) {
      const key = [row.quarter, row.owner, row.currency].join('|');
      const group = groups.get(key) ?? { count: 0, without: 0, amount: 0n, weighted: 0n };
      group.count += 1;
      if (row.amount === null) group.without += 1;
      else {
        group.amount += cents(row.amount);
        group.weighted += (cents(row.amount) * BigInt(row.probability ?? PERCENT[row.stage]!) + 50n) / 100n;
      }
      groups.set(key, group);
    }
    const expected = [...groups]
      .map(([key, group]) => {
        const [quarter, owner, currency] = key.split('|');
        return [quarter, owner, null, currency, group.count, group.without, money(group.amount), money(group.weighted)];
      })
      .sort((a, b) => String(a[0]).localeCompare(String(b[0])) || String(a[1]).localeCompare(String(b[1])) || String(a[3]).localeCompare(String(b[3])));
    expect(await forecast({ from: FORECAST.from, to: FORECAST.to, groupBy: ['OWNER', 'PERIOD'], period: 'QUARTER' }, DEMO)).toEqual(expected);
  });

  it('measures win rate, deal size and cycle as an independent query does', async () => {
    const { rows } = await server.owner.query(
      `SELECT "ownerId",
              (SELECT count(*) FROM "Opportunity" w WHERE w."tenantId" = 'demo' AND w."ownerId" = o."ownerId" AND w.stage = 'CLOSED_WON' AND w."closedAt" >= '${PERFORMANCE.from}' AND w."closedAt" < '${PERFORMANCE.until}')::int AS won,
              (SELECT count(*) FROM "Opportunity" l WHERE l."tenantId" = 'demo' AND l."ownerId" = o."ownerId" AND l.stage = 'CLOSED_LOST' AND l."closedAt" >= '${PERFORMANCE.from}' AND l."closedAt" < '${PERFORMANCE.until}')::int AS lost,
              (SELECT round((sum(EXTRACT(EPOCH FROM w."closedAt") - EXTRACT(EPOCH FROM w."createdAt")) / count(*) / 86400)::numeric, 2)::float8
                 FROM "Opportunity" w WHERE w."tenantId" = 'demo' AND w."ownerId" = o."ownerId" AND w.stage = 'CLOSED_WON' AND w."closedAt" >= '${PERFORMANCE.from}' AND w."closedAt" < '${PERFORMANCE.until}') AS cycle,
              (SELECT sum(w.amount)::text FROM "Opportunity" w WHERE w."tenantId" = 'demo' AND w."ownerId" = o."ownerId" AND w.stage = 'CLOSED_WON' AND w.currency = 'EUR' AND w."closedAt" >= '${PERFORMANCE.from}' AND w."closedAt" < '${PERFORMANCE.until}') AS "eurWon"
       FROM (SELECT DISTINCT "ownerId" FROM "Opportunity" WHERE "tenantId" = 'demo' AND "closedAt" >= '${PERFORMANCE.from}' AND "closedAt" < '${PERFORMANCE.until}') o
       ORDER BY "ownerId"`,
    );
    const result = await server.graphql(SalesPerformance, { input: { from: PERFORMANCE.from, to: PERFORMANCE.to, groupBy: ['OWNER'] } }, { as: DEMO });
    const report = result.data!.salesPerformance;
    expect(report.map((row) => row.ownerId)).toEqual(rows.map((row) => row.ownerId));
    for (const [index, row] of rows.entries()) {
      const line = report[index]!;
      expect([line.won, line.lost, line.averageCycleDays]).toEqual([row.won, row.lost, row.cycle]);
      expect(line.winRate).toBe(Math.round((row.won / (row.won + row.lost)) * 10_000) / 10_000);
      expect(line.wonTotals.find((total) => total.currency === 'EUR')?.amount).toBe(row.eurWon ?? undefined);
    }
    expect(report.reduce((sum, row) => sum + row.won, 0)).toBeGreaterThan(30);
  });

  it('counts the funnel the way the stage history, read row by row, tells it', async () => {
    const POSITION = [...Object.keys(PERCENT), 'CLOSED_WON'];
    const { rows } = await server.owner.query<{ opportunityId: string; toStage: string; changedAt: Date }>(
      `SELECT h."opportunityId"::text AS "opportunityId", h."toStage"::text AS "toStage", h."changedAt" FROM "OpportunityStageChange" h
       JOIN "Opportunity" o ON o.id = h."opportunityId"
       WHERE o."tenantId" = 'demo' AND o."createdAt" >= '${FUNNEL.from}' AND o."createdAt" < '${FUNNEL.until}' ORDER BY h."opportunityId", h."changedAt", h.id`,
    );
    const furthest = new Map<string, number>();
    const stays = new Map<string, number[]>();
    rows.forEach((row, index) => {
      const position = POSITION.indexOf(row.toStage);
      if (position >= 0) furthest.set(row.opportunityId, Math.max(furthest.get(row.opportunityId) ?? -1, position));
      else if (!furthest.has(row.opportunityId)) furthest.set(row.opportunityId, -1);
      const next = rows[index + 1];
      if (next && next.opportunityId === row.opportunityId) {
        stays.set(row.toStage, [...(stays.get(row.toStage) ?? []), next.changedAt.getTime() - row.changedAt.getTime()]);
      }
    });
    const reached = POSITION.map((_stage, position) => [...furthest.values()].filter((value) => value >= position).length);
    const result = await server.graphql(StageConversion, { input: { from: FUNNEL.from, to: FUNNEL.to } }, { as: DEMO });
    const report = result.data!.stageConversion;
    expect(report.map((row) => row.reached)).toEqual(reached);
    expect(reached[0]).toBeGreaterThan(50);
    report.forEach((row, position) => {
      const next = reached[position + 1];
      expect(row.conversionToNext).toBe(next === undefined ? null : Math.round((next / reached[position]!) * 10_000) / 10_000);
      if (row.stage === 'CLOSED_WON') return;
      const own = stays.get(row.stage) ?? [];
      expect(row.completedStays).toBe(own.length);
      if (own.length) expect(Math.abs(row.averageDaysInStage! - own.reduce((a, b) => a + b, 0) / own.length / 86_400_000)).toBeLessThanOrEqual(0.005 + 1e-9);
    });
  });
});
