import { changesOf, restoreColumns, type MergePart } from './merge-rows.ts';

const MOVED = 'profile.externalRefs';

/**
 * External references all move: each (source, id) belongs to one customer of the tenant, so the
 * survivor cannot hold it already, and `customerByExternalRef` then finds the survivor.
 */
export const externalRefsMerge: MergePart = {
  rows: [MOVED],

  async preview({ sql, tenantId }, plan) {
    const [row] = await sql<{ count: number }>`
      SELECT count(*)::int AS count FROM "ExternalRef" WHERE "tenantId" = ${tenantId} AND "customerId" = ANY(${plan.mergedIds}::uuid[])`;
    return [{ rows: MOVED, label: 'external references', count: row?.count ?? 0 }];
  },

  async merge({ sql, tenantId }, plan) {
    const moved = await sql<{ id: string; customerId: string }>`
      WITH moving AS (
        SELECT id, "customerId" FROM "ExternalRef" WHERE "tenantId" = ${tenantId} AND "customerId" = ANY(${plan.mergedIds}::uuid[])
      )
      UPDATE "ExternalRef" r SET "customerId" = ${plan.survivorId}::uuid FROM moving WHERE r.id = moving.id
      RETURNING r.id::text AS id, moving."customerId"::text AS "customerId"`;
    return moved.map((row) => ({ rows: MOVED, rowId: row.id, previous: { customerId: row.customerId } }));
  },

  async unmerge({ sql, tenantId }, plan, changes) {
    await restoreColumns(sql, tenantId, { table: 'ExternalRef', columns: ['customerId'], rows: changesOf(changes, MOVED), guard: 't."customerId" = $3::uuid', extra: [plan.survivorId] });
  },
};
