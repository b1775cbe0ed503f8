import type { z } from 'zod';
import type { Context, Prisma } from '../../../src/plugin-api.ts';
import { ForbiddenError, NotFoundError, ValidationError, viewerOf } from '../../../src/plugin-api.ts';
import { resolveCustomerReferences } from '../../profile/plugin.ts';
import { assertMayAssign, assertMayChange, isManager } from '../access.ts';
import { opportunityLost, opportunityStageChanged, opportunityUpdated, opportunityWon } from '../events.ts';
import { given } from '../inputs.ts';
import { moneyText } from '../money.ts';
import { effectiveProbability } from '../stage-probabilities.ts';
import { isClosed } from '../stages.ts';
import type { createOpportunitySchema, MoveOpportunityInput, updateOpportunitySchema } from './opportunity-inputs.ts';
import { insertOpportunity, lockOpportunity, opportunityEventTarget } from './opportunity-writes.ts';
import type { OpportunityRow } from './opportunity.ts';
import { planStageMove } from './stage-rules.ts';

/** Opens a deal for a live customer in an open stage, owned by the viewer unless a manager names someone. */
export async function openOpportunity(context: Context, input: z.output<typeof createOpportunitySchema>): Promise<OpportunityRow> {
  const stage = input.stage ?? 'PROSPECT';
  if (isClosed(stage)) throw ValidationError.at(['input', 'stage'], 'must be an open stage: open the deal, then win or lose it with moveOpportunity');
  const ownerId = input.ownerId ?? viewerOf(context).subject;
  assertMayAssign(context, ownerId, 'opportunity');
  return context.mutate(async (db) => {
    const [customer] = await resolveCustomerReferences(context, [{ id: input.customerId }]);
    if (!customer) throw new NotFoundError('Customer', input.customerId);
    return insertOpportunity(context, db, {
      customer,
      name: input.name,
      stage,
      amount: input.amount ?? null,
      currency: input.currency,
      expectedCloseDate: input.expectedCloseDate,
      ownerId,
      probability: input.probability ?? null,
      nextStep: input.nextStep ?? null,
    });
  });
}

/**
 * Changes the fields the client sent (`raw` says which: null clears). A closed deal changes only
 * for a manager; a won deal keeps an amount.
 */
export function changeOpportunity(context: Context, input: z.output<typeof updateOpportunitySchema>, raw: object): Promise<OpportunityRow> {
  return context.mutate(async (db) => {
    const current = await lockOpportunity(context, db, input.id, ['input', 'id'], input.expectedVersion);
    assertMayChange(context, current.ownerId, 'opportunity');
    if (isClosed(current.stage) && !isManager(context)) {
      throw new ForbiddenError('The opportunity is closed: only a sales manager (pipeline:manage) may change it');
    }
    const changes: Prisma.OpportunityUncheckedUpdateInput = {};
    for (const field of ['name', 'currency', 'expectedCloseDate', 'ownerId'] as const) {
      if (given(raw, field) && input[field] === null) throw ValidationError.at(['input', field], 'cannot be cleared');
    }
    if (given(raw, 'name') && input.name !== current.name) changes.name = input.name!;
    if (given(raw, 'currency') && input.currency !== current.currency) changes.currency = input.currency!;
    if (given(raw, 'expectedCloseDate') && input.expectedCloseDate!.getTime() !== current.expectedCloseDate.getTime()) changes.expectedCloseDate = input.expectedCloseDate!;
    if (given(raw, 'ownerId') && input.ownerId !== current.ownerId) {
      assertMayAssign(context, input.ownerId!, 'opportunity');
      changes.ownerId = input.ownerId!;
    }
    if (given(raw, 'amount') && (input.amount ?? null) !== moneyText(current.amount)) {
      if (input.amount == null && current.stage === 'CLOSED_WON') throw ValidationError.at(['input', 'amount'], 'cannot be cleared on a won opportunity');
      changes.amount = input.amount ?? null;
    }
    if (given(raw, 'probability') && (input.probability ?? null) !== current.probability) {
      if (isClosed(current.stage) && input.probability != null) throw ValidationError.at(['input', 'probability'], 'does not apply to a closed opportunity');
      changes.probability = input.probability ?? null;
    }
    if (given(raw, 'nextStep') && (input.nextStep ?? null) !== current.nextStep) changes.nextStep = input.nextStep ?? null;

    const changed = Object.keys(changes).sort();
    if (changed.length === 0) return current;
    const updated = await db.opportunity.update({ where: { id: current.id }, data: { ...changes, version: { increment: 1 } } });
    await context.events.emit(opportunityUpdated, { ...opportunityEventTarget(current), payload: { name: updated.name, changed } });
    return updated;
  });
}

/** Moves a deal to another stage by the pipeline's rules (stage-rules.ts), recording the move in its history. */
export function moveOpportunity(context: Context, input: MoveOpportunityInput): Promise<OpportunityRow> {
  return context.mutate(async (db) => {
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
}
