import type { CustomerFact } from '../../../src/plugin-api.ts';
import { opportunityCreated, opportunityLost, opportunityStageChanged, opportunityUpdated, opportunityWon } from '../events.ts';

const changedBy = [opportunityCreated.name, opportunityUpdated.name, opportunityStageChanged.name, opportunityWon.name, opportunityLost.name];
const onlyThese = (customers: string | null) => (customers ? ` AND "customerId" = ANY(${customers})` : '');
const OPEN = `stage NOT IN ('CLOSED_WON', 'CLOSED_LOST')`;

/** What a customer's deals say about them, for segment rules and customer filters. */
export const pipelineFacts: readonly CustomerFact[] = [
  {
    name: 'pipeline.openDeals',
    label: 'open deals',
    description: 'Opportunities of the customer not yet won or lost.',
    type: 'NUMBER',
    changedBy,
    source: { kind: 'GROUPED', absent: '0', statement: (_context, customers) => `SELECT "customerId" AS customer_id, count(*) AS value FROM "Opportunity" WHERE ${OPEN}${onlyThese(customers)} GROUP BY "customerId"` },
  },
  {
    name: 'pipeline.openValue',
    label: 'open pipeline value',
    description: 'The amounts of the customer’s open opportunities in the currency given (those without an amount count as 0).',
    type: 'MONEY',
    parameters: { currency: true },
    changedBy,
    source: {
      kind: 'GROUPED',
      absent: '0',
      statement: (context, customers) =>
        `SELECT "customerId" AS customer_id, COALESCE(SUM(amount), 0) AS value FROM "Opportunity" WHERE ${OPEN} AND currency = ${context.parameter(context.arguments.currency)}${onlyThese(customers)} GROUP BY "customerId"`,
    },
  },
  {
    name: 'pipeline.wonValue',
    label: 'won deals',
    description: 'The amounts of the customer’s won opportunities in the currency given, closed within the window (all time without one).',
    type: 'MONEY',
    parameters: { currency: true, window: 'OPTIONAL' },
    changedBy,
    source: {
      kind: 'GROUPED',
      absent: '0',
      statement: (context, customers) => {
        const { window } = context.arguments;
        const conditions = [`stage = 'CLOSED_WON'`, `currency = ${context.parameter(context.arguments.currency)}`];
        if (window) conditions.push(`"closedAt" >= ${context.parameter(window.from)}::timestamp(3)`);
        if (window?.to) conditions.push(`"closedAt" < ${context.parameter(window.to)}::timestamp(3)`);
        return `SELECT "customerId" AS customer_id, COALESCE(SUM(amount), 0) AS value FROM "Opportunity" WHERE ${conditions.join(' AND ')}${onlyThese(customers)} GROUP BY "customerId"`;
      },
    },
  },
];
