import type { TenantDb, TenantScope } from '../../../src/plugin-api.ts';
import { customerNodeIds } from '../../profile/plugin.ts';
import { segmentEntered, segmentExited } from '../events.ts';
import { segmentGlobalId } from '../ids.ts';
import type { MembershipChanges } from '../store/segment-evaluation.ts';

/**
 * Puts each entry and exit on the customer's timeline and the activity stream: one event per
 * change, in the transaction that made it, so an event exists exactly when the change committed.
 */
export async function announceChanges(
  scope: { db: TenantDb; events: TenantScope['events'] },
  segment: { id: string; name: string },
  changes: MembershipChanges,
  source: 'RULE' | 'SNAPSHOT' | 'MANUAL',
  now: Date,
): Promise<void> {
  if (changes.entered.length === 0 && changes.exited.length === 0) return;
  const nodeIds = await customerNodeIds(scope.db, [...changes.entered, ...changes.exited]);
  const payload = { segmentId: segmentGlobalId(segment.id), segmentName: segment.name, source };
  const eventOf = (customerId: string) => ({ subjectId: payload.segmentId, customer: { id: customerId, nodeId: nodeIds.get(customerId)! }, occurredAt: now, payload });
  await scope.events.emitMany(segmentEntered, changes.entered.map(eventOf));
  await scope.events.emitMany(segmentExited, changes.exited.map(eventOf));
}
