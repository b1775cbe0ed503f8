import type { z } from 'zod';
import type { Prisma } from '../../src/plugin-api.ts';
import type { TicketStatus } from './store/enums.ts';
import { ConflictError } from '../../src/plugin-api.ts';
import { ticketEventFrame, ticketFacts, ticketNoteAdded, ticketReplied } from './events.ts';
import { globalIdOf } from './ids.ts';
import { saveTicket, type LockedTicket, type WriteScope } from './store/ticket-writes.ts';
import type { noteSchema, replySchema } from './ticket-inputs.ts';
import { clockAfter, moveTicket } from './ticket-lifecycle.ts';

// Replies and internal notes, and what a reply does to the ticket's status and first-response clock.

export type TicketMessageRow = Prisma.TicketMessageModel;

/** A public reply, from an agent or relayed from the customer; a CLOSED ticket is a ConflictError. */
export async function addReply(scope: WriteScope, ticket: LockedTicket, input: z.output<typeof replySchema>): Promise<{ ticket: LockedTicket; message: TicketMessageRow }> {
  const author = input.author ?? 'AGENT';
  if (ticket.status === 'CLOSED') throw new ConflictError(`Ticket #${ticket.number} is closed: a new contact opens a new ticket`, globalIdOf('Ticket', ticket.id));
  const message = await addMessage(scope, ticket, 'PUBLIC_REPLY', author, input.body);
  const moved = await afterReply(scope, ticket, author, input.status ?? null);
  await scope.events.emit(ticketReplied, { ...ticketEventFrame(moved, scope.now), payload: { ...ticketFacts(moved), messageId: message.id, author } });
  return { ticket: moved, message };
}

/** An internal note: it changes neither status nor SLA. */
export async function addNote(scope: WriteScope, ticket: LockedTicket, input: z.output<typeof noteSchema>): Promise<{ ticket: LockedTicket; message: TicketMessageRow }> {
  const message = await addMessage(scope, ticket, 'INTERNAL_NOTE', 'AGENT', input.body);
  const saved = await saveTicket(scope, ticket, {});
  await scope.events.emit(ticketNoteAdded, { ...ticketEventFrame(saved, scope.now), payload: { ...ticketFacts(saved), messageId: message.id } });
  return { ticket: saved, message };
}

async function addMessage(scope: WriteScope, ticket: LockedTicket, kind: TicketMessageRow['kind'], author: TicketMessageRow['author'], body: string): Promise<TicketMessageRow> {
  return scope.db.ticketMessage.create({
    data: { tenantId: scope.tenantId, ticketId: ticket.id, kind, author, authorId: author === 'AGENT' ? scope.actorId : null, body, createdAt: scope.now },
  });
}

/** The status a reply leads to, and the first response it may be. */
async function afterReply(scope: WriteScope, ticket: LockedTicket, author: TicketMessageRow['author'], requested: TicketStatus | null): Promise<LockedTicket> {
  if (author === 'CUSTOMER') {
    if (ticket.status === 'PENDING_CUSTOMER') return moveTicket(scope, ticket, 'OPEN', { note: 'The customer replied' });
    if (ticket.status === 'RESOLVED') return moveTicket(scope, ticket, 'REOPENED', { note: 'The customer replied after resolution' });
    return saveTicket(scope, ticket, {});
  }
  const firstResponse = ticket.firstRespondedAt === null;
  const target = requested ?? (ticket.status === 'NEW' || ticket.status === 'REOPENED' ? 'OPEN' : null);
  if (target && target !== ticket.status) return moveTicket(scope, ticket, target, { firstResponse });
  return saveTicket(scope, ticket, firstResponse ? await clockAfter(scope, ticket, { running: ticket.slaRunning, firstResponse: true }) : {});
}
