import type { CustomerMergeParticipant, CustomerMergePlan, MergeChange, MergeScope } from '../../../src/plugin-api.ts';
import { repointingParticipant, repointRows } from '../../../src/plugin-api.ts';

const DISCOUNTS = 'pipeline.discounts';

// Deals, leads and agenda entries simply follow their customer (offers and stage history hang off the deal).
const followers = repointingParticipant([
  repointRows({ rows: 'pipeline.deals', label: 'deals', table: "Opportunity", customerColumns: ['customerId'] }),
  repointRows({ rows: 'pipeline.leads', label: 'leads', table: "Lead", customerColumns: ['customerId'] }),
  repointRows({ rows: 'pipeline.referrals', label: 'leads they referred', table: "Lead", customerColumns: ['referrerId'] }),
  repointRows({ rows: 'pipeline.activities', label: 'agenda activities', table: "SalesActivity", customerColumns: ['customerId'] }),
]);

/**
 * A customer has at most one negotiated discount per product (and one general): the survivor's own
 * wins; for a product only merged customers had one, the most recently negotiated moves. A discount
 * that does not move stays with its archived customer, so an unmerge finds it where it was.
 */
const movingDiscounts = `
  SELECT id FROM (
    SELECT d.id, row_number() OVER (PARTITION BY d."productId" ORDER BY d."updatedAt" DESC, d.id DESC) AS rank
    FROM "CustomerDiscount" d
    WHERE d."tenantId" = $1 AND d."customerId" = ANY($2::uuid[])
      AND NOT EXISTS (
        SELECT 1 FROM "CustomerDiscount" own
        WHERE own."tenantId" = $1 AND own."customerId" = $3::uuid AND own."productId" IS NOT DISTINCT FROM d."productId")
  ) ranked WHERE rank = 1`;

async function countDiscounts({ sql, tenantId }: MergeScope, plan: CustomerMergePlan) {
  const [row] = await sql.query<{ count: number }>(`SELECT count(*)::int AS count FROM (${movingDiscounts}) moving`, [tenantId, plan.mergedIds, plan.survivorId]);
  return { rows: DISCOUNTS, label: 'negotiated discounts', count: row?.count ?? 0 };
}

async function mergeDiscounts({ sql, tenantId }: MergeScope, plan: CustomerMergePlan): Promise<MergeChange[]> {
  const moved = await sql.query<{ id: string; customerId: string }>(
    `WITH moved AS (
       SELECT d.id, d."customerId" FROM "CustomerDiscount" d WHERE d.id IN (${movingDiscounts}) FOR UPDATE
     )
     UPDATE "CustomerDiscount" d SET "customerId" = $3::uuid
     FROM moved WHERE d.id = moved.id
     RETURNING d.id::text AS id, moved."customerId"::text AS "customerId"`,
    [tenantId, plan.mergedIds, plan.survivorId],
  );
  return moved.map((row) => ({ rows: DISCOUNTS, rowId: row.id, previous: { customerId: row.customerId } }));
}

async function unmergeDiscounts({ sql, tenantId }: MergeScope, plan: CustomerMergePlan, changes: readonly MergeChange[]): Promise<void> {
  const mine = changes.filter((change) => change.rows === DISCOUNTS && change.previous);
  if (mine.length === 0) return;
  // A discount the customer was given again meanwhile keeps its place; the moved one then stays with the survivor.
  await sql.query(
    `UPDATE "CustomerDiscount" d SET "customerId" = back.customer_id
     FROM unnest($3::uuid[], $4::uuid[]) AS back(id, customer_id)
     WHERE d.id = back.id AND d."tenantId" = $1 AND d."customerId" = $2::uuid
       AND NOT EXISTS (
         SELECT 1 FROM "CustomerDiscount" other
         WHERE other."tenantId" = $1 AND other."customerId" = back.customer_id AND other."productId" IS NOT DISTINCT FROM d."productId")`,
    [tenantId, plan.survivorId, mine.map((change) => change.rowId), mine.map((change) => String(change.previous!.customerId))],
  );
}

/** The pipeline's part in a customer merge. */
export const pipelineMergeParticipant: CustomerMergeParticipant = {
  async preview(scope, plan) {
    return [...(await followers.preview(scope, plan)), await countDiscounts(scope, plan)];
  },
  async merge(scope, plan) {
    return [...(await followers.merge(scope, plan)), ...(await mergeDiscounts(scope, plan))];
  },
  async unmerge(scope, plan, changes) {
    await unmergeDiscounts(scope, plan, changes);
    await followers.unmerge(scope, plan, changes);
  },
};
