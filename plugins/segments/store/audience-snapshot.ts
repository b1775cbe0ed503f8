import type { Sql } from '../../../src/plugin-api.ts';
import { newRowId } from '../../../src/plugin-api.ts';

/**
 * The SQL of the current members' ids (column `id`, distinct) of the segments whose ids the
 * parameter `segmentIdsParam` (a uuid[]) holds, for another area to use as a subquery: set-based,
 * so a campaign reads its audience without naming this area's tables.
 */
export function segmentMembersSql(tenantParam: string, segmentIdsParam: string): string {
  return `SELECT DISTINCT member."customerId" AS id FROM "SegmentMembership" member
          WHERE member."tenantId" = ${tenantParam} AND member."segmentId" = ANY(${segmentIdsParam}::uuid[]) AND member."exitedAt" IS NULL`;
}

/** Where a snapshot is written: a tenant's transaction (a request's or a background job's). */
export interface SnapshotScope {
  sql: Sql;
  tenantId: string;
}

export interface AudienceSnapshot {
  /** The static segment's name: unique among the tenant's live segments. */
  name: string;
  description?: string | null;
  /** Segments whose current members make the audience. */
  include: readonly string[];
  /** Segments whose current members are left out of it. */
  exclude: readonly string[];
  now: Date;
}

/**
 * Takes an audience as it is now into a new STATIC segment, in ONE statement: the current members of
 * the included segments minus those of the excluded ones enter it (source SNAPSHOT). Returns the
 * segment and its size. Its ids follow from the segment's (`newRowId`, seeded in a demo seed), so
 * a seed that takes snapshots writes the same rows every time.
 */
export async function snapshotAudience(scope: SnapshotScope, snapshot: AudienceSnapshot): Promise<{ segmentId: string; size: number }> {
  const [row] = await scope.sql.query<{ segmentId: string; size: number }>(
    `WITH segment AS (
       INSERT INTO "Segment" (id, "tenantId", name, description, kind, "refersTo", "snapshotAt", "createdAt", "updatedAt")
       VALUES ($7::uuid, $1, $2, $3, 'STATIC', $4::uuid[], $6::timestamp(3), $6::timestamp(3), $6::timestamp(3))
       RETURNING id
     ), audience AS (
       ${segmentMembersSql('$1', '$4')}
       EXCEPT ${segmentMembersSql('$1', '$5')}
     ), entered AS (
       INSERT INTO "SegmentMembership" (id, "tenantId", "segmentId", "customerId", source, "enteredAt")
       SELECT md5(segment.id::text || audience.id::text)::uuid, $1, segment.id, audience.id, 'SNAPSHOT', $6::timestamp(3) FROM segment, audience
       RETURNING 1
     )
     SELECT (SELECT id::text FROM segment) AS "segmentId", (SELECT count(*)::int FROM entered) AS size`,
    [scope.tenantId, snapshot.name, snapshot.description ?? null, snapshot.include, snapshot.exclude, snapshot.now, newRowId()],
  );
  return row!;
}
