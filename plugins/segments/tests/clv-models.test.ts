import { describe, expect, it } from 'vitest';
import { bgNbdLogLikelihood, expectedPurchases, fitBgNbd, probabilityAlive, type BgNbdParameters, type PurchaseHistory } from '../scores/models/bg-nbd.ts';
import { expectedAverageValue, fitGammaGamma, gammaGammaLogLikelihood, type GammaGammaParameters, type SpendHistory } from '../scores/models/gamma-gamma.ts';
import { fitTenantModels, forecastCustomerValue, MIN_REPEAT_BUYERS, type CustomerPurchaseSummary } from '../scores/models/lifetime-value.ts';
import { ModelRandom } from './support-random.ts';

// The lifetime-value models against the published CDNOW figures, against their definitions integrated
// numerically (no formula of the models is reused here), and fitted to customers simulated from known
// parameters. Pure: no database, no clock, seeded randomness.

/** Fader, Hardie & Lee (2005), CDNOW, in weeks. */
const cdnow: BgNbdParameters = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
/** Fader & Hardie (2013), CDNOW. */
const cdnowSpend: GammaGammaParameters = { p: 6.25, q: 3.74, gamma: 15.44 };

describe('BG/NBD conditional expectations', () => {
  it('reproduces the published forecast: 1.226 purchases in 39 weeks for x = 2, tx = 30.43, T = 38.86', () => {
    expect(expectedPurchases(cdnow, 39, { x: 2, tx: 30.43, T: 38.86 })).toBeCloseTo(1.226, 3);
  });

  const customers: [string, BgNbdParameters, number, PurchaseHistory][] = [
    ['the published CDNOW customer', cdnow, 39, { x: 2, tx: 30.43, T: 38.86 }],
    ['a CDNOW customer who never came back', cdnow, 39, { x: 0, tx: 0, T: 38.86 }],
    ['a frequent CDNOW customer', cdnow, 39, { x: 7, tx: 35.14, T: 38.86 }],
    ['a CDNOW customer silent for a year', cdnow, 52, { x: 1, tx: 2.29, T: 52 }],
    ['a customer in days', { r: 0.25, alpha: 4, a: 0.8, b: 2.5 }, 365, { x: 12, tx: 300, T: 420 }],
    // The next three take the integral path of the implementation rather than ₂F₁.
    ['a customer at a = 1, the formula’s removable singularity', { r: 0.7, alpha: 30, a: 1, b: 3 }, 365, { x: 4, tx: 100, T: 200 }],
    ['a new customer where Cephes’ ₂F₁ overflows (a = 120)', { r: 2, alpha: 60, a: 120, b: 40 }, 365, { x: 0, tx: 0, T: 0 }],
    ['a customer with a large b', { r: 2, alpha: 60, a: 3, b: 2_000 }, 365, { x: 5, tx: 150, T: 200 }],
  ];
  it.each(customers)('match the posterior integrated numerically for %s', (_, parameters, t, customer) => {
    const integrated = integratePosterior(parameters, t, customer);
    expect(relativeError(expectedPurchases(parameters, t, customer), integrated.expectedPurchases)).toBeLessThan(1e-6);
    expect(relativeError(probabilityAlive(parameters, customer), integrated.probabilityAlive)).toBeLessThan(1e-6);
  });

  it('expects nothing over no time and rejects histories SQL should never produce', () => {
    expect(expectedPurchases(cdnow, 0, { x: 2, tx: 30, T: 38 })).toBe(0);
    expect(() => expectedPurchases(cdnow, 39, { x: 2, tx: 40, T: 38 })).toThrow(RangeError);
    expect(() => probabilityAlive(cdnow, { x: 0, tx: 5, T: 38 })).toThrow(RangeError);
  });
});

describe('Gamma-Gamma conditional expectation', () => {
  const spenders: [string, SpendHistory][] = [
    ['one repeat purchase of 20', { x: 1, averageValue: 20 }],
    ['six repeat purchases averaging 80', { x: 6, averageValue: 80 }],
    ['no repeat purchase: the population mean', { x: 0, averageValue: null }],
  ];
  it.each(spenders)('matches the posterior mean integrated numerically for %s (CDNOW parameters)', (_, customer) => {
    expect(relativeError(expectedAverageValue(cdnowSpend, customer), integrateSpendPosterior(cdnowSpend, customer))).toBeLessThan(1e-7);
  });
});

// Tolerance of the recovery tests: a maximum-likelihood estimate is asymptotically normal around the
// truth with the inverse observed information as covariance. Each log-parameter must lie within 4
// standard errors of the truth (a correct fit fails that with probability 6e-5 per parameter and seed),
// and those standard errors must be those of a well-determined fit (below MAX_LOG_STANDARD_ERROR), so a
// flat or wrong likelihood cannot pass by inflating them. Three seeds guard against a lucky one.
const STANDARD_ERRORS_ALLOWED = 4;
const MAX_LOG_STANDARD_ERROR = 0.2;
const SEEDS = [11, 23, 37];

describe('fitting customers simulated from known parameters', () => {
  const truth: BgNbdParameters = { r: 0.25, alpha: 4, a: 0.8, b: 2.5 };
  const spendTruth: GammaGammaParameters = { p: 6, q: 4, gamma: 15 };

  it.each(SEEDS)('recovers r = 0.25, α = 4, a = 0.8, b = 2.5 from 5,000 customers in days (seed %i)', (seed) => {
    const customers = simulateCustomers(seed, 5_000, truth, spendTruth);
    const fit = fitBgNbd(customers);
    expect(fit.converged).toBe(true);
    const names = ['r', 'alpha', 'a', 'b'] as const;
    const logFit = names.map((name) => Math.log(fit[name]));
    const negativeLogLikelihood = (logParameters: readonly number[]) =>
      -bgNbdLogLikelihood({ r: Math.exp(logParameters[0]!), alpha: Math.exp(logParameters[1]!), a: Math.exp(logParameters[2]!), b: Math.exp(logParameters[3]!) }, customers);
    const standardErrors = standardErrorsAt(negativeLogLikelihood, logFit);
    names.forEach((name, index) => {
      expect(standardErrors[index]).toBeLessThan(MAX_LOG_STANDARD_ERROR);
      expect(Math.abs(logFit[index]! - Math.log(truth[name]))).toBeLessThan(STANDARD_ERRORS_ALLOWED * standardErrors[index]!);
    });
    expect(fit.logLikelihood).toBeCloseTo(bgNbdLogLikelihood(fit, customers), 9);
    expect(fit.logLikelihood).toBeGreaterThan(bgNbdLogLikelihood(truth, customers));
  });

  it.each(SEEDS)('recovers p = 6, q = 4, γ = 15 from the repeat buyers among them (seed %i)', (seed) => {
    const spenders = simulateCustomers(seed, 5_000, truth, spendTruth).map((customer) => ({ x: customer.x, averageValue: customer.averageRepeatValue }));
    const fit = fitGammaGamma(spenders);
    expect(fit.converged).toBe(true);
    const names = ['p', 'q', 'gamma'] as const;
    const logFit = names.map((name) => Math.log(fit[name]));
    const negativeLogLikelihood = (logParameters: readonly number[]) =>
      -gammaGammaLogLikelihood({ p: Math.exp(logParameters[0]!), q: Math.exp(logParameters[1]!), gamma: Math.exp(logParameters[2]!) }, spenders);
    const standardErrors = standardErrorsAt(negativeLogLikelihood, logFit);
    names.forEach((name, index) => {
      expect(standardErrors[index]).toBeLessThan(MAX_LOG_STANDARD_ERROR);
      expect(Math.abs(logFit[index]! - Math.log(spendTruth[name]))).toBeLessThan(STANDARD_ERRORS_ALLOWED * standardErrors[index]!);
    });
    expect(fit.logLikelihood).toBeGreaterThan(gammaGammaLogLikelihood(spendTruth, spenders));
  });
});

describe('a tenant’s models', () => {
  const truth: BgNbdParameters = { r: 0.25, alpha: 4, a: 0.8, b: 2.5 };
  const spendTruth: GammaGammaParameters = { p: 6, q: 4, gamma: 15 };

  it('fits BG/NBD and Gamma-Gamma for a tenant with enough repeat buyers, and forecasts with them', () => {
    const customers = simulateCustomers(5, 2_000, truth, spendTruth);
    const models = fitTenantModels(customers);
    if (models.method !== 'BG_NBD_GAMMA_GAMMA') throw new Error(`expected the fitted models, got ${models.reason}: ${models.explanation}`);
    expect(models.repeatBuyers).toBe(customers.filter((customer) => customer.x > 0).length);

    const regular = { x: 9, tx: 250, T: 300, averageRepeatValue: 42 };
    const forecast = forecastCustomerValue(models, regular);
    expect(forecast.expectedPurchases).toBe(expectedPurchases(models.purchases, 365, regular));
    expect(forecast.probabilityAlive).toBe(probabilityAlive(models.purchases, regular));
    expect(forecast.expectedAverageValue).toBe(expectedAverageValue(models.spend, { x: 9, averageValue: 42 }));
    expect(forecast.predictedValue).toBeCloseTo(forecast.expectedPurchases * forecast.expectedAverageValue!, 9);
    // Shrunk towards the population's mean spend (p γ/(q − 1) ≈ 30) from the customer's own 42.
    expect(forecast.expectedAverageValue).toBeGreaterThan(30);
    expect(forecast.expectedAverageValue).toBeLessThan(42);
    // A customer with the same purchases who then went silent is forecast to be worth less.
    const lapsed = { ...regular, tx: 60 };
    expect(forecastCustomerValue(models, lapsed).predictedValue).toBeLessThan(forecast.predictedValue / 2);
    expect(forecastCustomerValue(models, regular, 730).expectedPurchases).toBeGreaterThan(forecast.expectedPurchases);
  });

  it(`falls back when fewer than ${MIN_REPEAT_BUYERS} customers bought again, says why, and forecasts from each one's own rate`, () => {
    const oneTimers = Array.from({ length: 40 }, (_, index) => ({ x: 0, tx: 0, T: 100 + index, averageRepeatValue: null }));
    const repeaters = Array.from({ length: MIN_REPEAT_BUYERS - 1 }, (_, index) => ({ x: 1 + (index % 4), tx: 50 + index, T: 200, averageRepeatValue: 10 + index }));
    const customers: CustomerPurchaseSummary[] = [...oneTimers, ...repeaters];
    const models = fitTenantModels(customers);
    if (models.method !== 'FALLBACK') throw new Error('expected the fallback');
    expect(models.reason).toBe('TOO_FEW_REPEAT_BUYERS');
    expect(models.repeatBuyers).toBe(MIN_REPEAT_BUYERS - 1);
    expect(models.explanation).toContain(`${MIN_REPEAT_BUYERS - 1} of ${customers.length} customers`);
    expect(models.explanation).toContain(`at least ${MIN_REPEAT_BUYERS}`);

    // 3 repeat purchases in 200 days, the last 80 days ago: the rate is 3/200 a day.
    const buyer = { x: 3, tx: 120, T: 200, averageRepeatValue: 25 };
    const stillBuying = Math.exp(-(3 / 200) * 80);
    const forecast = forecastCustomerValue(models, buyer);
    expect(forecast.probabilityAlive).toBeCloseTo(stillBuying, 12);
    expect(forecast.expectedPurchases).toBeCloseTo(stillBuying * (3 / 200) * 365, 12);
    expect(forecast.expectedAverageValue).toBe(25);
    expect(forecast.predictedValue).toBeCloseTo(stillBuying * (3 / 200) * 365 * 25, 10);

    // A one-time buyer is judged by the tenant's pooled repeat rate and forecast to buy nothing.
    const pooledRate = customers.reduce((sum, customer) => sum + customer.x, 0) / customers.reduce((sum, customer) => sum + customer.T, 0);
    const oneTimer = forecastCustomerValue(models, { x: 0, tx: 0, T: 150, averageRepeatValue: null });
    expect(oneTimer.probabilityAlive).toBeCloseTo(Math.exp(-pooledRate * 150), 12);
    expect(oneTimer.predictedValue).toBe(0);
  });

  it('falls back without a P(alive) when no customer ever bought twice', () => {
    const models = fitTenantModels([{ x: 0, tx: 0, T: 30, averageRepeatValue: null }]);
    expect(models.method).toBe('FALLBACK');
    expect(forecastCustomerValue(models, { x: 0, tx: 0, T: 30, averageRepeatValue: null })).toEqual({
      expectedPurchases: 0,
      probabilityAlive: null,
      expectedAverageValue: null,
      predictedValue: 0,
    });
  });

  it('falls back, saying so, when the fit does not converge', () => {
    const customers = simulateCustomers(5, 500, truth, spendTruth);
    const models = fitTenantModels(customers, { maxIterations: 20 });
    if (models.method !== 'FALLBACK') throw new Error('expected the fallback');
    expect(models.reason).toBe('FIT_DID_NOT_CONVERGE');
    expect(models.explanation).toMatch(/BG\/NBD fit did not converge/);
  });
});

/** Customers of a BG/NBD and Gamma-Gamma world: first purchase at 0, observed 180 to 540 days. */
function simulateCustomers(seed: number, count: number, purchases: BgNbdParameters, spend: GammaGammaParameters): CustomerPurchaseSummary[] {
  const random = new ModelRandom(seed);
  return Array.from({ length: count }, () => {
    const rate = random.gamma(purchases.r, purchases.alpha);
    const dropout = random.beta(purchases.a, purchases.b);
    const spendRate = random.gamma(spend.q, spend.gamma);
    const T = random.int(180, 540);
    let now = 0;
    let x = 0;
    let tx = 0;
    let spent = 0;
    for (;;) {
      const wait = random.exponential(1 / rate);
      if (now + wait > T) break;
      now += wait;
      x++;
      tx = now;
      spent += random.gamma(spend.p, spendRate);
      if (random.chance(dropout)) break;
    }
    return { x, tx, T, averageRepeatValue: x > 0 ? spent / x : null };
  });
}

/**
 * P(alive) and E[Y(t)] from the model's definition: rates λ ~ Gamma(r, α), dropout p ~ Beta(a, b); the
 * history's likelihood is (1−p)^x λ^x e^{−λT} alive, plus p(1−p)^{x−1} λ^x e^{−λ tx} dropped out after
 * the last purchase; an alive customer buys (1/p)(1 − e^{−λpt}) times in expectation in t. Integrated
 * over (λ, p) by Simpson's rule, after substituting λ = Λ s^(1/r), p = P u^(1/a) where a shape is below
 * 1 so that the densities' singularities at 0 vanish.
 */
function integratePosterior({ r, alpha, a, b }: BgNbdParameters, t: number, { x, tx, T }: PurchaseHistory) {
  if (b < 1) throw new Error('this reference integrates b ≥ 1 only');
  const lambdaMax = (x + r + 12 * Math.sqrt(x + r) + 40) / alpha;
  const pMean = a / (a + b);
  const pMax = Math.min(1, pMean + 40 * Math.sqrt((a * b) / ((a + b) ** 2 * (a + b + 1))));
  const lambdaPower = r < 1 ? 1 / r : 1;
  const pPower = a < 1 ? 1 / a : 1;
  let alive = 0;
  let total = 0;
  let future = 0;
  const steps = 2_000;
  for (let i = 0; i <= steps; i++) {
    const s = i / steps;
    const lambda = lambdaMax * s ** lambdaPower;
    // Gamma density × dλ/ds, up to a constant factor.
    const lambdaWeight = (r < 1 ? 1 : lambda ** (r - 1)) * Math.exp(-alpha * lambda) * simpsonWeight(i, steps);
    if (lambdaWeight === 0) continue;
    for (let j = 0; j <= steps; j++) {
      const u = j / steps;
      const p = pMax * u ** pPower;
      const pWeight = (a < 1 ? 1 : p ** (a - 1)) * (1 - p) ** (b - 1) * simpsonWeight(j, steps);
      if (pWeight === 0) continue;
      const weight = lambdaWeight * pWeight;
      const stayed = (1 - p) ** x * lambda ** x * Math.exp(-lambda * T);
      const dropped = x > 0 ? p * (1 - p) ** (x - 1) * lambda ** x * Math.exp(-lambda * tx) : 0;
      const purchasesIfAlive = p > 0 ? -Math.expm1(-lambda * p * t) / p : lambda * t;
      alive += weight * stayed;
      total += weight * (stayed + dropped);
      future += weight * stayed * purchasesIfAlive;
    }
  }
  return { probabilityAlive: alive / total, expectedPurchases: future / total };
}

/**
 * E[value of a purchase | x, mean m] from the model's definition: values Gamma(p, ν), ν ~ Gamma(q, γ),
 * so ν's posterior is ∝ ν^(q−1) e^{−γν} · ν^(px) e^{−ν x m}, and a purchase's mean value is p/ν.
 * Integrated over ν by Simpson's rule, in logarithms for range.
 */
function integrateSpendPosterior({ p, q, gamma }: GammaGammaParameters, { x, averageValue }: SpendHistory): number {
  const spent = x > 0 ? x * averageValue! : 0;
  const shape = q + p * x;
  const rate = gamma + spent;
  const nuMax = (shape + 12 * Math.sqrt(shape) + 40) / rate;
  const steps = 20_000;
  const logDensity = (nu: number) => (shape - 1) * Math.log(nu) - rate * nu;
  const peak = logDensity((shape - 1) / rate);
  let mass = 0;
  let mean = 0;
  for (let i = 1; i <= steps; i++) {
    const nu = (nuMax * i) / steps;
    const weight = Math.exp(logDensity(nu) - peak) * simpsonWeight(i, steps);
    mass += weight;
    mean += weight * (p / nu);
  }
  return mean / mass;
}

function simpsonWeight(index: number, steps: number): number {
  if (index === 0 || index === steps) return 1;
  return index % 2 === 1 ? 4 : 2;
}

/** Standard errors from the observed information: the inverse Hessian of the negative log-likelihood. */
function standardErrorsAt(negativeLogLikelihood: (point: readonly number[]) => number, at: readonly number[]): number[] {
  const h = 1e-3;
  const size = at.length;
  const shifted = (i: number, di: number, j: number, dj: number) => {
    const point = [...at];
    point[i]! += di;
    point[j]! += dj;
    return negativeLogLikelihood(point);
  };
  const hessian = Array.from({ length: size }, (_, i) =>
    Array.from({ length: size }, (_, j) => (shifted(i, h, j, h) - shifted(i, h, j, -h) - shifted(i, -h, j, h) + shifted(i, -h, j, -h)) / (4 * h * h)),
  );
  const inverse = invert(hessian);
  return inverse.map((row, index) => Math.sqrt(row[index]!));
}

/** Gauss–Jordan elimination with partial pivoting. */
function invert(matrix: readonly (readonly number[])[]): number[][] {
  const size = matrix.length;
  const rows = matrix.map((row, i) => [...row, ...Array.from({ length: size }, (_, j) => (i === j ? 1 : 0))]);
  for (let column = 0; column < size; column++) {
    let pivot = column;
    for (let row = column + 1; row < size; row++) if (Math.abs(rows[row]![column]!) > Math.abs(rows[pivot]![column]!)) pivot = row;
    [rows[column], rows[pivot]] = [rows[pivot]!, rows[column]!];
    const divisor = rows[column]![column]!;
    rows[column] = rows[column]!.map((value) => value / divisor);
    for (let row = 0; row < size; row++) {
      if (row === column) continue;
      const factor = rows[row]![column]!;
      rows[row] = rows[row]!.map((value, k) => value - factor * rows[column]![k]!);
    }
  }
  return rows.map((row) => row.slice(size));
}

function relativeError(actual: number, expected: number): number {
  return Math.abs(actual - expected) / Math.abs(expected);
}
