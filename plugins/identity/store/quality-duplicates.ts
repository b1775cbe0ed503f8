import type { Sql } from '../../../src/plugin-api.ts';

/** The tenant's customers in at least one pair scored at or above `minScore` that nobody dismissed. */
export async function likelyDuplicateCustomerIds(sql: Sql, tenantId: string, minScore: number): Promise<string[]> {
  const rows = await sql<{ id: string }>`
    SELECT DISTINCT side.id::text AS id
    FROM "DuplicatePair" pair, LATERAL (VALUES (pair."customerA"), (pair."customerB")) AS side(id)
    WHERE pair."tenantId" = ${tenantId} AND pair."dismissedAt" IS NULL AND pair.score >= ${minScore}`;
  return rows.map((row) => row.id);
}
