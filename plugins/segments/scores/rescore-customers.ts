import type { ActivityEvent } from '../../../src/plugin-api.ts';
import { purchaseSummaries } from '../../interactions/plugin.ts';
import { readRankingEdges, readValueModel } from '../store/score-models.ts';
import { rankScoresOf } from '../store/score-ranks.ts';
import { upsertScores } from '../store/score-writes.ts';
import { historyOf } from './purchase-histories.ts';
import { scoreRowsOf, type ScoringScope } from './score-rows-of.ts';
import { scoreTenant } from './score-tenant.ts';
import { modelsOf } from './stored-models.ts';

/**
 * Brings these customers' scores up to date after their purchases changed, from the tenant's stored
 * models (no refit): their forecast, churn risk and historical value, then their R, F and M against
 * the others as they stand. A tenant without stored models (never scored, or without a purchase
 * until now) is scored whole instead.
 */
export async function rescoreCustomers(scope: ScoringScope, customers: readonly string[], now: Date): Promise<'CUSTOMERS' | 'TENANT'> {
  const stored = await readValueModel(scope.sql, 'SHARE');
  const edges = stored?.currency ? await readRankingEdges(scope.sql) : null;
  if (!stored?.currency || !edges) {
    await scoreTenant(scope, now);
    return 'TENANT';
  }
  const summaries = await purchaseSummaries(scope.sql, { currency: stored.currency, until: now, customers });
  const histories = summaries.map((summary) => historyOf(summary, now));
  const rows = await scoreRowsOf(scope, modelsOf(stored), stored.currency, histories, now, customers);
  await upsertScores(scope.sql, rows, now);
  await rankScoresOf(scope.sql, scope.runtime.population, customers, now, edges);
  return 'CUSTOMERS';
}

/** The customers whose purchases the events changed: those of recorded PURCHASE interactions. */
export function purchasersOf(events: readonly ActivityEvent[]): string[] {
  const customers = events.flatMap((event) => (event.topic === 'interaction.recorded' && event.kind === 'PURCHASE' && event.customerId ? [event.customerId] : []));
  return [...new Set(customers)];
}

/** For the membership reaction: rescores the purchasers of a batch of events, before segments read their scores. */
export async function rescorePurchasers(scope: ScoringScope & { now: Date }, events: readonly ActivityEvent[]): Promise<void> {
  const customers = purchasersOf(events);
  if (customers.length > 0) await rescoreCustomers(scope, customers, scope.now);
}
