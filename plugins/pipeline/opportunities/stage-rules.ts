import type { FieldError } from '../../../src/plugin-api.ts';
import type { OpportunityLostReason, OpportunityStage } from '../store/enums.ts';
import { ForbiddenError, ValidationError } from '../../../src/plugin-api.ts';
import { centsOf } from '../money.ts';
import { isClosed } from '../stages.ts';
import type { MoveOpportunityInput } from './opportunity-inputs.ts';

/** What a legal move writes. */
export interface PlannedMove {
  from: OpportunityStage;
  to: OpportunityStage;
  /** The amount after the move: the one given with it, else the current one. */
  amount: string | null;
  lostReason: OpportunityLostReason | null;
  lostNote: string | null;
  /** The owner's estimate for the new stage; closing or moving without one returns to the stage's probability. */
  probability: number | null;
  closing: boolean;
  reopening: boolean;
}

/**
 * The pipeline's transition rules. Moving between open stages is free, forwards, backwards or
 * skipping. Winning needs an amount above zero (given now or already set); losing needs a reason.
 * A closed deal is reopened or flipped to the other outcome only by a sales manager.
 */
export function planStageMove(current: { stage: OpportunityStage; amount: string | null }, input: MoveOpportunityInput, mayReopen: boolean): PlannedMove {
  const from = current.stage;
  const to = input.stage;
  if (isClosed(from) && !mayReopen) {
    throw new ForbiddenError(`The opportunity is ${from === 'CLOSED_WON' ? 'won' : 'lost'}: only a sales manager (pipeline:manage) may reopen or change a closed deal`);
  }

  const errors: FieldError[] = [];
  const fail = (field: string, message: string) => errors.push({ path: ['input', field], message });
  if (to === from) fail('stage', `is the stage the opportunity is already in (${from})`);

  const amount = input.amount ?? current.amount;
  if (to === 'CLOSED_WON') {
    if (amount === null) fail('amount', 'is required to win the opportunity: give the amount won');
    else if (centsOf(amount) === 0n) fail('amount', 'must be greater than 0 to win the opportunity');
  }
  if (to === 'CLOSED_LOST' && !input.lostReason) fail('lostReason', 'is required to lose the opportunity');
  if (to !== 'CLOSED_LOST' && input.lostReason) fail('lostReason', 'only applies when moving to CLOSED_LOST');
  if (to !== 'CLOSED_LOST' && input.lostNote) fail('lostNote', 'only applies when moving to CLOSED_LOST');
  if (isClosed(to) && input.probability !== null && input.probability !== undefined) fail('probability', 'does not apply to a closed stage (won is 100, lost is 0)');
  if (errors.length > 0) throw new ValidationError(errors);

  return {
    from,
    to,
    amount,
    lostReason: to === 'CLOSED_LOST' ? input.lostReason! : null,
    lostNote: to === 'CLOSED_LOST' ? (input.lostNote ?? null) : null,
    probability: isClosed(to) ? null : (input.probability ?? null),
    closing: isClosed(to),
    reopening: isClosed(from),
  };
}
