import type { EventReaction } from '../../../src/plugin-api.ts';
import { rescorePurchasers } from '../scores/rescore-customers.ts';
import type { SegmentsRuntime } from '../segments-runtime.ts';
import { liveDynamicSegments } from '../store/segment-rows.ts';
import { affectedBy, checkStored, refreshSegments } from './refresh.ts';

/**
 * The topics after which a customer may enter or leave a segment: changes to their profile, their
 * interactions, deals and tickets (those of an absent area never come). A segment re-reads only the
 * customers of the events whose topics its facts change with.
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
      // Scores first: segments whose rules read them then see this batch's purchases.
      await rescorePurchasers({ sql: scope.sql, runtime: current, now: scope.now }, events);
      const segments = (await liveDynamicSegments(scope.sql)).map((segment) => checkStored(segment, current));
      const affected = affectedBy(segments, new Set(events.map((event) => event.topic)));
      if (affected.length === 0) return;
      const summary = await refreshSegments({ ...scope }, current, affected, scope.now, customers);
      if (summary.entered + summary.exited > 0) scope.logger.debug({ ...summary, customers: customers.length }, 'segment membership moved');
    },
  };
}
