import type { CustomerMergeParticipant, CustomerMergePlan, MergeChange, MergeMoveCount, MergeScope } from '../../../src/plugin-api.ts';

const DYNAMIC = 'segments.dynamicMemberships';
const STATIC = 'segments.staticMemberships';

// Current stays of the merged customers ($1 tenant, $2 merged ids) in live segments of the kind in
// the parameter `kind` (e.g. '$4'). Stays in archived segments and past stays are history: they stay
// with the record they happened to.
const currentStays = (kind: string) => `
  FROM "SegmentMembership" m JOIN "Segment" s ON s."tenantId" = m."tenantId" AND s.id = m."segmentId"
  WHERE m."tenantId" = $1 AND m."customerId" = ANY($2::uuid[]) AND m."exitedAt" IS NULL
    AND s."archivedAt" IS NULL AND s.kind = ${kind}::"SegmentKind"`;

async function countStays({ sql, tenantId }: MergeScope, plan: CustomerMergePlan, kind: 'DYNAMIC' | 'STATIC') {
  const [row] = await sql.query<{ count: number }>(`SELECT count(*)::int AS count ${currentStays('$3')}`, [tenantId, plan.mergedIds, kind]);
  return row?.count ?? 0;
}

/**
 * A rule decides who is in a dynamic segment: the merged customers' stays end with the merge, and
 * the membership reaction re-evaluates the survivor on `customer.merged`.
 */
async function endDynamicStays({ sql, tenantId, now }: MergeScope, plan: CustomerMergePlan): Promise<MergeChange[]> {
  const ended = await sql.query<{ id: string }>(
    `WITH ending AS (SELECT m.id ${currentStays('$4')} FOR UPDATE OF m)
     UPDATE "SegmentMembership" m SET "exitedAt" = $3::timestamp(3)
     FROM ending WHERE m.id = ending.id
     RETURNING m.id::text AS id`,
    [tenantId, plan.mergedIds, now, 'DYNAMIC'],
  );
  return ended.map((row) => ({ rows: DYNAMIC, rowId: row.id, previous: { exitedAt: null } }));
}

/**
 * Someone put the merged customers in a static segment: the survivor takes the earliest of their
 * stays there, unless it is a member already; the other stays end with the merge.
 */
async function settleStaticStays({ sql, tenantId, now }: MergeScope, plan: CustomerMergePlan): Promise<MergeChange[]> {
  const settled = await sql.query<{ id: string; moved: boolean; customerId: string }>(
    `WITH stays AS (
       SELECT m.id, m."customerId",
              row_number() OVER (PARTITION BY m."segmentId" ORDER BY m."enteredAt", m.id) = 1
              AND NOT EXISTS (
                SELECT 1 FROM "SegmentMembership" own
                WHERE own."segmentId" = m."segmentId" AND own."customerId" = $3::uuid AND own."exitedAt" IS NULL) AS moves
       ${currentStays('$4')}
     ), locked AS (
       SELECT m.id, stays."customerId", stays.moves FROM "SegmentMembership" m JOIN stays ON stays.id = m.id FOR UPDATE OF m
     )
     UPDATE "SegmentMembership" m SET
       "customerId" = CASE WHEN locked.moves THEN $3::uuid ELSE m."customerId" END,
       "exitedAt" = CASE WHEN locked.moves THEN m."exitedAt" ELSE $5::timestamp(3) END
     FROM locked WHERE m.id = locked.id
     RETURNING m.id::text AS id, locked.moves AS moved, locked."customerId"::text AS "customerId"`,
    [tenantId, plan.mergedIds, plan.survivorId, 'STATIC', now],
  );
  return settled.map((row) => ({ rows: STATIC, rowId: row.id, previous: row.moved ? { customerId: row.customerId } : { exitedAt: null } }));
}

/** Stays the merge moved to the survivor go back to their customer, unless it is in that segment again. */
async function moveBack({ sql, tenantId }: MergeScope, plan: CustomerMergePlan, moved: readonly MergeChange[]): Promise<void> {
  if (moved.length === 0) return;
  await sql.query(
    `UPDATE "SegmentMembership" m SET "customerId" = back.customer_id
     FROM unnest($3::uuid[], $4::uuid[]) AS back(id, customer_id)
     WHERE m.id = back.id AND m."tenantId" = $1 AND m."customerId" = $2::uuid
       AND (m."exitedAt" IS NOT NULL OR NOT EXISTS (
         SELECT 1 FROM "SegmentMembership" other
         WHERE other."segmentId" = m."segmentId" AND other."customerId" = back.customer_id AND other."exitedAt" IS NULL))`,
    [tenantId, plan.survivorId, moved.map((change) => change.rowId), moved.map((change) => String(change.previous!.customerId))],
  );
}

/** Stays the merge ended are current again, unless their customer has another current stay in that segment. */
async function reopen({ sql, tenantId }: MergeScope, ended: readonly MergeChange[]): Promise<void> {
  if (ended.length === 0) return;
  await sql.query(
    `UPDATE "SegmentMembership" m SET "exitedAt" = NULL
     FROM unnest($2::uuid[]) AS back(id)
     WHERE m.id = back.id AND m."tenantId" = $1 AND m."exitedAt" IS NOT NULL
       AND NOT EXISTS (
         SELECT 1 FROM "SegmentMembership" other
         WHERE other."segmentId" = m."segmentId" AND other."customerId" = m."customerId" AND other."exitedAt" IS NULL)`,
    [tenantId, ended.map((change) => change.rowId)],
  );
}

/**
 * The segments' part in a customer merge. Scores are left alone: a merged record is archived, and
 * archived customers are not ranked; the membership reaction rescores the survivor (and, after an
 * unmerge, the restored customers) from their purchases as they now stand.
 */
export const segmentsMergeParticipant: CustomerMergeParticipant = {
  async preview(scope, plan): Promise<MergeMoveCount[]> {
    return [
      { rows: DYNAMIC, label: 'dynamic segment memberships (ended; the survivor is re-evaluated)', count: await countStays(scope, plan, 'DYNAMIC') },
      { rows: STATIC, label: 'static segment memberships', count: await countStays(scope, plan, 'STATIC') },
    ];
  },
  async merge(scope, plan) {
    return [...(await endDynamicStays(scope, plan)), ...(await settleStaticStays(scope, plan))];
  },
  async unmerge(scope, plan, changes) {
    const mine = changes.filter((change) => (change.rows === DYNAMIC || change.rows === STATIC) && change.previous);
    await moveBack(scope, plan, mine.filter((change) => 'customerId' in change.previous!));
    await reopen(scope, mine.filter((change) => 'exitedAt' in change.previous!));
  },
};
