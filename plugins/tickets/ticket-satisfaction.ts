import type { z } from 'zod';
import type { Context } from '../../src/plugin-api.ts';
import { ConflictError } from '../../src/plugin-api.ts';
import { recordInteractionFor } from '../interactions/plugin.ts';
import { ticketEventFrame, ticketFacts, ticketRated } from './events.ts';
import { globalIdOf } from './ids.ts';
import { saveTicket, type LockedTicket, type WriteScope } from './store/ticket-writes.ts';
import type { rateTicketSchema } from './ticket-inputs.ts';

/** Where the survey-response interaction comes from, and its id there: one per ticket. */
export const CSAT_SOURCE = 'tickets';
export const csatExternalId = (ticketId: string) => `csat:${ticketId}`;

/**
 * The customer's satisfaction with a resolved ticket (CSAT 1–5), once: stored on the ticket and,
 * when the interactions area is enabled, recorded as a survey-response interaction of the customer
 * in the same transaction.
 */
export async function rateTicket(context: Context, scope: WriteScope, current: LockedTicket, input: z.output<typeof rateTicketSchema>, withInteractions: boolean): Promise<LockedTicket> {
  const ticketId = globalIdOf('Ticket', current.id);
  if (current.status !== 'RESOLVED' && current.status !== 'CLOSED') {
    throw new ConflictError(`Ticket #${current.number} is ${current.status}: satisfaction is asked after resolution`, ticketId);
  }
  if (current.csatScore !== null) throw new ConflictError(`Ticket #${current.number} was already rated ${current.csatScore}`, ticketId);
  const interaction = withInteractions ? await recordSurveyResponse(context, current, input.score, input.comment ?? null, scope.now) : null;
  const saved = await saveTicket(scope, current, { csatScore: input.score, csatComment: input.comment ?? null, csatAt: scope.now, csatInteractionId: interaction?.id ?? null });
  await scope.events.emit(ticketRated, { ...ticketEventFrame(saved, scope.now), payload: { ...ticketFacts(saved), score: input.score, comment: input.comment ?? null } });
  return saved;
}

function recordSurveyResponse(context: Context, ticket: LockedTicket, score: number, comment: string | null, at: Date) {
  return recordInteractionFor(context, {
    customerId: ticket.customerNodeId,
    channel: 'SATISFACTION_SURVEY',
    direction: 'INBOUND',
    kind: 'SURVEY_RESPONSE',
    occurredAt: at,
    summary: comment ?? `Satisfaction with ticket #${ticket.number}: ${score}/5`,
    agentId: ticket.assigneeId,
    // The interaction's score is on its own scale (0–10 for other surveys): this one says it is CSAT 1–5.
    metadata: { survey: 'csat', scale: '1-5', ticketId: globalIdOf('Ticket', ticket.id), ticketNumber: ticket.number },
    surveyScore: score,
    source: CSAT_SOURCE,
    externalId: csatExternalId(ticket.id),
  });
}
