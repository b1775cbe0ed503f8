// The Gamma-Gamma model of spend per purchase (Fader & Hardie 2013, "The Gamma-Gamma model of monetary
// value"): a customer's purchase values are Gamma(p, ν) with ν ~ Gamma(q, γ) across customers, and
// independent of how often they buy. Fitted on repeat purchases only, as in the note's CDNOW example,
// so that the spend model describes the same purchases the BG/NBD model counts.
import gammaln from '@stdlib/math-base-special-gammaln';
import { maximizeLikelihood, type FitOptions } from './maximum-likelihood.ts';

export interface GammaGammaParameters {
  /** Shape of each purchase's value given the customer. */
  p: number;
  /** Shape of the customers' rate ν. */
  q: number;
  /** Rate of the customers' rate ν, in money units. */
  gamma: number;
}

/** One customer's repeat purchases, for the spend model. */
export interface SpendHistory {
  /** Repeat purchases (after the first). */
  x: number;
  /** Mean value of those purchases; null, or anything, when x is 0. */
  averageValue: number | null;
}

export interface GammaGammaFit extends GammaGammaParameters {
  logLikelihood: number;
  iterations: number;
  converged: boolean;
}

/** Customers the spend model can be fitted on: at least one repeat purchase, of positive mean value. */
export function isSpendObservation(customer: SpendHistory): customer is SpendHistory & { averageValue: number } {
  return customer.x >= 1 && customer.averageValue !== null && customer.averageValue > 0 && Number.isFinite(customer.averageValue);
}

/** The log-likelihood of the customers' mean values under the parameters (eq. 1a of the note, summed). */
export function gammaGammaLogLikelihood(parameters: GammaGammaParameters, customers: readonly SpendHistory[]): number {
  const { p, q, gamma } = parameters;
  const constant = q * Math.log(gamma) - gammaln(q);
  let total = 0;
  for (const customer of customers) {
    if (!isSpendObservation(customer)) continue;
    const { x, averageValue: m } = customer;
    const px = p * x;
    total += gammaln(px + q) - gammaln(px) + constant + (px - 1) * Math.log(m) + px * Math.log(x) - (px + q) * Math.log(gamma + m * x);
  }
  return total;
}

/** Fits p, q, γ by maximum likelihood on the customers with repeat purchases of positive mean value. */
export function fitGammaGamma(customers: readonly SpendHistory[], options: FitOptions = {}): GammaGammaFit {
  const observations = customers.filter(isSpendObservation);
  const meanValue = observations.reduce((sum, customer) => sum + customer.averageValue, 0) / Math.max(observations.length, 1);
  // p = 1, q = 2 make the population mean p γ/(q − 1) equal γ: start it at the observed mean.
  const fit = maximizeLikelihood(
    ([p, q, gamma]) => gammaGammaLogLikelihood({ p: p!, q: q!, gamma: gamma! }, observations),
    [1, 2, meanValue > 0 ? meanValue : 1],
    options,
  );
  const [p, q, gamma] = fit.parameters as [number, number, number];
  return { p, q, gamma, logLikelihood: fit.logLikelihood, iterations: fit.iterations, converged: fit.converged };
}

/** Whether the population's mean spend p γ/(q − 1) is finite: it needs q > 1. */
export function hasFiniteMeanValue(parameters: GammaGammaParameters): boolean {
  return parameters.q > 1;
}

/**
 * E[value of a purchase | x, mean value] (eq. 5 of the note): a weighted mean of the population's
 * mean p γ/(q − 1) and the customer's own, weighted p x/(p x + q − 1) towards their own. A customer
 * without a repeat purchase of positive value gets the population's mean.
 */
export function expectedAverageValue(parameters: GammaGammaParameters, customer: SpendHistory): number {
  const { p, q, gamma } = parameters;
  if (!hasFiniteMeanValue(parameters)) throw new RangeError(`q = ${q} ≤ 1: the spend model has no finite mean`);
  const populationMean = (p * gamma) / (q - 1);
  if (!isSpendObservation(customer)) return populationMean;
  const ownWeight = (p * customer.x) / (p * customer.x + q - 1);
  return (1 - ownWeight) * populationMean + ownWeight * customer.averageValue;
}
