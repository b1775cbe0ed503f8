import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { manualClock } from '../../../src/plugin-api.ts';
import { startTestServer, type TestServer } from '../../../tests/support/server.ts';
import { DAY, ReturnsFixture } from './returns-support.ts';
import { seededRandom } from '../../../tests/support/seeded-random.ts';

const PERFORMANCE = /* GraphQL */ `
  query Performance($id: ID!) {
    node(id: $id) {
      ... on Campaign {
        performance(model: LINEAR) {
          contacted control conversions
          attributedRevenue { currency amount }
          cost { currency amount }
          roi { currency attributed incremental }
          lift {
            contactedCustomers controlCustomers contactedConversions controlConversions contactedRate controlRate
            rateDifference { estimate low high }
            incrementalConversions { estimate low high }
            revenue { currency contactedPerCustomer controlPerCustomer difference { estimate low high } incrementalRevenue { estimate low high } }
          }
        }
      }
    }
  }
`;

// The design: the truth the estimates must recover.
const GROUP_SIZE = 4000;
const CONTROL_RATE = 0.05;
const CONTACTED_RATE = 0.08;
/** A converting customer buys once, or twice with this probability, within the window. */
const SECOND_PURCHASE = 0.2;
/** Each purchase: whole cents uniform on [50.00, 150.00]: mean 100, variance 100²/12 (+ a cent's rounding). */
const PURCHASE_LOW_CENTS = 5000;
const PURCHASE_HIGH_CENTS = 15000;
const WINDOW_DAYS = 30;
const COST_CENTS = 30000;

const MEAN_PURCHASE = (PURCHASE_LOW_CENTS + PURCHASE_HIGH_CENTS) / 200;
const PURCHASE_SECOND_MOMENT = MEAN_PURCHASE ** 2 + ((PURCHASE_HIGH_CENTS - PURCHASE_LOW_CENTS) / 100) ** 2 / 12;
/** Revenue of a converting customer: its mean and second moment (one purchase, or two independent ones). */
const CONVERTER_MEAN = MEAN_PURCHASE * (1 + SECOND_PURCHASE);
const CONVERTER_SECOND_MOMENT = (1 - SECOND_PURCHASE) * PURCHASE_SECOND_MOMENT + SECOND_PURCHASE * (2 * PURCHASE_SECOND_MOMENT + 2 * MEAN_PURCHASE ** 2);
const TRUE_RATE_DIFFERENCE = CONTACTED_RATE - CONTROL_RATE;
const TRUE_REVENUE_DIFFERENCE = TRUE_RATE_DIFFERENCE * CONVERTER_MEAN;
/** The standard errors the design implies: the tolerance of the estimates is 2.5 of them. */
const RATE_STANDARD_ERROR = Math.sqrt((CONTACTED_RATE * (1 - CONTACTED_RATE) + CONTROL_RATE * (1 - CONTROL_RATE)) / GROUP_SIZE);
const revenueVariance = (rate: number) => rate * CONVERTER_SECOND_MOMENT - (rate * CONVERTER_MEAN) ** 2;
const REVENUE_STANDARD_ERROR = Math.sqrt((revenueVariance(CONTACTED_RATE) + revenueVariance(CONTROL_RATE)) / GROUP_SIZE);
const TOLERANCE_IN_STANDARD_ERRORS = 2.5;


const START = Date.UTC(2036, 0, 1);
const at = (days: number, hours = 0) => new Date(START + days * DAY + hours * 3_600_000);

interface Generated {
  purchases: { customerId: string; at: Date; amount: string }[];
  /** Per customer: the cents bought within the window after the decision. */
  inWindowCents: number[];
}

/** Each customer converts with `rate`; converters buy in the window, and every tenth customer also buys after it (which must not count). */
function generate(customers: string[], rate: number, random: () => number): Generated {
  const purchases: Generated['purchases'] = [];
  const cents = () => PURCHASE_LOW_CENTS + Math.floor(random() * (PURCHASE_HIGH_CENTS - PURCHASE_LOW_CENTS + 1));
  const amount = (value: number) => (value / 100).toFixed(2);
  const inWindowCents = customers.map((customerId, index) => {
    let total = 0;
    if (random() < rate) {
      const buys = random() < SECOND_PURCHASE ? 2 : 1;
      for (let buy = 0; buy < buys; buy++) {
        const value = cents();
        total += value;
        purchases.push({ customerId, at: at(1 + Math.floor(random() * (WINDOW_DAYS - 1)), 1 + Math.floor(random() * 20)), amount: amount(value) });
      }
    }
    if (index % 10 === 0) purchases.push({ customerId, at: at(WINDOW_DAYS + 5 + Math.floor(random() * 20)), amount: amount(cents()) });
    return total;
  });
  return { purchases, inWindowCents };
}

describe('lift against the control group, on generated data with a known effect', () => {
  let server: TestServer;
  let campaignId: string;
  let contacted: Generated;
  let control: Generated;

  beforeAll(async () => {
    server = await startTestServer({ clock: manualClock(at(90)) });
    const fixture = new ReturnsFixture(server.owner);
    campaignId = await fixture.campaign('Returns lift', WINDOW_DAYS, 7);
    const contactedCustomers = await fixture.customers(GROUP_SIZE);
    const controlCustomers = await fixture.customers(GROUP_SIZE);
    const run = await fixture.run(campaignId, 'launch', at(0));
    await fixture.recipients(campaignId, run, 'launch', contactedCustomers, 'CONTACTED', at(0));
    await fixture.recipients(campaignId, run, 'launch', controlCustomers, 'CONTROL', at(0));
    const random = seededRandom(20_261_207);
    contacted = generate(contactedCustomers, CONTACTED_RATE, random);
    control = generate(controlCustomers, CONTROL_RATE, random);
    await fixture.purchases([...contacted.purchases, ...control.purchases]);
    await fixture.cost(campaignId, (COST_CENTS / 100).toFixed(2), 'EUR', at(0));
  }, 300_000);
  afterAll(async () => {
    await server?.stop();
  });

  async function performance() {
    const answer = await server.graphql(PERFORMANCE, { id: encodeGlobalID('Campaign', campaignId) });
    expect(answer.errors).toBeUndefined();
    return answer.data!.node.performance;
  }

  const converted = (group: Generated) => group.inWindowCents.filter((cents) => cents > 0).length;
  const meanOf = (group: Generated) => group.inWindowCents.reduce((sum, cents) => sum + cents, 0) / 100 / GROUP_SIZE;

  it('counts the groups and their conversions in the window as the test generated them', async () => {
    const { lift, contacted: contactedCount, control: controlCount } = await performance();
    expect([contactedCount, controlCount]).toEqual([GROUP_SIZE, GROUP_SIZE]);
    expect([lift.contactedCustomers, lift.controlCustomers]).toEqual([GROUP_SIZE, GROUP_SIZE]);
    expect(lift.contactedConversions).toBe(converted(contacted));
    expect(lift.controlConversions).toBe(converted(control));
    expect(lift.contactedRate).toBeCloseTo(converted(contacted) / GROUP_SIZE, 12);
    expect(lift.controlRate).toBeCloseTo(converted(control) / GROUP_SIZE, 12);
  });

  it(`recovers the true rate difference (${TRUE_RATE_DIFFERENCE.toFixed(2)}): within ${TOLERANCE_IN_STANDARD_ERRORS} standard errors, inside its 95 % interval`, async () => {
    const { lift } = await performance();
    const difference = lift.rateDifference;
    expect(difference.estimate).toBeCloseTo((converted(contacted) - converted(control)) / GROUP_SIZE, 12);
    expect(Math.abs(difference.estimate - TRUE_RATE_DIFFERENCE)).toBeLessThan(TOLERANCE_IN_STANDARD_ERRORS * RATE_STANDARD_ERROR);
    expect(difference.low).toBeLessThan(TRUE_RATE_DIFFERENCE);
    expect(difference.high).toBeGreaterThan(TRUE_RATE_DIFFERENCE);
    // At these sizes Newcombe's interval is close to Wald's, computed here from the sample: its width within 3 %.
    const p1 = converted(contacted) / GROUP_SIZE;
    const p0 = converted(control) / GROUP_SIZE;
    const waldWidth = 2 * 1.959964 * Math.sqrt((p1 * (1 - p1) + p0 * (1 - p0)) / GROUP_SIZE);
    expect(Math.abs(difference.high - difference.low - waldWidth) / waldWidth).toBeLessThan(0.03);
    expect(lift.incrementalConversions.estimate).toBeCloseTo(converted(contacted) - converted(control), 9);
    expect(lift.incrementalConversions.low).toBeCloseTo(difference.low * GROUP_SIZE, 9);
  });

  it(`recovers the true revenue per customer difference (${TRUE_REVENUE_DIFFERENCE.toFixed(2)} EUR) and its Welch interval`, async () => {
    const { lift } = await performance();
    const [revenue] = lift.revenue;
    expect(lift.revenue).toHaveLength(1);
    expect(revenue.currency).toBe('EUR');
    expect(revenue.contactedPerCustomer).toBeCloseTo(meanOf(contacted), 9);
    expect(revenue.controlPerCustomer).toBeCloseTo(meanOf(control), 9);
    const difference = revenue.difference;
    expect(difference.estimate).toBeCloseTo(meanOf(contacted) - meanOf(control), 9);
    expect(Math.abs(difference.estimate - TRUE_REVENUE_DIFFERENCE)).toBeLessThan(TOLERANCE_IN_STANDARD_ERRORS * REVENUE_STANDARD_ERROR);
    expect(difference.low).toBeLessThan(TRUE_REVENUE_DIFFERENCE);
    expect(difference.high).toBeGreaterThan(TRUE_REVENUE_DIFFERENCE);
    // Welch by the test, from each customer's revenue (some 7,000 degrees of freedom: t ≈ z to 0.03 %).
    const variance = (group: Generated) => {
      const mean = meanOf(group);
      return group.inWindowCents.reduce((sum, cents) => sum + (cents / 100 - mean) ** 2, 0) / (GROUP_SIZE - 1);
    };
    const half = 1.96 * Math.sqrt((variance(contacted) + variance(control)) / GROUP_SIZE);
    expect(Math.abs((difference.high - difference.low) / 2 - half) / half).toBeLessThan(0.001);
    expect(revenue.incrementalRevenue.estimate).toBeCloseTo(difference.estimate * GROUP_SIZE, 6);
  });

  it('gives ROI on incremental and on attributed revenue as the test computes them from its own data', async () => {
    const performanceNow = await performance();
    const cost = COST_CENTS / 100;
    const incremental = (meanOf(contacted) - meanOf(control)) * GROUP_SIZE;
    // The contact is the only touch these customers have: LINEAR credits the campaign every purchase of a contacted customer in the window.
    const attributedCents = contacted.inWindowCents.reduce((sum, cents) => sum + cents, 0);
    const attributedPurchases = contacted.purchases.filter((purchase) => purchase.at.getTime() <= START + WINDOW_DAYS * DAY).length;
    expect(performanceNow.conversions).toBe(attributedPurchases);
    expect(performanceNow.attributedRevenue).toEqual([{ currency: 'EUR', amount: (attributedCents / 100).toFixed(2) }]);
    expect(performanceNow.cost).toEqual([{ currency: 'EUR', amount: (cost).toFixed(2) }]);
    const [roi] = performanceNow.roi;
    expect(performanceNow.roi).toHaveLength(1);
    expect(roi.currency).toBe('EUR');
    expect(roi.incremental).toBeCloseTo((incremental - cost) / cost, 9);
    expect(roi.attributed).toBeCloseTo((attributedCents / 100 - cost) / cost, 9);
    // The incremental return is the smaller: attribution credits the control group's baseline too.
    expect(roi.incremental).toBeLessThan(roi.attributed);
  });
});
