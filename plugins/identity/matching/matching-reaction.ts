import type { ActivityEvent, EventReaction } from '../../../src/plugin-api.ts';
import { isUuid } from '../../../src/plugin-api.ts';
import { decodeCustomerId } from '../../profile/plugin.ts';
import { customerMerged, customerUnmerged } from '../events.ts';
import { refreshCustomerMatches } from './maintain-pairs.ts';

/** The topics after which what matching compares of a customer may have changed. */
export const MATCHING_TOPICS = [
  'customer.created',
  'customer.updated',
  'customer.archived',
  'customer.contactPointAdded',
  'customer.contactPointRemoved',
  'customer.membershipLinked',
  'customer.membershipUnlinked',
  customerMerged.name,
  customerUnmerged.name,
] as const;


/** A customer named in a merge's payload, by row id or global id. */
function rowIdOf(id: unknown): string | null {
  if (typeof id !== 'string') return null;
  return isUuid(id) ? id.toLowerCase() : (decodeCustomerId(id)?.id ?? null);
}

/** The customers an event concerns: its customer, and for a merge or unmerge the others too. */
export function customersOf(event: ActivityEvent): string[] {
  const ids = event.customerId ? [event.customerId] : [];
  const others = event.topic === customerMerged.name ? event.payload.mergedIds : event.topic === customerUnmerged.name ? event.payload.restoredIds : null;
  if (Array.isArray(others)) for (const id of others) ids.push(rowIdOf(id) ?? '');
  return ids.filter((id) => id !== '');
}

/**
 * Keeps match profiles and duplicate pairs live: a batch of events refreshes the profiles of the
 * customers concerned and compares again those whose keys changed (a few statements per batch);
 * archived and merged customers leave with their pairs.
 */
export const matchingReaction: EventReaction = {
  description: 'Keeps match profiles and duplicate pairs of changed customers up to date.',
  topics: MATCHING_TOPICS,
  batchSize: 500,
  async handle(scope, events) {
    const customers = [...new Set(events.flatMap(customersOf))];
    if (customers.length === 0) return;
    const summary = await refreshCustomerMatches({ sql: scope.sql, tenantId: scope.tenantId, now: scope.now }, customers);
    scope.logger.debug({ ...summary, customers: customers.length }, 'duplicate pairs refreshed');
  },
};
