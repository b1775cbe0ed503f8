// A tenant's lifetime-value models, and each customer's forecast from them: BG/NBD for how many
// purchases, Gamma-Gamma for their value, fitted on the tenant's own customers; or, where that history
// cannot support them, the labelled historical-rate fallback, with the reason. Times are in days.
import { expectedPurchases, fitBgNbd, probabilityAlive, type BgNbdFit } from './bg-nbd.ts';
import { expectedAverageValue, fitGammaGamma, hasFiniteMeanValue, isSpendObservation, type GammaGammaFit } from './gamma-gamma.ts';
import {
  historicalForecast,
  tenantPurchasePattern,
  type CustomerPurchaseSummary,
  type TenantPurchasePattern,
} from './historical-rate-forecast.ts';
import type { FitOptions } from './maximum-likelihood.ts';

export type { CustomerPurchaseSummary } from './historical-rate-forecast.ts';

/** The forecast horizon unless one is given: a year, in days. */
export const DEFAULT_HORIZON_DAYS = 365;

/**
 * Fewer customers with a repeat purchase of positive value than this, and the models are not fitted:
 * Gamma-Gamma is fitted on them alone, and BG/NBD sees dropout only through them. In simulated tenants
 * below it, most fits run off to a limit or do not converge; from it on most pass, and those forecast at
 * least as well as the fallback (figures in docs/decisions/2026-12-07-lifetime-value-models.md).
 */
export const MIN_REPEAT_BUYERS = 20;

/**
 * Bounds on the fitted shape parameters (r, a, b, p, q), which have no unit: beyond them the fit has
 * run towards a limit the model reaches only at 0 or infinity (a common purchase rate, a common dropout
 * probability …), where the likelihood is flat and the parameters the optimizer stops at mean nothing.
 * The scale parameters α and γ carry the units of time and money and only need to be finite.
 */
export const SHAPE_RANGE = { min: 1e-3, max: 1e6 };

export type ScoringMethod = 'BG_NBD_GAMMA_GAMMA' | 'FALLBACK';

/** Why a tenant's customers are scored by the fallback. */
export type FallbackReason = 'TOO_FEW_REPEAT_BUYERS' | 'FIT_DID_NOT_CONVERGE' | 'DEGENERATE_PARAMETERS' | 'NO_FINITE_MEAN_VALUE';

export interface FittedTenantModels {
  method: 'BG_NBD_GAMMA_GAMMA';
  purchases: BgNbdFit;
  spend: GammaGammaFit;
  /** Customers with a repeat purchase of positive value: those the spend model was fitted on. */
  repeatBuyers: number;
}

export interface FallbackTenantModels {
  method: 'FALLBACK';
  reason: FallbackReason;
  /** One sentence with the figures behind the reason, for logs and for whoever reads the scores. */
  explanation: string;
  repeatBuyers: number;
  pattern: TenantPurchasePattern;
}

export type TenantModels = FittedTenantModels | FallbackTenantModels;

export interface TenantModelOptions extends FitOptions {
  /** Default MIN_REPEAT_BUYERS. */
  minRepeatBuyers?: number;
}

export interface CustomerValueForecast {
  /** Purchases expected over the horizon. */
  expectedPurchases: number;
  /** Probability that the customer is still a customer (null when the fallback has nothing to judge by). */
  probabilityAlive: number | null;
  /** Expected value of one purchase (null when the fallback has no purchase value to go by). */
  expectedAverageValue: number | null;
  /** expectedPurchases × expectedAverageValue: the value expected over the horizon. */
  predictedValue: number;
}

/** Fits the tenant's models from all its customers' summaries, or decides the fallback and says why. */
export function fitTenantModels(customers: readonly CustomerPurchaseSummary[], options: TenantModelOptions = {}): TenantModels {
  const minRepeatBuyers = options.minRepeatBuyers ?? MIN_REPEAT_BUYERS;
  const spendHistories = customers.map((customer) => ({ x: customer.x, averageValue: customer.averageRepeatValue }));
  const repeatBuyers = spendHistories.filter(isSpendObservation).length;
  const fallback = (reason: FallbackReason, explanation: string): FallbackTenantModels => ({
    method: 'FALLBACK',
    reason,
    explanation,
    repeatBuyers,
    pattern: tenantPurchasePattern(customers),
  });

  if (repeatBuyers < minRepeatBuyers) {
    return fallback(
      'TOO_FEW_REPEAT_BUYERS',
      `${repeatBuyers} of ${customers.length} customers have a repeat purchase of positive value; the models need at least ${minRepeatBuyers}.`,
    );
  }
  const purchases = fitBgNbd(customers, options);
  if (!purchases.converged) {
    return fallback('FIT_DID_NOT_CONVERGE', `The BG/NBD fit did not converge in ${purchases.iterations} iterations.`);
  }
  const purchaseParameters = { r: purchases.r, alpha: purchases.alpha, a: purchases.a, b: purchases.b };
  if (!isUsable([purchases.r, purchases.a, purchases.b], [purchases.alpha])) {
    return fallback('DEGENERATE_PARAMETERS', `The BG/NBD fit ran off towards a limit of the model: ${describe(purchaseParameters)}.`);
  }
  const spend = fitGammaGamma(spendHistories, options);
  if (!spend.converged) {
    return fallback('FIT_DID_NOT_CONVERGE', `The Gamma-Gamma fit did not converge in ${spend.iterations} iterations.`);
  }
  const spendParameters = { p: spend.p, q: spend.q, gamma: spend.gamma };
  if (!isUsable([spend.p, spend.q], [spend.gamma])) {
    return fallback('DEGENERATE_PARAMETERS', `The Gamma-Gamma fit ran off towards a limit of the model: ${describe(spendParameters)}.`);
  }
  if (!hasFiniteMeanValue(spend)) {
    return fallback('NO_FINITE_MEAN_VALUE', `The Gamma-Gamma fit has q = ${spend.q.toPrecision(4)} ≤ 1, so its mean purchase value is infinite.`);
  }
  return { method: 'BG_NBD_GAMMA_GAMMA', purchases, spend, repeatBuyers };
}

/** One customer's forecast over `horizonDays` from the tenant's models. */
export function forecastCustomerValue(
  models: TenantModels,
  customer: CustomerPurchaseSummary,
  horizonDays: number = DEFAULT_HORIZON_DAYS,
): CustomerValueForecast {
  if (models.method === 'FALLBACK') {
    const forecast = historicalForecast(customer, horizonDays, models.pattern);
    return { ...forecast, predictedValue: forecast.expectedPurchases * (forecast.expectedAverageValue ?? 0) };
  }
  const purchases = expectedPurchases(models.purchases, horizonDays, customer);
  const averageValue = expectedAverageValue(models.spend, { x: customer.x, averageValue: customer.averageRepeatValue });
  return {
    expectedPurchases: purchases,
    probabilityAlive: probabilityAlive(models.purchases, customer),
    expectedAverageValue: averageValue,
    predictedValue: purchases * averageValue,
  };
}

function isUsable(shapes: readonly number[], scales: readonly number[]): boolean {
  return (
    shapes.every((shape) => shape >= SHAPE_RANGE.min && shape <= SHAPE_RANGE.max) &&
    scales.every((scale) => Number.isFinite(scale) && scale > 0)
  );
}

function describe(parameters: Readonly<Record<string, number>>): string {
  return Object.entries(parameters)
    .map(([name, value]) => `${name} = ${value.toPrecision(4)}`)
    .join(', ');
}
