import type { CustomerMergeParticipant, MergeChange } from './customer-merge.ts';

const ROWS = 'core.events';

/**
 * The core's own part in a merge: the merged customers' events join the survivor's timeline (by
 * row id, and by global id for subscribers), and go back to their customers when it is undone.
 */
export const eventLogMergeParticipant: CustomerMergeParticipant = {
  async preview({ sql, tenantId }, plan) {
    const [row] = await sql<{ count: number }>`
      SELECT count(*)::int AS count FROM "OutboxEvent" WHERE "tenantId" = ${tenantId} AND "customerId" = ANY(${plan.mergedIds}::uuid[])`;
    return [{ rows: ROWS, label: 'timeline events', count: row?.count ?? 0 }];
  },

  async merge({ sql, tenantId }, plan) {
    const moved = await sql<{ id: string; customerId: string; customerNodeId: string | null }>`
      WITH moved AS (
        SELECT id, "customerId", "customerNodeId" FROM "OutboxEvent"
        WHERE "tenantId" = ${tenantId} AND "customerId" = ANY(${plan.mergedIds}::uuid[])
        FOR UPDATE
      )
      UPDATE "OutboxEvent" e SET "customerId" = ${plan.survivorId}::uuid, "customerNodeId" = ${plan.survivorNodeId}
      FROM moved WHERE e.id = moved.id
      RETURNING e.id::text AS id, moved."customerId"::text AS "customerId", moved."customerNodeId" AS "customerNodeId"`;
    return moved.map((row): MergeChange => ({ rows: ROWS, rowId: row.id, previous: { customerId: row.customerId, customerNodeId: row.customerNodeId } }));
  },

  async unmerge({ sql, tenantId }, plan, changes) {
    await sql`
      UPDATE "OutboxEvent" e SET "customerId" = back.customer_id, "customerNodeId" = back.customer_node_id
      FROM unnest(${changes.map((change) => change.rowId)}::bigint[], ${changes.map((change) => String(change.previous?.customerId))}::uuid[],
                  ${changes.map((change) => (change.previous?.customerNodeId as string | null) ?? null)}::text[]) AS back(id, customer_id, customer_node_id)
      WHERE e.id = back.id AND e."tenantId" = ${tenantId} AND e."customerId" = ${plan.survivorId}::uuid`;
  },
};
