import type { Builder } from '../../../src/plugin-api.ts';
import { ConflictError, ForbiddenError, NotFoundError, parseInput, ValidationError, viewerOf } from '../../../src/plugin-api.ts';
import { assertMayChange, isManager, WRITE } from '../access.ts';
import type { PipelineEnums } from '../enums.ts';
import { opportunityLost, opportunityStageChanged, opportunityWon } from '../events.ts';
import { moneyText } from '../money.ts';
import { effectiveProbability } from '../stage-probabilities.ts';
import { moveOpportunitySchema } from './opportunity-inputs.ts';
import type { registerOpportunityMutations } from './opportunity-mutations.ts';
import { lockOpportunity, opportunityEventTarget } from './opportunity-writes.ts';
import { planStageMove } from './stage-rules.ts';

/** `moveOpportunity`: the only way a deal changes stage, so every change lands in its history. */
export function registerStageMoves(builder: Builder, enums: PipelineEnums, refs: ReturnType<typeof registerOpportunityMutations>) {
  const MoveOpportunityInput = builder.inputType('MoveOpportunityInput', {
    description: 'The opportunity, the stage it moves to, and what changes with the move.',
    fields: (t) => ({
      id: t.id({ required: true, description: 'The opportunity (global id).' }),
      stage: t.field({ type: enums.Stage, required: true, description: 'The stage it moves to.' }),
      expectedVersion: t.int({ description: 'The version you read: refused with a ConflictError if the opportunity changed since.' }),
      amount: t.string({ description: 'Sets the amount with the move (e.g. the final amount when winning). Winning needs an amount above 0.' }),
      lostReason: t.field({ type: enums.LostReason, description: 'Required to move to CLOSED_LOST.' }),
      lostNote: t.string({ description: 'What happened, in words (CLOSED_LOST only).' }),
      probability: t.int({ description: "Your estimate for the new stage; without it the deal follows the stage's probability." }),
      nextStep: t.string({ description: 'What happens next, in words; kept when absent.' }),
    }),
  });

  builder.mutationField('moveOpportunity', (t) =>
    t.field({
      type: refs.OpportunityPayload,
      authScopes: WRITE,
      errors: { types: [ValidationError, NotFoundError, ConflictError, ForbiddenError] },
      description:
        'Moves an opportunity to another stage and records who moved it, when, from where. Open stages may be skipped or revisited; ' +
        'CLOSED_WON needs an amount above 0, CLOSED_LOST a reason; reopening a closed deal needs pipeline:manage.',
      args: { input: t.arg({ type: MoveOpportunityInput, required: true, description: 'The opportunity and the move.' }) },
      resolve: async (_root, args, context) => {
        const input = parseInput(moveOpportunitySchema, args.input);
        const opportunity = await context.mutate(async (db) => {
          const current = await lockOpportunity(context, db, input.id, ['input', 'id'], input.expectedVersion);
          assertMayChange(context, current.ownerId, 'opportunity');
          const move = planStageMove({ stage: current.stage, amount: moneyText(current.amount) }, input, isManager(context));
          const now = context.clock.now();
          const updated = await db.opportunity.update({
            where: { id: current.id },
            data: {
              stage: move.to,
              amount: move.amount,
              probability: move.probability,
              lostReason: move.lostReason,
              lostNote: move.lostNote,
              closedAt: move.closing ? now : null,
              stageEnteredAt: now,
              ...(input.nextStep !== undefined ? { nextStep: input.nextStep } : {}),
              version: { increment: 1 },
              stageChanges: { create: { fromStage: move.from, toStage: move.to, changedAt: now, actorId: viewerOf(context).subject } },
            },
          });
          const topic = move.to === 'CLOSED_WON' ? opportunityWon : move.to === 'CLOSED_LOST' ? opportunityLost : opportunityStageChanged;
          await context.events.emit(topic, {
            ...opportunityEventTarget(current),
            occurredAt: now,
            payload: {
              name: updated.name,
              from: move.from,
              to: move.to,
              amount: moneyText(updated.amount),
              currency: updated.currency,
              probability: await effectiveProbability(context, updated),
              ownerId: updated.ownerId,
              ...(move.to === 'CLOSED_LOST' ? { lostReason: move.lostReason } : {}),
            },
          });
          return updated;
        });
        return { opportunity };
      },
    }),
  );
}
