import type { SalesActivityKind, SalesActivityStatus } from '../store/enums.ts';
import { isClosed } from '../stages.ts';
import type { DemoDeal } from './deal-rows.ts';
import { DAY, type DemoDraws, type Weighted } from './random.ts';

export interface ActivityRow {
  id: string;
  tenantId: string;
  kind: SalesActivityKind;
  subject: string;
  notes: string | null;
  dueAt: string;
  durationMinutes: number | null;
  assigneeId: string;
  customerId: string;
  opportunityId: string;
  status: SalesActivityStatus;
  outcome: string | null;
  completedAt: string | null;
  createdById: string;
  createdAt: string;
  updatedAt: string;
}

const KINDS: Weighted<SalesActivityKind> = [['CALL', 45], ['TASK', 30], ['MEETING', 25]];
const SUBJECTS: Record<SalesActivityKind, readonly string[]> = {
  CALL: ['Follow-up call', 'Call about the offer', 'Check the budget by phone', 'Call the buyer'],
  TASK: ['Prepare the offer', 'Send product samples', 'Update the price proposal', 'Send references'],
  MEETING: ['Meeting at their office', 'Product demo', 'Tasting session', 'Negotiation meeting'],
};
const OUTCOMES = ['Interested, wants a revised offer', 'No answer, try again', 'Agreed next steps', 'Waiting for their decision', 'Sent what was asked'];

/**
 * The agenda around the deals: what was done along each closed deal's way, and for open deals a
 * call, task or meeting or two due around the end of the history, some already overdue.
 */
export function buildActivities(draws: DemoDraws, tenantId: string, deals: readonly DemoDeal[], now: Date): ActivityRow[] {
  const rows: ActivityRow[] = [];
  const add = (deal: DemoDeal, dueAt: Date, createdAt: Date, status: SalesActivityStatus) => {
    const kind = draws.weighted(KINDS);
    const done = status === 'DONE';
    rows.push({
      id: draws.uuidV7(createdAt),
      tenantId,
      kind,
      subject: draws.pick(SUBJECTS[kind]),
      notes: null,
      dueAt: dueAt.toISOString(),
      durationMinutes: kind === 'TASK' ? null : draws.pick(kind === 'CALL' ? [15, 30] : [45, 60, 90]),
      assigneeId: deal.row.ownerId,
      customerId: deal.customer.id,
      opportunityId: deal.row.id,
      status,
      outcome: done ? draws.pick(OUTCOMES) : null,
      completedAt: done ? dueAt.toISOString() : null,
      createdById: deal.row.ownerId,
      createdAt: createdAt.toISOString(),
      updatedAt: (done || status === 'CANCELLED' ? dueAt : createdAt).toISOString(),
    });
  };

  for (const deal of deals) {
    const moves = deal.path.moves;
    // Along the way: one item per stage it went through, done when it was due.
    for (let index = 1; index < moves.length; index++) {
      if (!draws.chance(0.6)) continue;
      const from = moves[index - 1]!.at.getTime();
      const due = new Date(from + (moves[index]!.at.getTime() - from) * draws.next());
      add(deal, due, moves[index - 1]!.at, draws.chance(0.9) ? 'DONE' : 'CANCELLED');
    }
    if (isClosed(deal.row.stage)) continue;
    const upcoming = draws.int(1, 2);
    for (let index = 0; index < upcoming; index++) {
      const due = draws.workingTime(now, draws.int(-10, 20));
      const createdAt = new Date(Math.min(due.getTime(), now.getTime()) - draws.int(1, 10) * DAY);
      add(deal, due, createdAt < moves.at(-1)!.at ? moves.at(-1)!.at : createdAt, 'OPEN');
    }
  }
  return rows;
}
