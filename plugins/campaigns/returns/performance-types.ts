import type { Builder } from '../../../src/plugin-api.ts';
import type { AmountInCurrency, CampaignLift, CampaignPerformance, CurrencyRoi, RevenueLift } from './campaign-performance.ts';
import type { Estimate } from './lift-interval.ts';

const MODELS = {
  FIRST_TOUCH: "All of a conversion's revenue to the customer's first touch in the window.",
  LAST_TOUCH: "All of a conversion's revenue to the customer's last touch before it.",
  LINEAR: 'Shared evenly among the touches.',
  U_SHAPED: '40 % to the first touch, 40 % to the last, 20 % shared among those between (one touch: 100 %, two: 50/50).',
  TIME_DECAY: "Each touch weighs 2^(−days before the conversion / its campaign's half-life), normalized.",
} as const;

/** The return's GraphQL types: the attribution model, amounts, estimates with intervals, ROI, the lift and the performance. */
export function registerReturnTypes(builder: Builder) {
  const AttributionModel = builder.enumType('AttributionModel', {
    description:
      "How a conversion's revenue is shared among every touch (contact or response, of any campaign) the customer had within each touch's campaign window before it. Credits are whole cents adding up to the revenue.",
    values: Object.fromEntries(Object.entries(MODELS).map(([value, description]) => [value, { description }])) as Record<keyof typeof MODELS, { description: string }>,
  });

  const Amount = builder.objectRef<AmountInCurrency>('CampaignReturnAmount').implement({
    description: 'An amount of money in one currency.',
    fields: (t) => ({
      currency: t.exposeString('currency', { description: 'ISO 4217.' }),
      amount: t.exposeString('amount', { description: 'Decimal text with two decimals, e.g. "1250.00".' }),
    }),
  });

  const Interval = builder.objectRef<Estimate>('CampaignEstimate').implement({
    description: 'An estimate with its 95 % confidence interval.',
    fields: (t) => ({
      estimate: t.exposeFloat('estimate', { description: 'The point estimate.' }),
      low: t.exposeFloat('low', { description: 'Lower bound of the 95 % interval.' }),
      high: t.exposeFloat('high', { description: 'Upper bound of the 95 % interval.' }),
    }),
  });

  const Roi = builder.objectRef<CurrencyRoi>('CampaignRoi').implement({
    description: 'Return on cost in one currency: (revenue − cost) / cost; null without a cost in that currency.',
    fields: (t) => ({
      currency: t.exposeString('currency', { description: 'ISO 4217.' }),
      attributed: t.exposeFloat('attributed', { nullable: true, description: 'On the revenue attributed by the model.' }),
      incremental: t.exposeFloat('incremental', { nullable: true, description: "On the incremental revenue measured against the control group; null where it can't be measured (or in a report)." }),
    }),
  });

  const RevenueLiftRef = builder.objectRef<RevenueLift>('CampaignRevenueLift').implement({
    description: 'Revenue per customer within the window after the decision, contacted vs control, in one currency (Welch interval).',
    fields: (t) => ({
      currency: t.exposeString('currency', { description: 'ISO 4217.' }),
      contactedPerCustomer: t.exposeFloat('contactedPerCustomer', { description: 'Mean revenue of a contacted customer (zero for those who bought nothing).' }),
      controlPerCustomer: t.exposeFloat('controlPerCustomer', { description: 'Mean revenue of a control customer.' }),
      difference: t.field({ type: Interval, nullable: true, description: 'Contacted minus control per customer; null with fewer than two customers in a group.', resolve: (lift) => lift.difference }),
      incrementalRevenue: t.field({ type: Interval, nullable: true, description: 'The difference times the contacted customers: revenue the contact caused.', resolve: (lift) => lift.incrementalRevenue }),
    }),
  });

  const Lift = builder.objectRef<CampaignLift>('CampaignLift').implement({
    description:
      'Incremental lift against the control group: contacted vs control customers (a customer once per run) converting within the attribution window after the decision. Newcombe interval for the rate difference.',
    fields: (t) => ({
      contactedCustomers: t.exposeInt('contactedCustomers', { description: 'Contacted decisions.' }),
      controlCustomers: t.exposeInt('controlCustomers', { description: 'Control decisions.' }),
      contactedConversions: t.exposeInt('contactedConversions', { description: 'Contacted customers who converted in the window.' }),
      controlConversions: t.exposeInt('controlConversions', { description: 'Control customers who converted in the window.' }),
      contactedRate: t.exposeFloat('contactedRate', { nullable: true, description: 'Conversion rate of the contacted; null without any.' }),
      controlRate: t.exposeFloat('controlRate', { nullable: true, description: 'Conversion rate of the control group; null without any.' }),
      rateDifference: t.field({ type: Interval, nullable: true, description: 'Contacted rate minus control rate; null when a group is empty.', resolve: (lift) => lift.rateDifference }),
      incrementalConversions: t.field({ type: Interval, nullable: true, description: 'The rate difference times the contacted customers.', resolve: (lift) => lift.incrementalConversions }),
      revenue: t.field({ type: [RevenueLiftRef], description: 'Revenue per customer and its lift, per currency.', resolve: (lift) => lift.revenue }),
    }),
  });

  const Performance = builder.objectRef<CampaignPerformance>('CampaignPerformance').implement({
    description: "A campaign's measured return: who it reached, what the model attributes to it, its lift against the control group, its cost and ROI.",
    fields: (t) => ({
      contacted: t.exposeInt('contacted', { description: 'Customers contacted.' }),
      control: t.exposeInt('control', { description: 'Customers held back as the control group.' }),
      excluded: t.exposeInt('excluded', { description: 'Customers left out (consent, suppression, cap …).' }),
      conversions: t.exposeInt('conversions', { description: "Purchases and won deals with a touch of the campaign within its window before them." }),
      attributedRevenue: t.field({ type: [Amount], description: "The revenue the model credits to the campaign's touches, per currency.", resolve: (performance) => performance.attributedRevenue }),
      lift: t.field({ type: Lift, description: 'Contacted vs control.', resolve: (performance) => performance.lift }),
      cost: t.field({ type: [Amount], description: 'The campaign\'s costs, per currency.', resolve: (performance) => performance.cost }),
      roi: t.field({ type: [Roi], description: 'ROI per currency, on attributed and on incremental revenue.', resolve: (performance) => performance.roi }),
    }),
  });

  return { AttributionModel, Amount, Roi, Performance };
}

export type ReturnTypes = ReturnType<typeof registerReturnTypes>;
