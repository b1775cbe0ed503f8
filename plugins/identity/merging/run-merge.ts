import type { CustomerMergeParticipant, CustomerMergePlan, MergeScope } from '../../../src/plugin-api.ts';
import { newRowId } from '../../../src/plugin-api.ts';
import { customerGlobalId, lockCustomersForMerge, mergedProfileOf, type CustomerRow, type MergedProfile } from '../../profile/plugin.ts';
import { customerMerged } from '../events.ts';
import { insertMerge, type CustomerMergeRow, type MovedCount, type StoredChange } from '../store/merge-records.ts';
import { checkMergeCandidates, type MergeRequest } from './merge-input.ts';
import { mergeGlobalId } from './merge-ids.ts';

export type MergeParticipants = ReadonlyMap<string, CustomerMergeParticipant>;

/** What a dry run answers: the survivor's profile as it would be, and what would move. */
export interface MergePreview {
  survivor: CustomerRow;
  mergedIds: readonly string[];
  profile: MergedProfile;
  moves: MovedCount[];
}

/** Every participant's count of what would move, in merge order, labelled. */
async function previewMoves(scope: MergeScope, participants: MergeParticipants, plan: CustomerMergePlan): Promise<MovedCount[]> {
  const moves: MovedCount[] = [];
  for (const [participant, part] of participants) for (const count of await part.preview(scope, plan)) moves.push({ participant, ...count });
  return moves;
}

/** Locks the customers and checks them as they are now (NOT_FOUND, archived, merged); their names by row id. */
async function lockAndCheck(scope: MergeScope, request: MergeRequest): Promise<Map<string, string>> {
  const candidates = await lockCustomersForMerge(scope, [request.survivorId, ...request.mergedIds]);
  checkMergeCandidates(request, candidates);
  return new Map(candidates.map((candidate) => [candidate.id, candidate.displayName]));
}

function planOf(request: MergeRequest, mergeId: string): CustomerMergePlan {
  return {
    mergeId,
    survivorId: request.survivorId,
    survivorNodeId: customerGlobalId({ id: request.survivorId, kind: request.kind }),
    mergedIds: request.mergedIds,
    fieldChoices: request.fieldChoices,
  };
}

/** The dry run: the same checks and counts as a merge, and nothing written. */
export async function previewMerge(scope: MergeScope, participants: MergeParticipants, request: MergeRequest): Promise<MergePreview> {
  await lockAndCheck(scope, request);
  const plan = planOf(request, newRowId());
  const { survivor, profile } = await mergedProfileOf(scope, plan);
  return { survivor, mergedIds: request.mergedIds, profile, moves: await previewMoves(scope, participants, plan) };
}

/**
 * Merges in the caller's transaction: every participant re-points its rows in order (the event
 * log first), their changes are kept with the merge (for unmerge), and `customer.merged` goes on
 * the survivor's timeline. A throw anywhere leaves nothing done.
 */
export async function performMerge(scope: MergeScope, participants: MergeParticipants, request: MergeRequest, actor: string): Promise<CustomerMergeRow> {
  const names = await lockAndCheck(scope, request);
  const plan = planOf(request, newRowId());
  // The labels of every kind, zero counts included, as the dry run shows them.
  const moves = await previewMoves(scope, participants, plan);
  const changes: StoredChange[] = [];
  for (const [participant, part] of participants) for (const change of await part.merge(scope, plan)) changes.push({ participant, ...change });

  const moved = movedCounts(moves, changes);

  const merge = await insertMerge(
    scope.sql,
    { id: plan.mergeId, tenantId: scope.tenantId, survivorId: plan.survivorId, mergedIds: [...plan.mergedIds], fieldChoices: request.fieldChoices, moved, mergedAt: scope.now, mergedBy: actor },
    changes,
  );
  const nodeId = customerGlobalId({ id: plan.survivorId, kind: request.kind });
  await scope.events.emit(customerMerged, {
    subjectId: nodeId,
    customer: { id: plan.survivorId, nodeId },
    payload: {
      mergeId: mergeGlobalId(merge.id),
      mergedIds: plan.mergedIds.map((id) => customerGlobalId({ id, kind: request.kind })),
      mergedNames: plan.mergedIds.map((id) => names.get(id) ?? ''),
    },
  });
  return merge;
}

/** The dry run's kinds of row with how many rows the merge changed of each; a kind no preview named comes last. */
function movedCounts(moves: readonly MovedCount[], changes: readonly StoredChange[]): MovedCount[] {
  const key = (participant: string, rows: string) => `${participant}\u0000${rows}`;
  const counted = new Map<string, number>();
  for (const change of changes) counted.set(key(change.participant, change.rows), (counted.get(key(change.participant, change.rows)) ?? 0) + 1);
  const moved = moves.map((move) => ({ ...move, count: counted.get(key(move.participant, move.rows)) ?? 0 }));
  const named = new Set(moves.map((move) => key(move.participant, move.rows)));
  for (const [kind, count] of counted) {
    if (named.has(kind)) continue;
    const [participant = '', rows = ''] = kind.split('\u0000');
    moved.push({ participant, rows, label: rows, count });
  }
  return moved;
}
