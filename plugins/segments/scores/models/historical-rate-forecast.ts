// The fallback forecast, for tenants whose history cannot support the fitted models: each customer is
// taken to keep buying at their own historical rate, discounted by a heuristic chance of still being
// a customer. Deliberately simple and labelled as such; no parameter is estimated.
import type { PurchaseHistory } from './bg-nbd.ts';
import { isSpendObservation } from './gamma-gamma.ts';

/** One customer's purchase history with the mean value of their repeat purchases (null without any). */
export interface CustomerPurchaseSummary extends PurchaseHistory {
  averageRepeatValue: number | null;
}

/** What the whole tenant says, for customers whose own history says nothing. */
export interface TenantPurchasePattern {
  /** Repeat purchases per time unit of customer age, all customers pooled (0 without any repeat purchase). */
  pooledRepeatRate: number;
  /** Mean of the customers' average repeat-purchase values (null when no customer has one). */
  averageRepeatValue: number | null;
}

export interface HistoricalForecast {
  expectedPurchases: number;
  /** Null when neither the customer nor the tenant has ever bought twice: nothing to judge silence by. */
  probabilityAlive: number | null;
  expectedAverageValue: number | null;
}

export function tenantPurchasePattern(customers: readonly CustomerPurchaseSummary[]): TenantPurchasePattern {
  let repeatPurchases = 0;
  let observedTime = 0;
  let valueSum = 0;
  let valueCount = 0;
  for (const customer of customers) {
    repeatPurchases += customer.x;
    observedTime += customer.T;
    const spend = { x: customer.x, averageValue: customer.averageRepeatValue };
    if (isSpendObservation(spend)) {
      valueSum += spend.averageValue;
      valueCount++;
    }
  }
  return {
    pooledRepeatRate: observedTime > 0 ? repeatPurchases / observedTime : 0,
    averageRepeatValue: valueCount > 0 ? valueSum / valueCount : null,
  };
}

/**
 * Purchases over `horizon` at the customer's own rate x/T (the tenant's pooled rate for a customer
 * first seen at the end), times the heuristic P(alive); their own mean value, else the tenant's.
 */
export function historicalForecast(customer: CustomerPurchaseSummary, horizon: number, pattern: TenantPurchasePattern): HistoricalForecast {
  const rate = customer.T > 0 ? customer.x / customer.T : pattern.pooledRepeatRate;
  const probabilityAlive = historicalProbabilityAlive(customer, pattern);
  const spend = { x: customer.x, averageValue: customer.averageRepeatValue };
  return {
    expectedPurchases: (probabilityAlive ?? 1) * rate * horizon,
    probabilityAlive,
    expectedAverageValue: isSpendObservation(spend) ? spend.averageValue : pattern.averageRepeatValue,
  };
}

/**
 * The chance that a buyer at the customer's own rate x/T (the tenant's pooled rate when x = 0) would
 * have been silent as long as they have since their last purchase: exp(−rate · (T − tx)). A heuristic
 * for recency measured in the customer's own inter-purchase time, not a posterior probability.
 */
export function historicalProbabilityAlive(customer: CustomerPurchaseSummary, pattern: TenantPurchasePattern): number | null {
  const silence = customer.T - customer.tx;
  if (silence === 0) return 1;
  const rate = customer.x > 0 ? customer.x / customer.T : pattern.pooledRepeatRate;
  if (rate === 0) return null;
  return Math.exp(-rate * silence);
}
