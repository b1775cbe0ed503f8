import type { Sql } from '../../../src/plugin-api.ts';
import type { MatchSignalResult } from '../matching/signals.ts';

/** A pair to keep, the smaller customer id first. */
export interface ScoredDuplicatePair {
  customerA: string;
  customerB: string;
  score: number;
  signals: MatchSignalResult[];
}

/** Pairs written per statement: bounds the parameters' size whatever the tenant's. */
const CHUNK = 5000;

/**
 * Replaces the kept pairs of the whole tenant (`customers` null) or of some customers by `pairs`.
 * A dismissed pair is never dropped: it keeps its dismissal and takes the new score if still found.
 */
export async function replaceDuplicatePairs(
  scope: { sql: Sql; tenantId: string },
  customers: readonly string[] | null,
  pairs: readonly ScoredDuplicatePair[],
  now: Date,
): Promise<void> {
  if (customers === null) await scope.sql`DELETE FROM "DuplicatePair" WHERE "tenantId" = ${scope.tenantId} AND "dismissedAt" IS NULL`;
  else if (customers.length > 0) {
    await scope.sql`
      DELETE FROM "DuplicatePair" WHERE "tenantId" = ${scope.tenantId} AND "dismissedAt" IS NULL
        AND ("customerA" = ANY(${customers}::uuid[]) OR "customerB" = ANY(${customers}::uuid[]))`;
  }
  for (let start = 0; start < pairs.length; start += CHUNK) {
    const chunk = pairs.slice(start, start + CHUNK);
    await scope.sql`
      INSERT INTO "DuplicatePair" ("tenantId", "customerA", "customerB", score, signals, "computedAt")
      SELECT ${scope.tenantId}, a, b, s, j::jsonb, ${now}::timestamp
      FROM unnest(${chunk.map((pair) => pair.customerA)}::uuid[], ${chunk.map((pair) => pair.customerB)}::uuid[],
                  ${chunk.map((pair) => pair.score)}::float8[], ${chunk.map((pair) => JSON.stringify(pair.signals))}::text[]) AS p(a, b, s, j)
      ON CONFLICT ("tenantId", "customerA", "customerB") DO UPDATE SET score = EXCLUDED.score, signals = EXCLUDED.signals, "computedAt" = EXCLUDED."computedAt"`;
  }
}

/** Drops every pair (dismissed ones too) of customers that are no longer live. */
export async function dropDuplicatePairsOf(scope: { sql: Sql; tenantId: string }, customers: readonly string[]): Promise<void> {
  if (customers.length === 0) return;
  await scope.sql`
    DELETE FROM "DuplicatePair" WHERE "tenantId" = ${scope.tenantId}
      AND ("customerA" = ANY(${customers}::uuid[]) OR "customerB" = ANY(${customers}::uuid[]))`;
}
