import type { Sql } from '../../../src/plugin-api.ts';

/** A stored segment as evaluation needs it. */
export interface SegmentDefinitionRow {
  id: string;
  name: string;
  kind: 'DYNAMIC' | 'STATIC';
  rule: unknown;
  refersTo: string[];
  timeDependent: boolean;
}

/** Every live dynamic segment of the tenant (a tenant keeps tens, not thousands). */
export function liveDynamicSegments(sql: Sql): Promise<SegmentDefinitionRow[]> {
  return sql<SegmentDefinitionRow>`
    SELECT id::text AS id, name, kind::text AS kind, rule, "refersTo"::text[] AS "refersTo", "timeDependent"
    FROM "Segment" WHERE "tenantId" = current_setting('app.tenant_id', true) AND "archivedAt" IS NULL AND kind = 'DYNAMIC' ORDER BY "createdAt", id`;
}

/** The segments' references to other segments, for the cycle check (live segments only). */
export function segmentReferences(sql: Sql): Promise<{ id: string; name: string; refersTo: string[] }[]> {
  return sql<{ id: string; name: string; refersTo: string[] }>`
    SELECT id::text AS id, name, "refersTo"::text[] AS "refersTo" FROM "Segment" WHERE "archivedAt" IS NULL`;
}

/** Segments by id, for claiming scheduled re-evaluations: locked, skipping those another pass holds. */
export function claimDueSegments(sql: Sql, ids: readonly string[], now: Date): Promise<SegmentDefinitionRow[]> {
  return sql<SegmentDefinitionRow>`
    SELECT id::text AS id, name, kind::text AS kind, rule, "refersTo"::text[] AS "refersTo", "timeDependent"
    FROM "Segment"
    WHERE id = ANY(${ids}::uuid[]) AND "archivedAt" IS NULL AND kind = 'DYNAMIC' AND "nextEvaluationAt" <= ${now}::timestamp(3)
    FOR UPDATE SKIP LOCKED`;
}

/** Records an evaluation and when the next scheduled one is due (null: only events move it). */
export async function markEvaluated(sql: Sql, ids: readonly string[], now: Date, next: Date | null): Promise<void> {
  if (ids.length === 0) return;
  await sql`UPDATE "Segment" SET "evaluatedAt" = ${now}::timestamp(3), "nextEvaluationAt" = ${next}::timestamp(3) WHERE id = ANY(${ids}::uuid[])`;
}

/** The live segments of the transaction's tenant with these names, by name (for another area's demo seed). */
export async function liveSegmentIdsNamed(sql: Sql, names: readonly string[]): Promise<Map<string, string>> {
  const rows = await sql<{ id: string; name: string }>`
    SELECT id::text, name FROM "Segment" WHERE "tenantId" = current_setting('app.tenant_id') AND "archivedAt" IS NULL AND name = ANY(${names}::text[])`;
  return new Map(rows.map((row) => [row.name, row.id]));
}
