import type { Builder, Context } from '../../src/plugin-api.ts';
import { perCustomerLoader } from '../../src/plugin-api.ts';
import type { SegmentEnums } from './enums.ts';
import { CHURN_REASON_CODES, COMPLAINT_UPLIFT, COMPLAINT_WINDOW_DAYS, MAX_COUNTED, OPEN_TICKET_UPLIFT, type ChurnReason, type ChurnReasonCode } from './scores/churn-risk.ts';
import { explainScore } from './scores/score-explanation.ts';
import { READ } from './segment.ts';
import { scoresOf, type CustomerScoreRow } from './store/score-reads.ts';

const scoresByContext = new WeakMap<Context, ReturnType<typeof scoreLoader>>();
const scoreLoader = (context: Context) => perCustomerLoader<null, CustomerScoreRow | null>((customerIds) => scoresOf(context.sql, customerIds), null);

const REASON: Record<ChurnReasonCode, string> = {
  PROBABILITY_ALIVE: 'The value model’s probability that the customer is still a customer, from their purchases: the base of the risk (risk = 1 − P(alive) before the signals below).',
  RECENT_COMPLAINTS: `Complaint interactions in the last ${COMPLAINT_WINDOW_DAYS} days: each takes ${COMPLAINT_UPLIFT * 100} % of the remaining chance of staying (at most ${MAX_COUNTED} count).`,
  COMPLAINT_TICKET: `A complaint ticket opened in the last ${COMPLAINT_WINDOW_DAYS} days: counts as one more complaint.`,
  OPEN_TICKETS: `Tickets not yet resolved: each takes ${OPEN_TICKET_UPLIFT * 100} % of the remaining chance of staying (at most ${MAX_COUNTED} count).`,
};

/** `CustomerScore` (what a customer is worth and how likely they are to leave) and `Customer.score`. */
export function registerCustomerScore(builder: Builder, enums: SegmentEnums): void {
  const ReasonCode = builder.enumType('ChurnReasonCode', {
    description: 'What raised or set a churn risk.',
    values: Object.fromEntries(CHURN_REASON_CODES.map((code) => [code, { description: REASON[code] }])) as Record<ChurnReasonCode, { description: string }>,
  });
  const Reason = builder.objectRef<ChurnReason>('ChurnReason').implement({
    description: 'One reason behind a churn risk.',
    fields: (t) => ({
      code: t.field({ type: ReasonCode, description: 'The kind of reason.', resolve: (reason) => reason.code }),
      text: t.exposeString('text', { description: 'The reason with its figures, e.g. "P(alive) 0.42 from 3 purchases, the last 210 days ago" or "2 open tickets".' }),
    }),
  });
  const Spent = builder.objectRef<{ currency: string; amount: string }>('HistoricalValue').implement({
    description: 'What a customer has spent in one currency, all time.',
    fields: (t) => ({
      currency: t.exposeString('currency', { description: 'ISO 4217.' }),
      amount: t.exposeString('amount', { description: 'The sum of their purchases in it (a decimal as text, e.g. "1249.90").' }),
    }),
  });

  const Score = builder.objectRef<CustomerScoreRow>('CustomerScore').implement({
    description:
      "What a customer is worth and how likely they are to leave: RFM scores and cell, the historical value per currency, the value predicted over the next 12 months, and the churn risk with its reasons, each with the inputs it came from. Recomputed when the customer's purchases change (from the tenant's stored models) and daily (refitting them).",
    fields: (t) => ({
      recencyScore: t.exposeInt('recencyScore', { nullable: true, description: "1–5: the customer's quintile of recency within the tenant (5: bought most recently); null without a purchase in the scoring currency." }),
      frequencyScore: t.exposeInt('frequencyScore', { nullable: true, description: "1–5: the customer's quintile of purchase count within the tenant (5: most purchases)." }),
      monetaryScore: t.exposeInt('monetaryScore', { nullable: true, description: "1–5: the customer's quintile of money spent in the scoring currency within the tenant (5: most)." }),
      rfmCell: t.field({ type: enums.Cell, nullable: true, description: 'The RFM cell of the three scores.', resolve: (score) => score.rfmCell as never }),
      recencyDays: t.exposeInt('recencyDays', { nullable: true, description: 'Input of recency: whole days from the last purchase in the scoring currency to `computedAt`.' }),
      purchases: t.exposeInt('purchases', { description: 'Input of frequency: purchases in the scoring currency until `computedAt`.' }),
      monetaryValue: t.exposeString('monetaryValue', { description: 'Input of the monetary score: their total in the scoring currency (a decimal as text).' }),
      currency: t.exposeString('currency', { nullable: true, description: "The tenant's scoring currency (ISO 4217): the one most of its purchases are in; null while the tenant has no purchase." }),
      historicalValue: t.field({
        type: [Spent],
        description: 'Everything the customer has spent, per currency, largest first.',
        resolve: (score) =>
          Object.entries(score.historicalValue)
            .map(([currency, amount]) => ({ currency, amount }))
            .sort((left, right) => Number(right.amount) - Number(left.amount) || left.currency.localeCompare(right.currency)),
      }),
      predictedPurchases: t.exposeFloat('predictedPurchases', { nullable: true, description: 'Purchases expected over the next 12 months.' }),
      predictedValue: t.exposeString('predictedValue', { nullable: true, description: 'The value expected over the next 12 months, in the scoring currency (a decimal as text): expected purchases × expected value of one.' }),
      probabilityAlive: t.exposeFloat('probabilityAlive', { nullable: true, description: "0–1: the probability that the customer is still a customer (BG/NBD's P(alive); the fallback's estimate, when it has one)." }),
      churnRisk: t.exposeFloat('churnRisk', { nullable: true, description: '0–1: 1 − P(alive), raised by recent complaints and open tickets (see `churnReasons`).' }),
      churnReasons: t.field({ type: [Reason], description: 'Why the churn risk is what it is, the model first.', resolve: (score) => score.churnReasons }),
      method: t.field({ type: enums.Method, nullable: true, description: 'How the prediction was made; null without a purchase in the scoring currency.', resolve: (score) => score.method as never }),
      computedAt: t.expose('computedAt', { type: 'DateTime', description: 'When these scores were computed.' }),
      explanation: t.string({ description: 'The scores in one paragraph: their inputs, quintiles, forecast and churn reasons.', resolve: (score) => explainScore(score) }),
    }),
  });

  builder.interfaceField('Customer', 'score', (t) =>
    t.field({
      type: Score,
      nullable: true,
      authScopes: READ,
      description: "The customer's scores (RFM, lifetime value, churn risk); null until the tenant is first scored.",
      resolve: (customer, _args, context) => {
        let loader = scoresByContext.get(context);
        if (!loader) scoresByContext.set(context, (loader = scoreLoader(context)));
        return loader.load({ customerId: (customer as { id: string }).id, request: null });
      },
    }),
  );
}
