import type { CustomerFact, FactSqlContext } from '../../../src/plugin-api.ts';
import { RfmCell } from './enums.ts';

// Scores change with purchases (the membership reaction rescores a purchaser before re-evaluating
// segments) and with the scheduled rescoring, which the segments' time-driven pass follows.
const changedBy = ['interaction.recorded'];
const onlyThese = (customers: string | null) => (customers ? ` WHERE "customerId" = ANY(${customers})` : '');

/** A fact read from one column of the customer's CustomerScore row. */
function scoreColumn(name: string, label: string, description: string, type: CustomerFact['type'], column: string, extra: Partial<CustomerFact> = {}): CustomerFact {
  return {
    name: `segments.${name}`,
    label,
    description,
    type,
    changedBy,
    movesWithTime: true,
    source: { kind: 'GROUPED', absent: 'NULL', statement: (_context, customers) => `SELECT "customerId" AS customer_id, ${column} AS value FROM "CustomerScore"${onlyThese(customers)}` },
    ...extra,
  };
}

const quintile = (what: string) => `${what} score, 1–5: the customer's quintile within the tenant (5 is best); not set without a purchase in the scoring currency.`;

/** What the scores say about every customer, for segment rules and customer filters. */
export const scoreFacts: readonly CustomerFact[] = [
  scoreColumn('recencyScore', 'recency score', quintile('The RFM recency (how recently they bought)'), 'NUMBER', '"recencyScore"'),
  scoreColumn('frequencyScore', 'frequency score', quintile('The RFM frequency (how many purchases)'), 'NUMBER', '"frequencyScore"'),
  scoreColumn('monetaryScore', 'monetary score', quintile('The RFM monetary (how much spent)'), 'NUMBER', '"monetaryScore"'),
  scoreColumn('rfmCell', 'RFM cell', "The customer's RFM cell (champions, loyal, at risk …).", 'ENUM', '"rfmCell"::text', { values: Object.values(RfmCell) }),
  scoreColumn('predictedValue', 'predicted value', 'What the customer is predicted to spend over the next 12 months, in the tenant’s scoring currency.', 'MONEY', '"predictedValue"'),
  scoreColumn('predictedPurchases', 'predicted purchases', 'Purchases the customer is predicted to make over the next 12 months.', 'NUMBER', '"predictedPurchases"'),
  scoreColumn('probabilityAlive', 'P(alive)', 'The probability, 0–1, that the customer is still a customer (BG/NBD, or the fallback’s estimate).', 'NUMBER', '"probabilityAlive"'),
  scoreColumn('churnRisk', 'churn risk', 'The risk, 0–1, that the customer is leaving: 1 − P(alive), raised by recent complaints and open tickets.', 'NUMBER', '"churnRisk"'),
  {
    name: 'segments.historicalValue',
    label: 'historical value',
    description: 'What the customer has spent in the currency given, all time (0 without a purchase in it).',
    type: 'MONEY',
    parameters: { currency: true },
    changedBy,
    movesWithTime: true,
    source: {
      kind: 'GROUPED',
      absent: '0',
      statement: (context: FactSqlContext, customers) => {
        const currency = context.parameter(context.arguments.currency);
        return `SELECT "customerId" AS customer_id, ("historicalValue" ->> ${currency}::text)::numeric AS value FROM "CustomerScore" WHERE "historicalValue" ? ${currency}::text${customers ? ` AND "customerId" = ANY(${customers})` : ''}`;
      },
    },
  },
];
