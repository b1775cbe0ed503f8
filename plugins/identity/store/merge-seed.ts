import type { Sql } from '../../../src/plugin-api.ts';

/** The tenant's likeliest duplicate pair not dismissed (its older record first), or null: the demo merges it. */
export async function likeliestDuplicatePair(sql: Sql, tenantId: string): Promise<{ customerA: string; customerB: string } | null> {
  const [pair] = await sql<{ customerA: string; customerB: string }>`
    SELECT "customerA"::text AS "customerA", "customerB"::text AS "customerB" FROM "DuplicatePair"
    WHERE "tenantId" = ${tenantId} AND "dismissedAt" IS NULL
    ORDER BY score DESC, "customerA", "customerB" LIMIT 1`;
  return pair ?? null;
}
