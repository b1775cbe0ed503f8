import type { CustomerFact, FactSqlContext } from '../../../src/plugin-api.ts';
import { interactionRecorded } from '../events.ts';
import { InteractionChannel, InteractionDirection, InteractionKind } from './enums.ts';

const filters = {
  channel: { description: 'The channels the interactions came through.', values: Object.values(InteractionChannel) },
  kind: { description: 'The kinds of interaction (purchase, complaint …).', values: Object.values(InteractionKind) },
  direction: { description: 'Inbound (the customer reached out) or outbound.', values: Object.values(InteractionDirection) },
};

/** The WHERE of the interactions a condition counts: its filters, window and customers. */
function interactionsWhere(context: FactSqlContext, customers: string | null, extra: string[] = []): string {
  const { filters: given, window } = context.arguments;
  const conditions = [...extra];
  if (given.channel) conditions.push(`channel = ANY(${context.parameter(given.channel)}::"InteractionChannel"[])`);
  if (given.kind) conditions.push(`kind = ANY(${context.parameter(given.kind)}::"InteractionKind"[])`);
  if (given.direction) conditions.push(`direction = ANY(${context.parameter(given.direction)}::"InteractionDirection"[])`);
  if (window) conditions.push(`"occurredAt" >= ${context.parameter(window.from)}::timestamp(3)`);
  if (window?.to) conditions.push(`"occurredAt" < ${context.parameter(window.to)}::timestamp(3)`);
  if (customers) conditions.push(`"customerId" = ANY(${customers})`);
  return conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
}

const changedBy = [interactionRecorded.name];

/** What a customer's interactions say about them, for segment rules and customer filters. */
export const interactionFacts: readonly CustomerFact[] = [
  {
    name: 'interactions.count',
    label: 'interactions',
    description: 'How many interactions the customer had, of the given channels, kinds and direction, within the window (all time without one).',
    type: 'NUMBER',
    parameters: { window: 'OPTIONAL', filters },
    changedBy,
    source: {
      kind: 'GROUPED',
      absent: '0',
      statement: (context, customers) => `SELECT "customerId" AS customer_id, count(*) AS value FROM "Interaction" ${interactionsWhere(context, customers)} GROUP BY "customerId"`,
    },
  },
  {
    name: 'interactions.lastAt',
    label: 'last interaction',
    description: 'When the customer last had an interaction of the given channels, kinds and direction (within the window, if given).',
    type: 'DATE_TIME',
    parameters: { window: 'OPTIONAL', filters },
    changedBy,
    source: {
      kind: 'GROUPED',
      absent: 'NULL',
      statement: (context, customers) => `SELECT "customerId" AS customer_id, MAX("occurredAt") AS value FROM "Interaction" ${interactionsWhere(context, customers)} GROUP BY "customerId"`,
    },
  },
  {
    name: 'interactions.firstAt',
    label: 'first interaction',
    description: 'When the customer first had an interaction of the given channels, kinds and direction.',
    type: 'DATE_TIME',
    parameters: { filters },
    changedBy,
    source: {
      kind: 'GROUPED',
      absent: 'NULL',
      statement: (context, customers) => `SELECT "customerId" AS customer_id, MIN("occurredAt") AS value FROM "Interaction" ${interactionsWhere(context, customers)} GROUP BY "customerId"`,
    },
  },
  {
    name: 'interactions.purchaseTotal',
    label: 'purchases',
    description: 'The sum of the customer’s purchase amounts in the currency given, within the window (all time without one).',
    type: 'MONEY',
    parameters: { window: 'OPTIONAL', currency: true, filters: { channel: filters.channel } },
    changedBy,
    source: {
      kind: 'GROUPED',
      absent: '0',
      statement: (context, customers) =>
        `SELECT "customerId" AS customer_id, SUM(amount) AS value FROM "Interaction" ${interactionsWhere(context, customers, [
          `kind = 'PURCHASE'`,
          `currency = ${context.parameter(context.arguments.currency)}`,
          'amount IS NOT NULL',
        ])} GROUP BY "customerId"`,
    },
  },
];
