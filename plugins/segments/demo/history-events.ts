import type { SeedEvent } from '../../../src/plugin-api.ts';
import { segmentEntered, segmentExited, segmentSaved, type SegmentStayPayload } from '../events.ts';
import { segmentGlobalId } from '../ids.ts';
import type { RecordedChanges } from './membership-history.ts';
import type { PlannedSegment } from './segment-plan.ts';

/** The actor of membership changes, as the event reaction and the scheduler write them. */
export const SEGMENTS_ACTOR = 'system:segments';

/**
 * The events of the segments' history, in the order it happened: each segment's `segment.saved`
 * by its owner, and one `segment.entered` or `segment.exited` per change, shaped as announce.ts
 * emits them. `nodeIds` gives each customer's global id by row id.
 */
export function historyEvents(segments: readonly PlannedSegment[], recorded: readonly RecordedChanges[], nodeIds: ReadonlyMap<string, string>): SeedEvent[] {
  const timed: { at: number; order: number; event: SeedEvent }[] = [];
  const add = (at: Date, event: SeedEvent) => timed.push({ at: at.getTime(), order: timed.length, event });

  for (const segment of segments) {
    add(segment.createdAt, {
      topic: segmentSaved.name,
      subjectId: segmentGlobalId(segment.id),
      customerId: null,
      customerNodeId: null,
      actorId: segment.definition.ownerId,
      payload: { name: segment.definition.name, kind: segment.definition.kind, change: 'CREATED' },
      occurredAt: segment.createdAt,
    });
  }
  for (const { at, segment, source, changes } of recorded) {
    // A hand-picked list is changed by the marketer who keeps it.
    const actorId = source === 'MANUAL' ? segment.definition.ownerId : SEGMENTS_ACTOR;
    for (const event of stayEvents({ id: segment.id, name: segment.definition.name }, { at, source, changes }, actorId, nodeIds)) add(at, event);
  }
  return timed.sort((left, right) => left.at - right.at || left.order - right.order).map(({ event }) => event);
}

/** One `segment.entered` or `segment.exited` per change of one evaluation, by the segments' actor unless told otherwise. */
export function stayEvents(
  segment: { id: string; name: string },
  { at, source, changes }: Pick<RecordedChanges, 'at' | 'source' | 'changes'>,
  actorId: string,
  nodeIds: ReadonlyMap<string, string>,
): SeedEvent[] {
  const payload: SegmentStayPayload = { segmentId: segmentGlobalId(segment.id), segmentName: segment.name, source };
  const stay = (topic: string, customerId: string): SeedEvent => {
    const customerNodeId = nodeIds.get(customerId);
    if (!customerNodeId) throw new Error(`Segment member ${customerId} is not a live customer of the tenant`);
    return { topic, subjectId: payload.segmentId, customerId, customerNodeId, actorId, payload, occurredAt: at };
  };
  // By customer: the statement returns its changes in no particular order, and the same seed writes the same log.
  return [...[...changes.entered].sort().map((id) => stay(segmentEntered.name, id)), ...[...changes.exited].sort().map((id) => stay(segmentExited.name, id))];
}
