import type { Sql } from '../../../src/plugin-api.ts';
import { DEFAULT_LIKELY_THRESHOLD, DEFAULT_POSSIBLE_THRESHOLD, weightsWith, type MatchWeights } from '../matching/signals.ts';

/** A tenant's matching as in force: the weights (defaults with its overrides) and both thresholds. */
export interface MatchSettingsInForce {
  weights: MatchWeights;
  /** The tenant's own overrides, as stored (per signal, per level: { m, u }). */
  overrides: Record<string, Record<string, { m: number; u: number }>>;
  likely: number;
  possible: number;
  updatedAt: Date | null;
}

/** The tenant's settings, or the defaults when it never tuned them; one statement. */
export async function readMatchSettings(scope: { sql: Sql; tenantId: string }): Promise<MatchSettingsInForce> {
  const [row] = await scope.sql<{ weights: MatchSettingsInForce['overrides']; threshold: number; possibleThreshold: number; updatedAt: Date }>`
    SELECT weights, threshold, "possibleThreshold", "updatedAt" FROM "MatchSettings" WHERE "tenantId" = ${scope.tenantId}`;
  if (!row) return { weights: weightsWith({}), overrides: {}, likely: DEFAULT_LIKELY_THRESHOLD, possible: DEFAULT_POSSIBLE_THRESHOLD, updatedAt: null };
  return { weights: weightsWith(row.weights), overrides: row.weights, likely: row.threshold, possible: row.possibleThreshold, updatedAt: row.updatedAt };
}

/** Stores the tenant's overrides and thresholds (validated by the caller). */
export async function writeMatchSettings(
  scope: { sql: Sql; tenantId: string },
  settings: { overrides: MatchSettingsInForce['overrides']; likely: number; possible: number },
  now: Date,
): Promise<void> {
  await scope.sql`
    INSERT INTO "MatchSettings" ("tenantId", weights, threshold, "possibleThreshold", "updatedAt")
    VALUES (${scope.tenantId}, ${JSON.stringify(settings.overrides)}::jsonb, ${settings.likely}, ${settings.possible}, ${now})
    ON CONFLICT ("tenantId") DO UPDATE SET weights = EXCLUDED.weights, threshold = EXCLUDED.threshold,
      "possibleThreshold" = EXCLUDED."possibleThreshold", "updatedAt" = EXCLUDED."updatedAt"`;
}
