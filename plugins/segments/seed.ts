import type { SeedContext } from '../../src/plugin-api.ts';
import { customerGlobalId, readSeedCustomers } from '../profile/plugin.ts';
import { DEMO_SEGMENTS } from './demo/definitions.ts';
import { historyEvents } from './demo/history-events.ts';
import { writeMembershipHistory } from './demo/membership-history.ts';
import { planDemoSegments, type PlannedSegment } from './demo/segment-plan.ts';
import { scoreTenantForSeed } from './scores/seed-scores.ts';
import type { SegmentSettings } from './segment-writes.ts';

/**
 * The marketing demo for one tenant: a dozen segments the source documents describe (key
 * accounts, lapsed buyers, recent complaints, consent, birthdays, open deals, frequent buyers, big
 * spenders, newcomers, a city, a composition of two, a campaign snapshot and a hand-picked list),
 * with twelve weeks of membership history replayed by the API's own evaluation and the
 * `segment.entered` / `segment.exited` events of every change. Segments that need a disabled area
 * are left out. Everything is drawn from the seed's faker and dated relative to `context.now`.
 */
export async function seedSegments(context: SeedContext, settings: SegmentSettings): Promise<void> {
  // The earlier seeds bulk-loaded this transaction's tables: without statistics the planner would
  // re-run a grouped fact once per customer in every replayed evaluation.
  await context.statements.query('ANALYZE');
  await scoreTenantForSeed(context);
  const customers = await readSeedCustomers(context);
  const segments = planDemoSegments(context, DEMO_SEGMENTS);
  await context.insert('segments', 'Segment', segments.map((segment) => segmentRow(context, segment, settings)));
  const recorded = await writeMembershipHistory(context, segments, customers);
  const nodeIds = new Map(customers.map((customer) => [customer.id, customerGlobalId(customer)]));
  await context.insertEvents('segment events', historyEvents(segments, recorded, nodeIds));
}

/** The Segment row as it stands after its history: evaluated at `now` (or when its snapshot was taken). */
function segmentRow(context: SeedContext, segment: PlannedSegment, settings: SegmentSettings) {
  const { definition } = segment;
  const snapshotAt = definition.kind === 'STATIC' && segment.rule ? segment.createdAt : null;
  const evaluatedAt = definition.kind === 'DYNAMIC' ? context.now : snapshotAt;
  return {
    id: segment.id,
    tenantId: context.tenantId,
    name: definition.name,
    description: definition.description,
    ownerId: definition.ownerId,
    kind: definition.kind,
    rule: segment.rule,
    refersTo: segment.refersTo,
    timeDependent: segment.timeDependent,
    nextEvaluationAt: segment.timeDependent ? new Date(context.now.getTime() + settings.reevaluateEveryMs).toISOString() : null,
    evaluatedAt: evaluatedAt?.toISOString() ?? null,
    snapshotAt: snapshotAt?.toISOString() ?? null,
    archivedAt: null,
    createdAt: segment.createdAt.toISOString(),
    updatedAt: segment.createdAt.toISOString(),
  };
}
