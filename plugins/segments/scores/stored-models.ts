import type { FallbackReason, ScoringMethod, TenantModels } from './models/lifetime-value.ts';
import type { TenantPurchasePattern } from './models/historical-rate-forecast.ts';

/** The forecast horizon of every stored score: the next 12 months, in days. */
export const HORIZON_DAYS = 365;

/** The `parameters` JSON of a ValueModel row: what a customer's forecast needs without a refit. */
export type StoredParameters =
  | {
      method: 'BG_NBD_GAMMA_GAMMA';
      timeUnit: 'DAY';
      horizonDays: number;
      purchases: { r: number; alpha: number; a: number; b: number; logLikelihood: number; iterations: number };
      spend: { p: number; q: number; gamma: number; logLikelihood: number; iterations: number };
    }
  | {
      method: 'FALLBACK';
      timeUnit: 'DAY';
      horizonDays: number;
      fallbackReason: FallbackReason;
      pattern: TenantPurchasePattern;
    };

/** A tenant's value model as stored (the ValueModel row). */
export interface StoredValueModel {
  currency: string | null;
  method: ScoringMethod;
  parameters: StoredParameters;
  /** Why the fallback was chosen, in a sentence with its figures; null for fitted models. */
  reason: string | null;
  customers: number;
  repeatBuyers: number;
  fittedAt: Date;
  nextScoringAt: Date;
}

export function storedParametersOf(models: TenantModels): StoredParameters {
  if (models.method === 'FALLBACK') {
    return { method: 'FALLBACK', timeUnit: 'DAY', horizonDays: HORIZON_DAYS, fallbackReason: models.reason, pattern: models.pattern };
  }
  const { purchases, spend } = models;
  return {
    method: 'BG_NBD_GAMMA_GAMMA',
    timeUnit: 'DAY',
    horizonDays: HORIZON_DAYS,
    purchases: { r: purchases.r, alpha: purchases.alpha, a: purchases.a, b: purchases.b, logLikelihood: purchases.logLikelihood, iterations: purchases.iterations },
    spend: { p: spend.p, q: spend.q, gamma: spend.gamma, logLikelihood: spend.logLikelihood, iterations: spend.iterations },
  };
}

/** The models a stored row describes, for forecasting one customer again without refitting. */
export function modelsOf(stored: StoredValueModel): TenantModels {
  const parameters = stored.parameters;
  if (parameters.method === 'FALLBACK') {
    return { method: 'FALLBACK', reason: parameters.fallbackReason, explanation: stored.reason ?? '', repeatBuyers: stored.repeatBuyers, pattern: parameters.pattern };
  }
  return {
    method: 'BG_NBD_GAMMA_GAMMA',
    purchases: { ...parameters.purchases, converged: true },
    spend: { ...parameters.spend, converged: true },
    repeatBuyers: stored.repeatBuyers,
  };
}
