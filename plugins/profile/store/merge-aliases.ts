import type { MergeChange } from '../../../src/plugin-api.ts';
import { changesOf, restoreColumns, type MergePart } from './merge-rows.ts';

const MERGED = 'profile.customers';
const ALIASES = 'profile.aliases';

/**
 * The merged records become aliases of the survivor: archived, with `mergedIntoId` set, so their
 * ids resolve to it. Records merged into one of them before now point at the survivor too, so an
 * id is always one step from the customer it names.
 */
export const aliasesMerge: MergePart = {
  rows: [MERGED, ALIASES],

  async preview({ sql, tenantId }, plan) {
    const [row] = await sql<{ aliases: number }>`
      SELECT count(*)::int AS aliases FROM "Customer" WHERE "tenantId" = ${tenantId} AND "mergedIntoId" = ANY(${plan.mergedIds}::uuid[])`;
    return [
      { rows: MERGED, label: 'customer records made aliases', count: plan.mergedIds.length },
      { rows: ALIASES, label: 'earlier aliases re-pointed', count: row?.aliases ?? 0 },
    ];
  },

  async merge({ sql, tenantId, now }, plan) {
    const changed = await sql<{ id: string; merged: boolean; archivedAt: Date | null; mergedIntoId: string | null; updatedAt: Date }>`
      WITH old AS (
        SELECT id, "archivedAt", "mergedIntoId", "updatedAt", id = ANY(${plan.mergedIds}::uuid[]) AS merged
        FROM "Customer"
        WHERE "tenantId" = ${tenantId} AND (id = ANY(${plan.mergedIds}::uuid[]) OR "mergedIntoId" = ANY(${plan.mergedIds}::uuid[]))
      )
      UPDATE "Customer" c SET
        "mergedIntoId" = ${plan.survivorId}::uuid,
        "archivedAt" = CASE WHEN old.merged THEN ${now}::timestamp(3) ELSE c."archivedAt" END,
        "updatedAt" = CASE WHEN old.merged THEN ${now}::timestamp(3) ELSE c."updatedAt" END
      FROM old WHERE c.id = old.id
      RETURNING c.id::text AS id, old.merged, old."archivedAt", old."mergedIntoId"::text AS "mergedIntoId", old."updatedAt"`;
    return changed.map(
      (row): MergeChange =>
        row.merged
          ? { rows: MERGED, rowId: row.id, previous: { archivedAt: row.archivedAt?.toISOString() ?? null, mergedIntoId: row.mergedIntoId, updatedAt: row.updatedAt.toISOString() } }
          : { rows: ALIASES, rowId: row.id, previous: { mergedIntoId: row.mergedIntoId } },
    );
  },

  async unmerge({ sql, tenantId }, plan, changes) {
    const guard = { guard: 't."mergedIntoId" = $3::uuid', extra: [plan.survivorId] };
    await restoreColumns(sql, tenantId, { table: 'Customer', columns: ['archivedAt', 'mergedIntoId', 'updatedAt'], rows: changesOf(changes, MERGED), ...guard });
    await restoreColumns(sql, tenantId, { table: 'Customer', columns: ['mergedIntoId'], rows: changesOf(changes, ALIASES), ...guard });
  },
};
