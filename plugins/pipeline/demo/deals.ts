import type { OpportunityLostReason, OpportunityStage } from '../store/enums.ts';
import { OPEN_STAGES } from '../stages.ts';
import type { SeedCustomer } from './customers.ts';
import { DAY, type DemoDraws, type Weighted } from './random.ts';
import { LOST_REASONS } from './themes.ts';

/** One stage a demo deal entered. */
export interface DemoMove {
  from: OpportunityStage | null;
  to: OpportunityStage;
  at: Date;
}

/** A deal's path through the pipeline: the stages it entered, and where it stands at the end of the history. */
export interface DealPath {
  createdAt: Date;
  moves: DemoMove[];
  stage: OpportunityStage;
  closedAt: Date | null;
  lostReason: OpportunityLostReason | null;
}

// Average days in each open stage, and the chance of each way out of it.
const DWELL_DAYS = [12, 16, 21, 24, 26, 20, 16];
const LOSE = [0.16, 0.14, 0.15, 0.12, 0.14, 0.16, 0.18];
const SKIP = 0.07;
const REGRESS = 0.04;

const START: Weighted<OpportunityStage> = [['PROSPECT', 55], ['POTENTIAL_LEAD', 25], ['QUALIFICATION', 20]];

/**
 * Walks a deal through the stages from its creation: it waits in a stage (exponentially), then
 * moves on, skips a stage, slips back, or is lost; after negotiation it is won. A deal whose next
 * move would fall after `now` is still open where it stands.
 */
export function walkDeal(draws: DemoDraws, createdAt: Date, now: Date): DealPath {
  const moves: DemoMove[] = [];
  let stage = draws.weighted(START);
  moves.push({ from: null, to: stage, at: createdAt });
  let at = createdAt;
  for (;;) {
    const position = OPEN_STAGES.indexOf(stage);
    const next = draws.workingTime(at, Math.max(0.5, draws.exponential(DWELL_DAYS[position]!)));
    if (next.getTime() <= at.getTime()) next.setTime(at.getTime() + 3_600_000);
    if (next.getTime() >= now.getTime()) return { createdAt, moves, stage, closedAt: null, lostReason: null };
    const roll = draws.next();
    let to: OpportunityStage;
    if (roll < LOSE[position]!) to = 'CLOSED_LOST';
    else if (roll < LOSE[position]! + REGRESS && position > 0) to = OPEN_STAGES[position - 1]!;
    else if (roll < LOSE[position]! + REGRESS + SKIP && position < OPEN_STAGES.length - 2) to = OPEN_STAGES[position + 2]!;
    else to = position === OPEN_STAGES.length - 1 ? 'CLOSED_WON' : OPEN_STAGES[position + 1]!;
    moves.push({ from: stage, to, at: next });
    at = next;
    stage = to;
    if (to === 'CLOSED_WON' || to === 'CLOSED_LOST') {
      return { createdAt, moves, stage, closedAt: next, lostReason: to === 'CLOSED_LOST' ? draws.weighted(LOST_REASONS) : null };
    }
  }
}

/** The owner: the customer's account owner when a rep has it, else a rep. */
export function dealOwner(draws: DemoDraws, customer: SeedCustomer, reps: Weighted<string>, repIds: ReadonlySet<string>): string {
  return customer.ownerId && repIds.has(customer.ownerId) ? customer.ownerId : draws.weighted(reps);
}

/** The day an open deal is expected to close: sooner the further it has come; a few already late. */
export function expectedCloseOf(draws: DemoDraws, path: DealPath, now: Date): Date {
  if (path.closedAt) return new Date(Date.UTC(path.closedAt.getUTCFullYear(), path.closedAt.getUTCMonth(), path.closedAt.getUTCDate()));
  const position = OPEN_STAGES.indexOf(path.stage);
  const days = draws.chance(0.08) ? -draws.int(1, 30) : Math.round(draws.exponential(20 + (OPEN_STAGES.length - position) * 18)) + 3;
  const date = new Date(now.getTime() + days * DAY);
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
}
