// What other areas may use of the segments area, re-exported by plugin.ts.

/** For campaigns: an audience taken as a static segment, and the SQL of segments' current members. */
export { segmentMembersSql, snapshotAudience, type AudienceSnapshot, type SnapshotScope } from './store/audience-snapshot.ts';

/** For campaigns: the segments a campaign names (its audience and exclusions), batched per request, and their ids. */
export { loadSegment, type SegmentRow } from './segment-loader.ts';
export { parseSegmentId, segmentGlobalId } from './ids.ts';

/** For campaigns' demo seed: the demo's segments, by name. */
export { liveSegmentIdsNamed } from './store/segment-rows.ts';
