import type { Sql } from '../../../src/plugin-api.ts';
import { purchaseTotalsByCurrency } from '../../interactions/plugin.ts';
import type { SegmentsRuntime } from '../segments-runtime.ts';
import { readChurnSignals } from '../store/score-signals.ts';
import { assessChurn, NO_SIGNALS } from './churn-risk.ts';
import { churnFacts } from './churn-signals.ts';
import { forecastCustomerValue, type TenantModels } from './models/lifetime-value.ts';
import type { CustomerHistory } from './purchase-histories.ts';
import type { ScoreRow } from './score-rows.ts';
import { HORIZON_DAYS } from './stored-models.ts';

/** Where a scoring pass works: the tenant's transaction and the facts it reads churn signals through. */
export interface ScoringScope {
  sql: Sql;
  runtime: SegmentsRuntime;
  /**
   * The tenant's customers, named, for a seed: it may run as a role that Row-Level Security does
   * not hold to the tenant, and the customer population leaves the tenant to it.
   */
  tenantCustomers?: readonly string[];
}

/**
 * The rows of the customers with any purchase (of `customers`, or everyone; every one of
 * `customers` gets a row): their forecast from the tenant's models, their churn risk with its
 * reasons, and what they spent per currency. Two statements: the totals and the churn signals.
 */
export async function scoreRowsOf(
  scope: ScoringScope,
  models: TenantModels,
  currency: string | null,
  histories: readonly CustomerHistory[],
  now: Date,
  customers: readonly string[] | null,
): Promise<ScoreRow[]> {
  const totals = await purchaseTotalsByCurrency(scope.sql, customers);
  const signals = await readChurnSignals(scope.sql, scope.runtime.population, churnFacts(scope.runtime.facts), now, customers ?? scope.tenantCustomers ?? null);
  const spent = new Map<string, Record<string, string>>();
  for (const total of totals) spent.set(total.customerId, { ...spent.get(total.customerId), [total.currency]: total.total });
  const byCustomer = new Map(histories.map((history) => [history.customerId, history]));
  const ids = new Set([...(customers ?? []), ...byCustomer.keys(), ...spent.keys()]);
  return [...ids].map((customerId): ScoreRow => {
    const history = byCustomer.get(customerId);
    const historicalValue = spent.get(customerId) ?? {};
    if (!history) {
      return {
        customerId, recencyDays: null, purchases: 0, monetaryValue: '0', currency, historicalValue,
        predictedPurchases: null, predictedValue: null, probabilityAlive: null, churnRisk: null, churnReasons: [], method: null,
      };
    }
    const forecast = forecastCustomerValue(models, history.model, HORIZON_DAYS);
    const churn = assessChurn({ probabilityAlive: forecast.probabilityAlive, purchases: history.purchases, recencyDays: history.recencyDays }, signals.get(customerId) ?? NO_SIGNALS, now);
    return {
      customerId,
      recencyDays: history.recencyDays,
      purchases: history.purchases,
      monetaryValue: history.total,
      currency,
      historicalValue,
      predictedPurchases: forecast.expectedPurchases,
      predictedValue: forecast.predictedValue.toFixed(2),
      probabilityAlive: forecast.probabilityAlive,
      churnRisk: churn.churnRisk,
      churnReasons: churn.reasons,
      method: models.method,
    };
  });
}
