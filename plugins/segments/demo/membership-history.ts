import type { SeedContext } from '../../../src/plugin-api.ts';
import type { SeedCustomer } from '../../profile/plugin.ts';
import { inDependencyOrder } from '../membership/refresh.ts';
import { addMembers } from '../store/manual-members.ts';
import { evaluateMembership, type MembershipChanges } from '../store/segment-evaluation.ts';
import { HISTORY_WEEKS, ruleAsItWas, type PlannedSegment } from './segment-plan.ts';

const DAY_MS = 86_400_000;
/** Guests of the VIP event, picked by hand. */
const VIP_GUESTS = 25;
// The marketer types the guest list in a few hours after saving the segment.
const VIP_LIST_DELAY_MS = 3 * 3_600_000;

/** The entries and exits of one segment at one instant, as announce.ts would have announced them. */
export interface RecordedChanges {
  at: Date;
  segment: PlannedSegment;
  source: 'RULE' | 'SNAPSHOT' | 'MANUAL';
  changes: MembershipChanges;
}

interface Evaluation {
  at: Date;
  run: () => Promise<RecordedChanges>;
}

/**
 * Writes the segments' membership history the way the API would have written it, oldest first:
 * each dynamic segment evaluated when it was saved, then every week until a week before `now`; the
 * Christmas audience's snapshot when it was saved; the VIP guests added by hand. Past instants are
 * replayed with windows closed at that instant (`asOf`) and only the customers recorded by then.
 */
export async function writeMembershipHistory(context: SeedContext, segments: readonly PlannedSegment[], customers: readonly SeedCustomer[]): Promise<RecordedChanges[]> {
  const population = context.customerPopulation;
  if (!population) throw new Error('The segments demo needs the plugin that keeps the customers (profile).');
  // The tenant's customers, named: a seed may run as a role that Row-Level Security does not hold
  // to the tenant, and the facts' SQL leaves the tenant to it.
  const tenantCustomers = customers.map((customer) => customer.id);
  const evaluate = (segment: PlannedSegment, at: Date, source: 'RULE' | 'SNAPSHOT', among = tenantCustomers): Evaluation => ({
    at,
    run: async () => {
      const past = at.getTime() < context.now.getTime();
      const rule = past ? ruleAsItWas(segment, context, at) : segment.checked!;
      const changes = among.length ? await evaluateMembership(context.statements, population, { id: segment.id, rule }, at, among, source, past) : { entered: [], exited: [] };
      return { at, segment, source, changes };
    },
  });

  const dynamic = inDependencyOrder(segments.filter((segment) => segment.definition.kind === 'DYNAMIC'));
  const evaluations: Evaluation[] = dynamic.map((segment) => evaluate(segment, segment.createdAt, 'RULE'));
  // Up to a week before the end: the evaluation at the end is the finish's (settle-seeded.ts), once
  // every area has written its history.
  for (let weeksAgo = HISTORY_WEEKS - 1; weeksAgo >= 1; weeksAgo--) {
    const at = new Date(context.now.getTime() - weeksAgo * 7 * DAY_MS);
    for (const segment of dynamic) {
      // A segment saved later than the history starts has no past before it was saved.
      if (at.getTime() <= segment.createdAt.getTime()) continue;
      const since = weeksAgo === HISTORY_WEEKS - 1 ? segment.createdAt : new Date(at.getTime() - 7 * DAY_MS);
      if (movesInReplay(segment)) evaluations.push(evaluate(segment, at, 'RULE'));
      // As the live reaction to customer.created would: the facts of a rule that stands still
      // do not change in the replayed past, so only the customers recorded since can enter.
      else evaluations.push(evaluate(segment, at, 'RULE', recordedBetween(customers, since, at)));
    }
  }
  for (const segment of segments) {
    if (segment.definition.kind !== 'STATIC') continue;
    if (segment.checked) evaluations.push(evaluate(segment, segment.createdAt, 'SNAPSHOT'));
    else evaluations.push(handPicked(context, segment, customers));
  }
  // Stable: at one instant, a segment still comes after those it refers to.
  evaluations.sort((left, right) => left.at.getTime() - right.at.getTime());

  context.progress.step('segment evaluations', evaluations.length);
  const recorded: RecordedChanges[] = [];
  for (const evaluation of evaluations) {
    recorded.push(await evaluation.run());
    context.progress.advance();
  }
  return recorded;
}

/** Replaying the past moves the rule's members with the clock: time windows, facts read as they were, or other segments. */
function movesInReplay(segment: PlannedSegment): boolean {
  return segment.timeDependent || segment.refersTo.length > 0 || segment.definition.asItWas !== undefined;
}

/**
 * The customers recorded from `since` until `until`, with a day's margin each side: the seed's
 * customers carry their creation in the process's zone, and re-reading a customer changes nothing.
 */
function recordedBetween(customers: readonly SeedCustomer[], since: Date, until: Date): string[] {
  const from = since.getTime() - DAY_MS;
  const to = until.getTime() + DAY_MS;
  return customers.filter((customer) => customer.createdAt.getTime() >= from && customer.createdAt.getTime() < to).map((customer) => customer.id);
}

/** A list typed in by hand: active customers and key accounts, drawn with the seed's faker. */
function handPicked(context: SeedContext, segment: PlannedSegment, customers: readonly SeedCustomer[]): Evaluation {
  const at = new Date(segment.createdAt.getTime() + VIP_LIST_DELAY_MS);
  const candidates = customers.filter(
    (customer) => customer.createdAt < at && customer.lifecycle === 'ACTIVE' && (customer.audiences.includes('CUSTOMER') || customer.audiences.includes('KEY_ACCOUNT')),
  );
  const guests = context.faker.helpers.arrayElements(candidates, Math.min(VIP_GUESTS, candidates.length)).map((customer) => customer.id);
  return {
    at,
    run: async () => ({ at, segment, source: 'MANUAL', changes: guests.length ? await addMembers(context.statements, segment.id, guests, at) : { entered: [], exited: [] } }),
  };
}
