import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { manualClock } from '../../../src/plugin-api.ts';
import { startTestServer, type TestServer } from '../../../tests/support/server.ts';
import { credits, MODELS, type Model, type OracleConversion } from './attribution-oracle.ts';
import { DAY, ReturnsFixture } from './returns-support.ts';

const REPORT = /* GraphQL */ `
  query Report($from: Date!, $to: Date!, $model: AttributionModel!, $groupBy: CampaignReturnGrouping!) {
    campaignReturns(from: $from, to: $to, model: $model, groupBy: $groupBy) { key label conversions attributedRevenue { currency amount } cost { currency amount } }
  }
`;

// A day in a year no seeded history reaches: the fixture's conversions are the only ones there.
const START = Date.UTC(2035, 2, 1);
const at = (days: number) => new Date(START + days * DAY);

describe('attributed return', () => {
  let server: TestServer;
  let campaignA: string;
  let campaignB: string;
  let conversions: OracleConversion[];
  const halfLife: Record<string, number> = {};

  beforeAll(async () => {
    server = await startTestServer({ clock: manualClock(at(60)) });
    const fixture = new ReturnsFixture(server.owner);
    campaignA = await fixture.campaign('Returns A', 30, 7);
    campaignB = await fixture.campaign('Returns B', 10, 3, ['EMAIL', 'SMS']);
    halfLife[campaignA] = 7;
    halfLife[campaignB] = 3;
    const [x, y, z, w] = await fixture.customers(4);
    const runA1 = await fixture.run(campaignA, 'launch', at(0));
    const runA2 = await fixture.run(campaignA, 'p2', at(8));
    const runB = await fixture.run(campaignB, 'launch', at(0));
    await fixture.recipients(campaignA, runA1, 'launch', [x!, z!], 'CONTACTED', at(0));
    await fixture.recipients(campaignA, runA1, 'launch', [w!], 'CONTROL', at(0));
    await fixture.recipients(campaignA, runA2, 'p2', [x!], 'CONTACTED', at(8));
    await fixture.recipients(campaignA, runA2, 'p2', [y!], 'CONTACTED', at(1));
    await fixture.recipients(campaignB, runB, 'launch', [y!], 'CONTACTED', at(0));
    await fixture.recipients(campaignB, runB, 'launch', [z!], 'CONTACTED', at(2), 'SMS');
    await fixture.response(x!, campaignB, at(5));
    await fixture.purchases([
      { customerId: x!, at: at(12), amount: '100.00' }, // A d0, B d5, A d8
      { customerId: y!, at: at(15), amount: '50.00' }, // A d1 (B's d0 is outside its 10 days)
      { customerId: z!, at: at(3), amount: '33.33' }, // A d0, B d2
      { customerId: z!, at: at(40), amount: '20.00' }, // outside every window
      { customerId: w!, at: at(4), amount: '70.00' }, // control: no touch
    ]);
    await fixture.cost(campaignA, '40.00', 'EUR', at(0));
    await fixture.cost(campaignB, '10.00', 'EUR', at(0));
    conversions = [
      { cents: 10000, day: 12, touches: [{ campaign: campaignA, day: 0 }, { campaign: campaignB, day: 5 }, { campaign: campaignA, day: 8 }] },
      { cents: 5000, day: 15, touches: [{ campaign: campaignA, day: 1 }] },
      { cents: 3333, day: 3, touches: [{ campaign: campaignA, day: 0 }, { campaign: campaignB, day: 2 }] },
    ];
  }, 240_000);
  afterAll(async () => {
    await server?.stop();
  });

  const expectedCents = (model: Model, campaign: string) =>
    conversions.reduce((total, conversion) => total + credits(model, conversion, halfLife).reduce((sum, cents, index) => sum + (conversion.touches[index]!.campaign === campaign ? cents : 0), 0), 0);
  const cents = (amounts: { currency: string; amount: string }[]) => Math.round(Number(amounts.find((amount) => amount.currency === 'EUR')?.amount ?? 0) * 100);

  it('credits each campaign, under every model, what the test computes on its own from the fixture, to the cent', async () => {
    // By hand, LINEAR: A gets 2/3 of 100.00, all of 50.00 and half of 33.33 (with the odd cent to the first touch).
    expect(expectedCents('LINEAR', campaignA)).toBe(6667 + 5000 + 1667);
    for (const model of MODELS) {
      const answer = await server.graphql(REPORT, { from: '2035-03-01', to: '2035-04-30', model, groupBy: 'CAMPAIGN' });
      expect(answer.errors).toBeUndefined();
      const rows = answer.data!.campaignReturns as { key: string; label: string; conversions: number; attributedRevenue: { currency: string; amount: string }[]; cost: { currency: string; amount: string }[] }[];
      for (const [campaign, label, cost, touched] of [[campaignA, 'Returns A', 4000, 3], [campaignB, 'Returns B', 1000, 2]] as const) {
        const row = rows.find((candidate) => candidate.key === encodeGlobalID('Campaign', campaign))!;
        expect(row.label).toBe(label);
        expect(cents(row.attributedRevenue), `${model} ${label}`).toBe(expectedCents(model, campaign));
        expect(cents(row.cost)).toBe(cost);
        expect(row.conversions).toBe(touched);
      }
    }
  });

  it("shares each conversion's whole revenue under every model: the report's rows add up to the converting purchases", async () => {
    const revenue = conversions.reduce((total, conversion) => total + conversion.cents, 0);
    for (const model of MODELS) {
      for (const groupBy of ['CAMPAIGN', 'CHANNEL', 'MONTH'] as const) {
        const answer = await server.graphql(REPORT, { from: '2035-03-01', to: '2035-04-30', model, groupBy });
        expect(answer.errors).toBeUndefined();
        const rows = answer.data!.campaignReturns as { key: string; conversions: number; attributedRevenue: { currency: string; amount: string }[]; cost: { currency: string; amount: string }[] }[];
        expect(rows.reduce((total, row) => total + cents(row.attributedRevenue), 0), `${model} by ${groupBy}`).toBe(revenue);
        expect(rows.reduce((total, row) => total + cents(row.cost), 0)).toBe(5000);
      }
    }
  });

  it('gives a tied remainder to the earlier touch, exactly, whatever the decimals of the weights', async () => {
    // U-shaped over five touches is 6 : 1 : 1 : 1 : 6 of 9.99: every exact share ends in .6 of a cent,
    // so the three cents left go to the first three touches.
    const fixture = new ReturnsFixture(server.owner);
    const [v] = await fixture.customers(1);
    const touches = [campaignA, campaignB, campaignA, campaignB, campaignA];
    for (const [index, campaign] of touches.entries()) await fixture.response(v!, campaign, at(100 + index));
    await fixture.purchases([{ customerId: v!, at: at(106), amount: '9.99' }]);
    const tied: OracleConversion = { cents: 999, day: 106, touches: touches.map((campaign, index) => ({ campaign, day: 100 + index })) };
    expect(credits('U_SHAPED', tied, halfLife)).toEqual([400, 67, 67, 66, 399]);
    for (const model of MODELS) {
      const answer = await server.graphql(REPORT, { from: '2035-06-01', to: '2035-06-30', model, groupBy: 'CAMPAIGN' });
      expect(answer.errors).toBeUndefined();
      const reported = new Map((answer.data!.campaignReturns as { key: string; attributedRevenue: { currency: string; amount: string }[] }[]).map((row) => [row.key, cents(row.attributedRevenue)]));
      const expected = new Map<string, number>();
      credits(model, tied, halfLife).forEach((share, index) => {
        const key = encodeGlobalID('Campaign', touches[index]!);
        expected.set(key, (expected.get(key) ?? 0) + share);
      });
      expect(reported, model).toEqual(expected);
    }
  });

  it('refuses a period that ends before it starts', async () => {
    const answer = await server.graphql(REPORT, { from: '2035-04-30', to: '2035-03-01', model: 'LINEAR', groupBy: 'CAMPAIGN' });
    expect(answer.errors?.[0]?.extensions?.code ?? answer.errors?.[0]?.message).toBeDefined();
    expect(answer.data?.campaignReturns ?? null).toBeNull();
  });
});
