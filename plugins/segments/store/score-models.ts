import type { BackgroundContext, Sql } from '../../../src/plugin-api.ts';
import type { StoredValueModel } from '../scores/stored-models.ts';
import type { RfmEdges } from './score-ranks.ts';

// Statements name their tenant, not only Row-Level Security: a seed may run them as a role RLS does not hold.
const OWN_TENANT = `current_setting('app.tenant_id')`;
const COLUMNS = `currency::text AS currency, method::text AS method, parameters, reason, customers, "repeatBuyers", "fittedAt", "nextScoringAt"`;

/**
 * The tenant's value model; `lock` takes the row for the transaction: SHARE to forecast from it while
 * no pass refits it, UPDATE for a pass (waiting for another pass to finish rather than racing it).
 */
export async function readValueModel(sql: Sql, lock: 'SHARE' | 'UPDATE' | null = null): Promise<StoredValueModel | null> {
  const rows = await sql.query<StoredValueModel>(`SELECT ${COLUMNS} FROM "ValueModel" WHERE "tenantId" = ${OWN_TENANT}${lock ? ` FOR ${lock}` : ''}`);
  return rows[0] ?? null;
}

/** The tenant's value model if its scheduled rescoring is due and no other pass holds it. */
export async function claimDueValueModel(sql: Sql, now: Date): Promise<boolean> {
  const rows = await sql`SELECT 1 FROM "ValueModel" WHERE "tenantId" = current_setting('app.tenant_id') AND "nextScoringAt" <= ${now}::timestamp(3) FOR UPDATE SKIP LOCKED`;
  return rows.length > 0;
}

export async function saveValueModel(sql: Sql, model: StoredValueModel): Promise<void> {
  await sql`
    INSERT INTO "ValueModel" ("tenantId", currency, method, parameters, reason, customers, "repeatBuyers", "fittedAt", "nextScoringAt")
    VALUES (current_setting('app.tenant_id'), ${model.currency}, ${model.method}::"ValueModelMethod", ${JSON.stringify(model.parameters)}::jsonb, ${model.reason},
            ${model.customers}, ${model.repeatBuyers}, ${model.fittedAt}::timestamp(3), ${model.nextScoringAt}::timestamp(3))
    ON CONFLICT ("tenantId") DO UPDATE SET
      currency = EXCLUDED.currency, method = EXCLUDED.method, parameters = EXCLUDED.parameters, reason = EXCLUDED.reason, customers = EXCLUDED.customers,
      "repeatBuyers" = EXCLUDED."repeatBuyers", "fittedAt" = EXCLUDED."fittedAt", "nextScoringAt" = EXCLUDED."nextScoringAt"`;
}

/**
 * Tenants whose scheduled rescoring has come, at most `limit`: through tenants_due_for_scoring
 * (defined by the migration), which returns tenant ids only.
 */
export function tenantsDueForScoring(context: BackgroundContext, now: Date, limit: number): Promise<{ tenantId: string }[]> {
  return context.queryWithoutTenant<{ tenantId: string }>`SELECT "tenantId" FROM tenants_due_for_scoring(${now}::timestamp(3), ${limit}::int)`;
}

/** Stores the quintile edges of the tenant's last full ranking beside its value model. */
export async function saveRankingEdges(sql: Sql, edges: RfmEdges): Promise<void> {
  await sql`UPDATE "ValueModel" SET "rfmBoundaries" = ${JSON.stringify(edges)}::jsonb WHERE "tenantId" = current_setting('app.tenant_id')`;
}

/** The quintile edges of the tenant's last full ranking; null before the first one. */
export async function readRankingEdges(sql: Sql): Promise<RfmEdges | null> {
  const rows = await sql<{ edges: Partial<RfmEdges> }>`SELECT "rfmBoundaries" AS edges FROM "ValueModel" WHERE "tenantId" = current_setting('app.tenant_id')`;
  const edges = rows[0]?.edges;
  return edges?.rankedAt ? (edges as RfmEdges) : null;
}
