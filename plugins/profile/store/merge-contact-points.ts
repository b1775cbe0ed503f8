import type { MergeChange } from '../../../src/plugin-api.ts';
import { changesOf, restoreColumns, type MergePart } from './merge-rows.ts';

const MOVED = 'profile.contactPoints';
const RETIRED = 'profile.duplicateContactPoints';

/**
 * What happens to each contact point of the merged customers ($1 tenant, $2 survivor, $3 merged
 * ids in the order given): it moves to the survivor, unless the survivor already has that value
 * (or an earlier merged record's copy moves), in which case it stays with its archived record and
 * is deactivated. A moved point stays primary only where the survivor has no primary of its kind,
 * and then only one per kind.
 */
const PLAN = `
  WITH survivor AS (
    SELECT kind, value, "isPrimary" FROM "ContactPoint" WHERE "tenantId" = $1 AND "customerId" = $2::uuid
  ), candidates AS (
    SELECT cp.id, cp.kind, cp."isPrimary", cp."isActive", cp."customerId",
           array_position($3::uuid[], cp."customerId") AS rank, cp."createdAt",
           NOT EXISTS (SELECT 1 FROM survivor s WHERE s.kind = cp.kind AND s.value = cp.value)
             AND row_number() OVER (PARTITION BY cp.kind, cp.value ORDER BY cp."isActive" DESC, array_position($3::uuid[], cp."customerId"), cp."createdAt", cp.id) = 1 AS moves
    FROM "ContactPoint" cp
    WHERE cp."tenantId" = $1 AND cp."customerId" = ANY($3::uuid[])
  ), plan AS (
    SELECT c.id, c.moves, c."customerId" AS "previousCustomerId", c."isPrimary" AS "previousIsPrimary", c."isActive" AS "previousIsActive",
           c.moves AND NOT EXISTS (SELECT 1 FROM survivor s WHERE s.kind = c.kind AND s."isPrimary")
             AND row_number() OVER (PARTITION BY c.kind, c.moves ORDER BY c."isPrimary" DESC, c.rank, c."createdAt", c.id) = 1 AS "becomesPrimary"
    FROM candidates c
    WHERE c.moves OR c."isActive"
  )`;

/** Contact points are united: the survivor ends with every value once. */
export const contactPointsMerge: MergePart = {
  rows: [MOVED, RETIRED],

  async preview({ sql, tenantId }, plan) {
    const [counts] = await sql.query<{ moved: number; retired: number }>(
      `${PLAN} SELECT count(*) FILTER (WHERE moves)::int AS moved, count(*) FILTER (WHERE NOT moves)::int AS retired FROM plan`,
      [tenantId, plan.survivorId, plan.mergedIds],
    );
    return [
      { rows: MOVED, label: 'contact points', count: counts?.moved ?? 0 },
      { rows: RETIRED, label: 'duplicate contact points deactivated', count: counts?.retired ?? 0 },
    ];
  },

  async merge({ sql, tenantId }, plan) {
    const changed = await sql.query<{ id: string; moves: boolean; previousCustomerId: string; previousIsPrimary: boolean; previousIsActive: boolean }>(
      `${PLAN}
       UPDATE "ContactPoint" t SET
         "customerId" = CASE WHEN p.moves THEN $2::uuid ELSE t."customerId" END,
         "isPrimary" = CASE WHEN p.moves THEN p."becomesPrimary" ELSE t."isPrimary" END,
         "isActive" = CASE WHEN p.moves THEN t."isActive" ELSE false END
       FROM plan p WHERE t.id = p.id
       RETURNING t.id::text AS id, p.moves, p."previousCustomerId"::text AS "previousCustomerId", p."previousIsPrimary", p."previousIsActive"`,
      [tenantId, plan.survivorId, plan.mergedIds],
    );
    return changed.map(
      (row): MergeChange =>
        row.moves
          ? { rows: MOVED, rowId: row.id, previous: { customerId: row.previousCustomerId, isPrimary: row.previousIsPrimary } }
          : { rows: RETIRED, rowId: row.id, previous: { isActive: row.previousIsActive } },
    );
  },

  async unmerge({ sql, tenantId }, plan, changes) {
    // Back to their record while still the survivor's (one removed since is gone for good).
    await restoreColumns(sql, tenantId, { table: 'ContactPoint', columns: ['customerId', 'isPrimary'], rows: changesOf(changes, MOVED), guard: 't."customerId" = $3::uuid', extra: [plan.survivorId] });
    await restoreColumns(sql, tenantId, { table: 'ContactPoint', columns: ['isActive'], rows: changesOf(changes, RETIRED), guard: 't."customerId" = ANY($3::uuid[])', extra: [plan.mergedIds] });
  },
};
