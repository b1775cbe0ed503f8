import type { Prisma } from '../../src/plugin-api.ts';
import { defineTopic } from '../../src/plugin-api.ts';
import { globalIdOf } from './ids.ts';

// Every change in the service area is an event: on the customer's timeline (ticket events name
// the customer) and live on `Subscription.activity`, so a wallboard sees queues move.

interface TicketFacts extends Record<string, unknown> {
  number: number;
  status: string;
  priority: string;
  queueId: string;
}

export const ticketCreated = defineTopic<TicketFacts & { subject: string; kind: string; categoryId: string; channel: string; routingRule: string | null; routingReason: string }>('ticket.created');
export const ticketUpdated = defineTopic<TicketFacts & { changed: string[] }>('ticket.updated');
export const ticketStatusChanged = defineTopic<TicketFacts & { from: string; to: string; note: string | null }>('ticket.statusChanged');
export const ticketAssigned = defineTopic<TicketFacts & { fromQueueId: string; assigneeId: string | null; fromAssigneeId: string | null }>('ticket.assigned');
export const ticketReplied = defineTopic<TicketFacts & { messageId: string; author: string }>('ticket.replied');
export const ticketNoteAdded = defineTopic<TicketFacts & { messageId: string }>('ticket.noteAdded');
export const ticketEscalated = defineTopic<TicketFacts & { level: number; reason: string; fromQueueId: string; dueAt: string | null }>('ticket.escalated');
export const ticketRated = defineTopic<TicketFacts & { score: number; comment: string | null }>('ticket.satisfactionRecorded');

type TicketRow = Prisma.TicketModel;

/** The part of every ticket event that places it: on the customer's timeline, with the ticket's channel and kind. */
export function ticketEventFrame(ticket: Pick<TicketRow, 'id' | 'customerId' | 'channel' | 'kind'> & { customerNodeId: string }, at: Date) {
  return {
    subjectId: globalIdOf('Ticket', ticket.id),
    customer: { id: ticket.customerId, nodeId: ticket.customerNodeId },
    channel: ticket.channel,
    kind: ticket.kind,
    occurredAt: at,
  };
}

/** The facts every ticket event payload carries, so a wallboard can move the ticket without loading it (ids are global ids). */
export function ticketFacts(ticket: Pick<TicketRow, 'number' | 'status' | 'priority' | 'queueId'>): TicketFacts {
  return { number: ticket.number, status: ticket.status, priority: ticket.priority, queueId: globalIdOf('TicketQueue', ticket.queueId) };
}

interface ConfigFacts extends Record<string, unknown> {
  name: string;
  created: boolean;
}

export const queueSaved = defineTopic<ConfigFacts>('service.queueSaved');
export const categorySaved = defineTopic<ConfigFacts & { kind: string }>('service.categorySaved');
export const routingRuleSaved = defineTopic<ConfigFacts & { position: number; active: boolean }>('service.routingRuleSaved');
export const slaPolicySaved = defineTopic<ConfigFacts & { priority: string }>('service.slaPolicySaved');
export const calendarSaved = defineTopic<ConfigFacts & { timeZone: string }>('service.calendarSaved');

export const ticketTopics = {
  [ticketCreated.name]: 'A ticket was opened (with how it was routed).',
  [ticketUpdated.name]: "A ticket's subject, description, priority, category or channel changed.",
  [ticketStatusChanged.name]: 'A ticket moved to another status.',
  [ticketAssigned.name]: 'A ticket changed queue or assignee.',
  [ticketReplied.name]: 'A public reply was added to a ticket (by an agent or the customer).',
  [ticketNoteAdded.name]: 'An internal note was added to a ticket.',
  [ticketEscalated.name]: 'The escalation scheduler escalated a ticket that is about to breach or breached its SLA.',
  [ticketRated.name]: 'The customer rated the service of a resolved ticket (CSAT 1–5).',
  [queueSaved.name]: 'A ticket queue was created or changed.',
  [categorySaved.name]: 'A ticket category (typification) was created or changed.',
  [routingRuleSaved.name]: 'A routing rule was created or changed.',
  [slaPolicySaved.name]: 'An SLA policy was created or changed.',
  [calendarSaved.name]: 'A business calendar was created or changed.',
} as const;
