import type { ActivityEvent, EventReaction } from '../../../src/plugin-api.ts';
import { isUuid } from '../../../src/plugin-api.ts';
import { decodeCustomerId } from '../../profile/plugin.ts';
import { rescoreCustomers, rescorePurchasers } from '../scores/rescore-customers.ts';
import type { SegmentsRuntime } from '../segments-runtime.ts';
import { liveDynamicSegments } from '../store/segment-rows.ts';
import { affectedBy, checkStored, refreshSegments } from './refresh.ts';

/**
 * Identity's merges and their undoing (when that area is enabled): the survivor's rows, and those of
 * the customers an unmerge restores, are others, so any rule may read differently for them.
 */
const MERGE_TOPICS = ['customer.merged', 'customer.unmerged'] as const;
const mergeTopics: ReadonlySet<string> = new Set(MERGE_TOPICS);

/**
 * The topics after which a customer may enter or leave a segment: changes to their profile, their
 * interactions, deals and tickets (those of an absent area never come). A segment re-reads only the
 * customers of the events whose topics its facts change with; after a merge or an unmerge, every
 * segment re-reads the customers whose rows moved.
 */
export const MEMBERSHIP_TOPICS = [
  'customer.created',
  'customer.updated',
  'customer.archived',
  'customer.lifecycleChanged',
  'customer.consentChanged',
  'customer.contactPointAdded',
  'customer.contactPointRemoved',
  'interaction.recorded',
  'opportunity.created',
  'opportunity.updated',
  'opportunity.stageChanged',
  'opportunity.won',
  'opportunity.lost',
  'ticket.created',
  'ticket.updated',
  'ticket.statusChanged',
  ...MERGE_TOPICS,
] as const;

/** Keeps dynamic segments' membership live: each batch of events re-evaluates only the customers concerned. */
export function membershipReaction(runtime: () => SegmentsRuntime): EventReaction {
  return {
    description: 'Re-evaluates the dynamic segments whose facts an event changed, for the customers it concerns.',
    topics: MEMBERSHIP_TOPICS,
    batchSize: 500,
    async handle(scope, events) {
      const customers = [...new Set(events.flatMap((event) => (event.customerId ? [event.customerId] : [])))];
      if (customers.length === 0) return;
      const current = runtime();
      const reshaped = reshapedBy(events);
      // Scores first: segments whose rules read them then see this batch's purchases.
      await rescorePurchasers({ sql: scope.sql, runtime: current, now: scope.now }, events);
      if (reshaped.length > 0) await rescoreCustomers({ sql: scope.sql, runtime: current }, reshaped, scope.now);
      const segments = (await liveDynamicSegments(scope.sql)).map((segment) => checkStored(segment, current));
      if (reshaped.length > 0) await refreshSegments({ ...scope }, current, segments, scope.now, reshaped);
      const affected = affectedBy(segments, new Set(events.map((event) => event.topic)));
      if (affected.length === 0) return;
      const summary = await refreshSegments({ ...scope }, current, affected, scope.now, customers);
      if (summary.entered + summary.exited > 0) scope.logger.debug({ ...summary, customers: customers.length }, 'segment membership moved');
    },
  };
}

/**
 * The customers whose rows a merge or an unmerge moved: the survivor (the event's customer) and the
 * customers an unmerge restores (row ids or global ids in its payload). A merged record is archived,
 * and the merge already ended its stays.
 */
function reshapedBy(events: readonly ActivityEvent[]): string[] {
  const customers = new Set<string>();
  for (const event of events) {
    if (!mergeTopics.has(event.topic)) continue;
    if (event.customerId) customers.add(event.customerId);
    const restored = event.topic === 'customer.unmerged' ? event.payload.restoredIds : undefined;
    for (const id of Array.isArray(restored) ? restored : []) {
      const rowId = typeof id === 'string' ? (isUuid(id) ? id.toLowerCase() : decodeCustomerId(id)?.id) : undefined;
      if (rowId) customers.add(rowId);
    }
  }
  return [...customers];
}

