import type { Sql } from '../../../src/plugin-api.ts';
import type { MembershipChanges } from './segment-evaluation.ts';

/** Opens a MANUAL stay for each customer not already in the segment; returns those who entered. */
export async function addMembers(sql: Sql, segmentId: string, customerIds: readonly string[], now: Date): Promise<MembershipChanges> {
  const rows = await sql<{ customerId: string }>`
    INSERT INTO "SegmentMembership" (id, "tenantId", "segmentId", "customerId", source, "enteredAt")
    SELECT gen_random_uuid(), current_setting('app.tenant_id'), ${segmentId}::uuid, customer_id, 'MANUAL', ${now}::timestamp(3)
    FROM unnest(${customerIds}::uuid[]) AS customer_id
    ON CONFLICT DO NOTHING
    RETURNING "customerId"::text AS "customerId"`;
  return { entered: rows.map((row) => row.customerId), exited: [] };
}

/** Ends the current stays of these customers; returns those who left. */
export async function removeMembers(sql: Sql, segmentId: string, customerIds: readonly string[], now: Date): Promise<MembershipChanges> {
  const rows = await sql<{ customerId: string }>`
    UPDATE "SegmentMembership" SET "exitedAt" = ${now}::timestamp(3)
    WHERE "segmentId" = ${segmentId}::uuid AND "customerId" = ANY(${customerIds}::uuid[]) AND "exitedAt" IS NULL
    RETURNING "customerId"::text AS "customerId"`;
  return { entered: [], exited: rows.map((row) => row.customerId) };
}
