import type { Sql } from '../../../src/plugin-api.ts';

/** A customer's current stay in a live segment. */
export interface CurrentStayRow {
  id: string;
  segmentId: string;
  customerId: string;
  source: string;
  enteredAt: Date;
  exitedAt: Date | null;
}

/** The current stays of these customers in live segments, newest first, in one statement. */
export async function currentStays(sql: Sql, customerIds: readonly string[]): Promise<Map<string, CurrentStayRow[]>> {
  const rows = await sql<CurrentStayRow>`
    SELECT stay.id::text AS id, stay."segmentId"::text AS "segmentId", stay."customerId"::text AS "customerId", stay.source::text AS source, stay."enteredAt", stay."exitedAt"
    FROM "SegmentMembership" stay JOIN "Segment" segment ON segment.id = stay."segmentId"
    WHERE stay."customerId" = ANY(${customerIds}::uuid[]) AND stay."exitedAt" IS NULL AND segment."archivedAt" IS NULL
    ORDER BY stay."enteredAt" DESC, stay.id`;
  const byCustomer = new Map<string, CurrentStayRow[]>();
  for (const row of rows) byCustomer.set(row.customerId, [...(byCustomer.get(row.customerId) ?? []), row]);
  return byCustomer;
}

/** The names of segments by id (for explanations that name the segments a rule refers to). */
export async function segmentNames(sql: Sql, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await sql<{ id: string; name: string }>`SELECT id::text AS id, name FROM "Segment" WHERE id = ANY(${ids}::uuid[])`;
  return new Map(rows.map((row) => [row.id, row.name]));
}

/** The current stay of one customer in one segment, if any. */
export async function currentStay(sql: Sql, segmentId: string, customerId: string): Promise<CurrentStayRow | null> {
  const rows = await sql<CurrentStayRow>`
    SELECT id::text AS id, "segmentId"::text AS "segmentId", "customerId"::text AS "customerId", source::text AS source, "enteredAt", "exitedAt"
    FROM "SegmentMembership" WHERE "segmentId" = ${segmentId}::uuid AND "customerId" = ${customerId}::uuid AND "exitedAt" IS NULL`;
  return rows[0] ?? null;
}
