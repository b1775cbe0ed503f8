import type { Sql } from '../../../src/plugin-api.ts';
import { comparePairs, type CandidateSource } from '../store/match-candidates.ts';
import { lockTenantMatching } from '../store/match-lock.ts';
import { dropDuplicatePairsOf, replaceDuplicatePairs, type ScoredDuplicatePair } from '../store/duplicate-pairs.ts';
import { analyzeMatchProfiles, rebuildMatchProfiles, refreshMatchProfiles } from '../store/match-profiles.ts';
import { readMatchSettings } from '../store/match-settings.ts';
import { scorePair } from './score-pair.ts';

export interface MaintenanceScope {
  sql: Sql;
  tenantId: string;
  now: Date;
}

/** What a pass did: profiles written, candidate pairs compared, pairs kept (at or above the possible threshold). */
export interface MaintenanceSummary {
  profiles: number;
  compared: number;
  kept: number;
}

/** Compares and scores the source's candidate pairs; keeps those from the possible threshold. */
async function scoredPairs(scope: MaintenanceScope, source: CandidateSource): Promise<{ compared: number; kept: ScoredDuplicatePair[] }> {
  const settings = await readMatchSettings(scope);
  const compared = await comparePairs(scope, source);
  const kept: ScoredDuplicatePair[] = [];
  for (const pair of compared) {
    const scored = scorePair(pair, settings.weights);
    if (scored.score >= settings.possible) kept.push({ customerA: pair.left, customerB: pair.right, ...scored });
  }
  return { compared: compared.length, kept };
}

/**
 * Every match profile and every pair of the tenant computed again (the seed; after the tenant
 * changes its weights): a constant number of statements whatever its size. `analyze` (the seed,
 * as the tables' owner) refreshes the profiles' planner statistics once they are written.
 */
export async function rebuildTenantMatches(scope: MaintenanceScope, options: { analyze?: boolean } = {}): Promise<MaintenanceSummary> {
  await lockTenantMatching(scope);
  const profiles = await rebuildMatchProfiles(scope, scope.now);
  // A seed fills an empty table: without statistics the comparison would be planned for none.
  if (options.analyze) await analyzeMatchProfiles(scope.sql);
  const { compared, kept } = await scoredPairs(scope, { kind: 'tenant' });
  await replaceDuplicatePairs(scope, null, kept, scope.now);
  return { profiles, compared, kept: kept.length };
}

/**
 * The profiles of `customerIds` brought up to date, and the pairs of those whose keys changed
 * computed again; customers no longer live leave with their pairs. A few statements per batch.
 */
export async function refreshCustomerMatches(scope: MaintenanceScope, customerIds: readonly string[]): Promise<MaintenanceSummary> {
  await lockTenantMatching(scope);
  const { changed, removed } = await refreshMatchProfiles(scope, [...new Set(customerIds)], scope.now);
  await dropDuplicatePairsOf(scope, removed);
  if (changed.length === 0) return { profiles: 0, compared: 0, kept: 0 };
  const { compared, kept } = await scoredPairs(scope, { kind: 'customers', customerIds: changed });
  await replaceDuplicatePairs(scope, changed, kept, scope.now);
  return { profiles: changed.length, compared, kept: kept.length };
}
