import { mainPurchaseCurrency, purchaseSummaries } from '../../interactions/plugin.ts';
import { readValueModel, saveRankingEdges, saveValueModel } from '../store/score-models.ts';
import { rankAllScores, rankingEdges } from '../store/score-ranks.ts';
import { blankOtherScores, upsertScores } from '../store/score-writes.ts';
import { fitTenantModels } from './models/lifetime-value.ts';
import { historyOf } from './purchase-histories.ts';
import { scoreRowsOf, type ScoringScope } from './score-rows-of.ts';
import { storedParametersOf, type StoredValueModel } from './stored-models.ts';

/** How long a tenant's scores stand before the scheduled pass refits and rescores them. */
export const RESCORE_EVERY_MS = 24 * 60 * 60_000;

/**
 * The full scoring pass of one tenant, in its transaction: fits the value models on every customer's
 * purchases in the tenant's main currency (times in days, until `now`), forecasts each customer over
 * the next 12 months, writes every customer's row (batched), ranks R, F and M over the whole tenant,
 * and stores the models with the next scheduled pass. Holds the ValueModel row, so that passes of
 * one tenant never overlap and incremental updates wait for the refit rather than mix with it.
 */
export async function scoreTenant(scope: ScoringScope, now: Date, rescoreEveryMs: number = RESCORE_EVERY_MS): Promise<StoredValueModel> {
  const { sql, runtime } = scope;
  await readValueModel(sql, 'UPDATE');
  const currency = await mainPurchaseCurrency(sql);
  const histories = currency ? (await purchaseSummaries(sql, { currency, until: now, customers: null })).map((summary) => historyOf(summary, now)) : [];
  const models = fitTenantModels(histories.map((history) => history.model));
  const rows = await scoreRowsOf(scope, models, currency, histories, now, null);
  await upsertScores(sql, rows, now);
  await blankOtherScores(sql, runtime.population, rows.map((row) => row.customerId), currency, now, scope.tenantCustomers ?? null);
  await rankAllScores(sql, runtime.population);
  const model: StoredValueModel = {
    currency,
    method: models.method,
    parameters: storedParametersOf(models),
    reason: models.method === 'FALLBACK' ? models.explanation : null,
    customers: histories.length,
    repeatBuyers: models.repeatBuyers,
    fittedAt: now,
    nextScoringAt: new Date(now.getTime() + rescoreEveryMs),
  };
  await saveValueModel(sql, model);
  await saveRankingEdges(sql, await rankingEdges(sql, now));
  return model;
}
