import type { MergeChange } from '../../../src/plugin-api.ts';
import { changesOf, restoreColumns, type MergePart } from './merge-rows.ts';

const MOVED = 'profile.memberships';

/**
 * The links of merged people to organizations, and of merged organizations to people ($1 tenant,
 * $2 survivor, $3 merged ids in the order given): each moves unless the survivor already has that
 * link (or an earlier merged record's copy moves); it then stays with its archived record. A moved
 * person's link stays the primary one only where the survivor has none, one at most.
 */
const PLAN = `
  WITH of_people AS (
    SELECT m.id, m."personId", m."isPrimary", array_position($3::uuid[], m."personId") AS rank,
           NOT EXISTS (SELECT 1 FROM "Membership" s WHERE s."tenantId" = $1 AND s."personId" = $2::uuid AND s."organizationId" = m."organizationId")
             AND row_number() OVER (PARTITION BY m."organizationId" ORDER BY array_position($3::uuid[], m."personId"), m."createdAt", m.id) = 1 AS moves
    FROM "Membership" m WHERE m."tenantId" = $1 AND m."personId" = ANY($3::uuid[])
  ), of_organizations AS (
    SELECT m.id, m."organizationId",
           NOT EXISTS (SELECT 1 FROM "Membership" s WHERE s."tenantId" = $1 AND s."organizationId" = $2::uuid AND s."personId" = m."personId")
             AND row_number() OVER (PARTITION BY m."personId" ORDER BY array_position($3::uuid[], m."organizationId"), m."createdAt", m.id) = 1 AS moves
    FROM "Membership" m WHERE m."tenantId" = $1 AND m."organizationId" = ANY($3::uuid[])
  ), plan AS (
    SELECT p.id, 'person' AS side, p."personId" AS "previousCustomerId", p."isPrimary" AS "previousIsPrimary",
           p."isPrimary" AND NOT EXISTS (SELECT 1 FROM "Membership" s WHERE s."tenantId" = $1 AND s."personId" = $2::uuid AND s."isPrimary")
             AND row_number() OVER (ORDER BY p."isPrimary" DESC, p.rank, p.id) = 1 AS "isPrimary"
    FROM of_people p WHERE p.moves
    UNION ALL
    SELECT o.id, 'organization', o."organizationId", NULL, NULL FROM of_organizations o WHERE o.moves
  )`;

/** Memberships (person ↔ organization) move to the survivor without doubling a link. */
export const membershipsMerge: MergePart = {
  rows: [MOVED],

  async preview({ sql, tenantId }, plan) {
    const [row] = await sql.query<{ count: number }>(`${PLAN} SELECT count(*)::int AS count FROM plan`, [tenantId, plan.survivorId, plan.mergedIds]);
    return [{ rows: MOVED, label: 'memberships', count: row?.count ?? 0 }];
  },

  async merge({ sql, tenantId }, plan) {
    const moved = await sql.query<{ id: string; side: string; previousCustomerId: string; previousIsPrimary: boolean | null }>(
      `${PLAN}
       UPDATE "Membership" t SET
         "personId" = CASE WHEN p.side = 'person' THEN $2::uuid ELSE t."personId" END,
         "isPrimary" = CASE WHEN p.side = 'person' THEN p."isPrimary" ELSE t."isPrimary" END,
         "organizationId" = CASE WHEN p.side = 'organization' THEN $2::uuid ELSE t."organizationId" END
       FROM plan p WHERE t.id = p.id
       RETURNING t.id::text AS id, p.side, p."previousCustomerId"::text AS "previousCustomerId", p."previousIsPrimary"`,
      [tenantId, plan.survivorId, plan.mergedIds],
    );
    return moved.map(
      (row): MergeChange => ({
        rows: MOVED,
        rowId: row.id,
        previous: row.side === 'person' ? { personId: row.previousCustomerId, isPrimary: row.previousIsPrimary } : { organizationId: row.previousCustomerId },
      }),
    );
  },

  async unmerge({ sql, tenantId }, plan, changes) {
    const moved = changesOf(changes, MOVED);
    const ofPeople = moved.filter((row) => 'personId' in row.previous);
    const ofOrganizations = moved.filter((row) => 'organizationId' in row.previous);
    await restoreColumns(sql, tenantId, { table: 'Membership', columns: ['personId', 'isPrimary'], rows: ofPeople, guard: 't."personId" = $3::uuid', extra: [plan.survivorId] });
    await restoreColumns(sql, tenantId, { table: 'Membership', columns: ['organizationId'], rows: ofOrganizations, guard: 't."organizationId" = $3::uuid', extra: [plan.survivorId] });
  },
};
