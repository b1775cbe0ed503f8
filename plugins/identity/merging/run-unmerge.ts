import type { MergeChange, MergeScope } from '../../../src/plugin-api.ts';
import { ConflictError, NotFoundError } from '../../../src/plugin-api.ts';
import { customerGlobalId, lockCustomersForMerge } from '../../profile/plugin.ts';
import { customerUnmerged } from '../events.ts';
import { changesOfMerge, lockMerge, markUnmerged, mergeInForceOf, type CustomerMergeRow } from '../store/merge-records.ts';
import { mergeGlobalId } from './merge-ids.ts';
import type { MergeParticipants } from './run-merge.ts';

/**
 * Undoes a merge in the caller's transaction: each participant, in the reverse order, puts back
 * the rows it changed (those that still exist, while they are still the survivor's), so what the
 * survivor gained since stays with it; the merged records are customers again. Refused when the
 * merge was undone already, or when the survivor has since been merged into another customer
 * (that merge must be undone first).
 */
export async function performUnmerge(scope: MergeScope, participants: MergeParticipants, mergeId: string, actor: string): Promise<CustomerMergeRow> {
  const merge = await lockMerge(scope.sql, scope.tenantId, mergeId);
  if (!merge) throw new NotFoundError('CustomerMerge', mergeGlobalId(mergeId));
  if (merge.status === 'UNMERGED') throw new ConflictError('This merge was already undone', mergeGlobalId(merge.id));

  const customers = await lockCustomersForMerge(scope, [merge.survivorId, ...merge.mergedIds]);
  const survivor = customers.find((customer) => customer.id === merge.survivorId);
  if (!survivor) throw new NotFoundError('Customer', merge.survivorId);
  if (survivor.mergedIntoId) {
    const later = await mergeInForceOf(scope.sql, scope.tenantId, survivor.id);
    throw new ConflictError('The survivor of this merge has since been merged into another customer: undo that merge first', later ? mergeGlobalId(later.id) : null);
  }

  const changes = await changesOfMerge(scope.sql, scope.tenantId, merge.id);
  const byParticipant = new Map<string, MergeChange[]>();
  for (const { participant, ...change } of changes) byParticipant.set(participant, [...(byParticipant.get(participant) ?? []), change]);
  const absent = [...byParticipant.keys()].filter((participant) => !participants.has(participant));
  if (absent.length > 0) throw new ConflictError(`This merge changed rows of ${absent.join(', ')}, which ${absent.length === 1 ? 'is' : 'are'} not enabled: it cannot be undone here`);

  const plan = { mergeId: merge.id, survivorId: merge.survivorId, survivorNodeId: customerGlobalId(survivor), mergedIds: merge.mergedIds, fieldChoices: (merge.fieldChoices ?? {}) as Record<string, string> };
  for (const [participant, part] of [...participants].reverse()) await part.unmerge(scope, plan, byParticipant.get(participant) ?? []);
  const unmerged = await markUnmerged(scope.sql, scope.tenantId, merge.id, scope.now, actor);

  const names = new Map(customers.map((customer) => [customer.id, customer.displayName]));
  const nodeId = customerGlobalId(survivor);
  await scope.events.emit(customerUnmerged, {
    subjectId: nodeId,
    customer: { id: survivor.id, nodeId },
    payload: {
      mergeId: mergeGlobalId(merge.id),
      restoredIds: merge.mergedIds.map((id) => customerGlobalId({ id, kind: survivor.kind })),
      restoredNames: merge.mergedIds.map((id) => names.get(id) ?? ''),
    },
  });
  return unmerged;
}
