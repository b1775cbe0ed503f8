import type { Builder, Prisma, TicketStatus } from '../../src/plugin-api.ts';
import { ConflictError, parseInput } from '../../src/plugin-api.ts';
import type { TicketEnums } from './enums.ts';
import { ticketNoteAdded, ticketReplied } from './events.ts';
import { globalIdOf } from './ids.ts';
import { noteSchema, replySchema } from './ticket-inputs.ts';
import { clockAfter, moveTicket } from './ticket-lifecycle.ts';
import { requestScope, requireTicket, WRITE_ERRORS } from './ticket-mutations.ts';
import { saveTicket, ticketEventFrame, ticketFacts, type LockedTicket, type WriteScope } from './ticket-store.ts';

const WRITE = { permission: 'tickets:write' } as const;

type Message = Prisma.TicketMessageModel;

/** Replies and internal notes, and what a reply does to the ticket's status and first-response clock. */
export function registerTicketConversation(builder: Builder, enums: TicketEnums): void {
  const ReplyInput = builder.inputType('AddTicketReplyInput', {
    description:
      'A public reply. An agent’s first one is the first response; with `status` the ticket also moves (e.g. PENDING_CUSTOMER), and a NEW ticket becomes OPEN otherwise. ' +
      'A customer’s reply takes a ticket waiting on them back to OPEN, and reopens a RESOLVED one.',
    fields: (t) => ({
      ticketId: t.id({ required: true, description: 'The ticket (global id); not CLOSED.' }),
      body: t.string({ required: true, description: 'The text of the reply, as the customer will read it.' }),
      author: t.field({ type: enums.Author, description: 'Default AGENT (the viewer); CUSTOMER when a channel relays the customer’s message.' }),
      status: t.field({ type: enums.Status, description: 'Agents only: the status to move the ticket to with this reply.' }),
    }),
  });
  const NoteInput = builder.inputType('AddTicketNoteInput', {
    description: 'An internal note on a ticket.',
    fields: (t) => ({
      ticketId: t.id({ required: true, description: 'The ticket (global id); not CLOSED.' }),
      body: t.string({ required: true, description: 'The text of the note, for the service team.' }),
    }),
  });
  const Payload = builder.objectRef<{ ticket: LockedTicket; message: Message }>('TicketMessagePayload').implement({
    description: 'The reply or note added, and its ticket as it is now.',
    fields: (t) => ({
      ticket: t.field({ type: 'Ticket', description: 'The ticket after the message (a reply may have moved its status).', resolve: (payload) => payload.ticket }),
      entry: t.field({ type: 'TicketMessage', description: 'The reply or note added.', resolve: (payload) => payload.message }),
    }),
  });

  builder.mutationFields((t) => ({
    addTicketReply: t.field({
      type: Payload,
      authScopes: WRITE,
      errors: { types: WRITE_ERRORS },
      description: "Adds a public reply to a ticket's conversation, from an agent or relayed from the customer; a CLOSED ticket is a ConflictError.",
      args: { input: t.arg({ type: ReplyInput, required: true, description: 'The ticket, the reply and who wrote it.' }) },
      resolve: async (_root, args, context) => {
        const input = parseInput(replySchema, args.input);
        return context.mutate(async (db) => {
          const scope = requestScope(context, db);
          const ticket = await requireTicket(scope, input.ticketId, ['input', 'ticketId']);
          const author = input.author ?? 'AGENT';
          if (ticket.status === 'CLOSED') throw new ConflictError(`Ticket #${ticket.number} is closed: a new contact opens a new ticket`, globalIdOf('Ticket', ticket.id));
          const message = await addMessage(scope, ticket, 'PUBLIC_REPLY', author, input.body);
          const moved = await afterReply(scope, ticket, author, input.status ?? null);
          await scope.events.emit(ticketReplied, { ...ticketEventFrame(moved, scope.now), payload: { ...ticketFacts(moved), messageId: message.id, author } });
          return { ticket: moved, message };
        });
      },
    }),
    addTicketNote: t.field({
      type: Payload,
      authScopes: WRITE,
      errors: { types: WRITE_ERRORS },
      description: 'An internal note: agents see it, the customer never does; it changes neither status nor SLA.',
      args: { input: t.arg({ type: NoteInput, required: true, description: 'The ticket and the note.' }) },
      resolve: async (_root, args, context) => {
        const input = parseInput(noteSchema, args.input);
        return context.mutate(async (db) => {
          const scope = requestScope(context, db);
          const ticket = await requireTicket(scope, input.ticketId, ['input', 'ticketId']);
          const message = await addMessage(scope, ticket, 'INTERNAL_NOTE', 'AGENT', input.body);
          const saved = await saveTicket(scope, ticket, {});
          await scope.events.emit(ticketNoteAdded, { ...ticketEventFrame(saved, scope.now), payload: { ...ticketFacts(saved), messageId: message.id } });
          return { ticket: saved, message };
        });
      },
    }),
  }));
}

async function addMessage(scope: WriteScope, ticket: LockedTicket, kind: Message['kind'], author: Message['author'], body: string): Promise<Message> {
  return scope.db.ticketMessage.create({
    data: { tenantId: scope.tenantId, ticketId: ticket.id, kind, author, authorId: author === 'AGENT' ? scope.actorId : null, body, createdAt: scope.now },
  });
}

/** The status a reply leads to, and the first response it may be. */
async function afterReply(scope: WriteScope, ticket: LockedTicket, author: Message['author'], requested: TicketStatus | null): Promise<LockedTicket> {
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
