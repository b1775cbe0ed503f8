import type { Builder } from '../../src/plugin-api.ts';
import { parseInput } from '../../src/plugin-api.ts';
import type { TicketEnums } from './enums.ts';
import { requestScope, requireTicket, WRITE, WRITE_ERRORS } from './request-scope.ts';
import type { LockedTicket } from './store/ticket-writes.ts';
import { addNote, addReply, type TicketMessageRow } from './ticket-conversation.ts';
import { noteSchema, replySchema } from './ticket-inputs.ts';

const READ = { permission: 'tickets:read' } as const;

/** `TicketMessage`: the replies and notes of a ticket's conversation, with `addTicketReply` and `addTicketNote`. */
export function registerTicketMessage(builder: Builder, enums: TicketEnums): void {
  builder.prismaObject('TicketMessage', {
    authScopes: READ,
    description: 'A public reply (seen by the customer) or an internal note (agents only).',
    fields: (t) => ({
      id: t.exposeID('id', { description: 'Identifies the message within its ticket (not a global id for `node`).' }),
      kind: t.field({ type: enums.MessageKind, description: 'Public reply or internal note.', resolve: (message) => message.kind }),
      author: t.field({ type: enums.Author, description: 'Whether an agent or the customer wrote it.', resolve: (message) => message.author }),
      authorId: t.exposeString('authorId', { nullable: true, description: 'The agent’s user id; null for the customer.' }),
      body: t.exposeString('body', { description: 'The text of the message, as written.' }),
      createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When it was written, UTC.' }),
    }),
  });

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
  const Payload = builder.objectRef<{ ticket: LockedTicket; message: TicketMessageRow }>('TicketMessagePayload').implement({
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
          return addReply(scope, await requireTicket(scope, input.ticketId, ['input', 'ticketId']), input);
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
          return addNote(scope, await requireTicket(scope, input.ticketId, ['input', 'ticketId']), input);
        });
      },
    }),
  }));
}
