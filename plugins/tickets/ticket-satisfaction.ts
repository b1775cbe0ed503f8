import type { Builder, Context } from '../../src/plugin-api.ts';
import { ConflictError, parseInput } from '../../src/plugin-api.ts';
import { customerGlobalId } from '../profile/plugin.ts';
import { recordInteractionFor } from '../interactions/plugin.ts';
import { ticketRated } from './events.ts';
import { globalIdOf } from './ids.ts';
import { rateTicketSchema } from './ticket-inputs.ts';
import { requestScope, requireTicket, WRITE_ERRORS } from './ticket-mutations.ts';
import { saveTicket, ticketEventFrame, ticketFacts, type LockedTicket } from './ticket-store.ts';

const WRITE = { permission: 'tickets:write' } as const;

/** Where the survey-response interaction comes from, and its id there: one per ticket. */
export const CSAT_SOURCE = 'tickets';
export const csatExternalId = (ticketId: string) => `csat:${ticketId}`;

/**
 * `rateTicket`: the customer's satisfaction with a resolved ticket (CSAT 1–5), stored on the ticket
 * and, when the interactions area is enabled, recorded as a survey-response interaction of the
 * customer in the same transaction.
 */
export function registerTicketSatisfaction(builder: Builder, withInteractions: boolean): void {
  const RateInput = builder.inputType('RateTicketInput', {
    description: "The customer's satisfaction with a resolved ticket.",
    fields: (t) => ({
      ticketId: t.id({ required: true, description: 'The ticket (global id); RESOLVED or CLOSED, not rated yet.' }),
      score: t.int({ required: true, description: '1 (very dissatisfied) to 5 (very satisfied).' }),
      comment: t.string({ description: "The customer's own words." }),
    }),
  });
  builder.mutationField('rateTicket', (t) =>
    t.field({
      // The same payload as every other mutation that answers with the ticket it changed.
      type: 'TicketPayload',
      authScopes: WRITE,
      errors: { types: WRITE_ERRORS },
      description: `Records the customer's CSAT for a RESOLVED or CLOSED ticket, once${withInteractions ? '; also as a SURVEY_RESPONSE interaction of the customer' : ''}.`,
      args: { input: t.arg({ type: RateInput, required: true, description: 'The ticket, the score and the comment.' }) },
      resolve: async (_root, args, context) => {
        const input = parseInput(rateTicketSchema, args.input);
        const ticket = await context.mutate(async (db) => {
          const scope = requestScope(context, db);
          const current = await requireTicket(scope, input.ticketId, ['input', 'ticketId']);
          const ticketId = globalIdOf('Ticket', current.id);
          if (current.status !== 'RESOLVED' && current.status !== 'CLOSED') {
            throw new ConflictError(`Ticket #${current.number} is ${current.status}: satisfaction is asked after resolution`, ticketId);
          }
          if (current.csatScore !== null) throw new ConflictError(`Ticket #${current.number} was already rated ${current.csatScore}`, ticketId);
          const interaction = withInteractions ? await recordSurveyResponse(context, current, input.score, input.comment ?? null, scope.now) : null;
          const saved = await saveTicket(scope, current, { csatScore: input.score, csatComment: input.comment ?? null, csatAt: scope.now, csatInteractionId: interaction?.id ?? null });
          await scope.events.emit(ticketRated, { ...ticketEventFrame(saved, scope.now), payload: { ...ticketFacts(saved), score: input.score, comment: input.comment ?? null } });
          return saved;
        });
        return { ticket };
      },
    }),
  );
}

function recordSurveyResponse(context: Context, ticket: LockedTicket, score: number, comment: string | null, at: Date) {
  return recordInteractionFor(context, {
    customerId: customerGlobalId({ id: ticket.customerId, kind: ticket.customerKind }),
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
