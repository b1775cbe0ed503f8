import type { CustomerMergeParticipant, MergeChange } from '../../../src/plugin-api.ts';

const ROWS = 'campaigns.recipients';

/**
 * A merged customer's campaign decisions become the survivor's, except where that would make two
 * decisions of the same step and channel for one customer (the survivor, or another merged record,
 * was decided there too): that row stays on the merged record, as history of who was contacted.
 * An unmerge gives each moved row back its customer.
 */
/** The merged records' rows that move ($1 tenant, $2 survivor, $3 merged ids): at most one per step and channel the survivor was not decided on. */
const MOVING = `
  WITH candidate AS (
    SELECT r.id, r."customerId" AS previous,
           row_number() OVER (PARTITION BY r."campaignId", r.step, r.channel ORDER BY r."decidedAt", r.id) AS rank
    FROM "CampaignRecipient" r
    WHERE r."tenantId" = $1 AND r."customerId" = ANY($3::uuid[])
      AND NOT EXISTS (SELECT 1 FROM "CampaignRecipient" taken
                      WHERE taken."campaignId" = r."campaignId" AND taken.step = r.step AND taken.channel = r.channel AND taken."customerId" = $2::uuid)
  ), moving AS (SELECT id, previous FROM candidate WHERE rank = 1)`;

export const campaignsMergeParticipant: CustomerMergeParticipant = {
  async preview({ sql, tenantId }, plan) {
    const [row] = await sql.query<{ count: number }>(`${MOVING} SELECT count(*)::int AS count FROM moving`, [tenantId, plan.survivorId, plan.mergedIds]);
    return [{ rows: ROWS, label: 'campaign recipients', count: row?.count ?? 0 }];
  },
  async merge({ sql, tenantId }, plan) {
    const moved = await sql.query<{ id: string; previous: string }>(
      `${MOVING}
       UPDATE "CampaignRecipient" t SET "customerId" = $2::uuid
       FROM moving WHERE t.id = moving.id
       RETURNING t.id::text AS id, moving.previous::text AS previous`,
      [tenantId, plan.survivorId, plan.mergedIds],
    );
    return moved.map((row): MergeChange => ({ rows: ROWS, rowId: row.id, previous: { customerId: row.previous } }));
  },
  async unmerge({ sql, tenantId }, plan, changes) {
    const mine = changes.filter((change) => change.rows === ROWS && change.previous);
    if (mine.length === 0) return;
    await sql`
      UPDATE "CampaignRecipient" t SET "customerId" = back.previous
      FROM unnest(${mine.map((change) => change.rowId)}::uuid[], ${mine.map((change) => String(change.previous!.customerId))}::uuid[]) AS back(id, previous)
      WHERE t.id = back.id AND t."tenantId" = ${tenantId} AND t."customerId" = ${plan.survivorId}::uuid`;
  },
};
