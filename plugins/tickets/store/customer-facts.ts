import type { CustomerFact } from '../../../src/plugin-api.ts';
import { ticketCreated, ticketStatusChanged, ticketUpdated } from '../events.ts';
import { OPEN_STATUSES } from '../ticket-status.ts';
import { TicketKind } from './enums.ts';

const changedBy = [ticketCreated.name, ticketStatusChanged.name, ticketUpdated.name];
const onlyThese = (customers: string | null) => (customers ? ` AND "customerId" = ANY(${customers})` : '');

/** What a customer's tickets say about them, for segment rules and customer filters. */
export const ticketFacts: readonly CustomerFact[] = [
  {
    name: 'tickets.open',
    label: 'open tickets',
    description: 'Tickets of the customer not yet resolved (new, open, waiting on the customer, escalated, reopened).',
    type: 'NUMBER',
    changedBy,
    source: {
      kind: 'GROUPED',
      absent: '0',
      statement: (context, customers) =>
        `SELECT "customerId" AS customer_id, count(*) AS value FROM "Ticket" WHERE status::text = ANY(${context.parameter([...OPEN_STATUSES])}::text[])${onlyThese(customers)} GROUP BY "customerId"`,
    },
  },
  {
    name: 'tickets.opened',
    label: 'tickets opened',
    description: 'Tickets the customer opened, of the kinds given, within the window (all time without one).',
    type: 'NUMBER',
    parameters: { window: 'OPTIONAL', filters: { kind: { description: 'Query, complaint, claim or request.', values: Object.values(TicketKind) } } },
    changedBy,
    source: {
      kind: 'GROUPED',
      absent: '0',
      statement: (context, customers) => {
        const { window, filters } = context.arguments;
        const conditions = ['true'];
        if (filters.kind) conditions.push(`kind = ANY(${context.parameter(filters.kind)}::"TicketKind"[])`);
        if (window) conditions.push(`"createdAt" >= ${context.parameter(window.from)}::timestamp(3)`);
        if (window?.to) conditions.push(`"createdAt" < ${context.parameter(window.to)}::timestamp(3)`);
        return `SELECT "customerId" AS customer_id, count(*) AS value FROM "Ticket" WHERE ${conditions.join(' AND ')}${onlyThese(customers)} GROUP BY "customerId"`;
      },
    },
  },
  {
    name: 'tickets.lastComplaintAt',
    label: 'last complaint ticket',
    description: 'When the customer last opened a complaint ticket.',
    type: 'DATE_TIME',
    changedBy,
    source: {
      kind: 'GROUPED',
      absent: 'NULL',
      statement: (_context, customers) => `SELECT "customerId" AS customer_id, MAX("createdAt") AS value FROM "Ticket" WHERE kind = 'COMPLAINT'${onlyThese(customers)} GROUP BY "customerId"`,
    },
  },
];
