import { z } from 'zod';
import { TicketAuthor, TicketChannel, TicketPriority, TicketStatus } from './store/enums.ts';
import { text } from './config/config-kit.ts';

// The rules ticket inputs are checked against before anything is read or written.

const id = z.union([z.string(), z.number()]);
export const MAX_BODY = 20_000;

export const createTicketSchema = z.object({
  customerId: id,
  channel: z.enum(TicketChannel),
  categoryId: id,
  subject: text(200),
  description: text(MAX_BODY),
  priority: z.enum(TicketPriority).nullish(),
  queueId: id.nullish(),
  assigneeId: text(100).nullish(),
});

export const updateTicketSchema = z.object({
  id,
  subject: text(200).nullish(),
  description: text(MAX_BODY).nullish(),
  priority: z.enum(TicketPriority).nullish(),
  categoryId: id.nullish(),
  channel: z.enum(TicketChannel).nullish(),
});

export const changeStatusSchema = z.object({ id, status: z.enum(TicketStatus), note: text(2_000).nullish() });

export const assignTicketSchema = z.object({ id, queueId: id.nullish(), assigneeId: text(100).nullish() });

export const replySchema = z
  .object({ ticketId: id, body: text(MAX_BODY), author: z.enum(TicketAuthor).nullish(), status: z.enum(TicketStatus).nullish() })
  .refine((input) => !(input.author === 'CUSTOMER' && input.status), { path: ['status'], message: 'only applies to an agent’s reply' });

export const noteSchema = z.object({ ticketId: id, body: text(MAX_BODY) });

export const rateTicketSchema = z.object({
  ticketId: id,
  score: z.number().int('must be a whole number').min(1, 'must be between 1 and 5').max(5, 'must be between 1 and 5'),
  comment: text(2_000).nullish(),
});
