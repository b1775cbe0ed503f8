// The BG/NBD model of repeat purchasing (Fader, Hardie & Lee 2005, "'Counting your customers' the
// easy way: an alternative to the Pareto/NBD model", Marketing Science 24(2)). While alive, a customer
// buys as a Poisson process of rate λ ~ Gamma(r, α); after each repeat purchase they drop out with
// probability p ~ Beta(a, b). Times may be in any unit, the same for every argument; the segments
// plugin uses days.
import betaln from '@stdlib/math-base-special-betaln';
import gammaln from '@stdlib/math-base-special-gammaln';
import { expectedPurchasesIfAlive } from './bg-nbd-expectation.ts';
import { maximizeLikelihood, type FitOptions } from './maximum-likelihood.ts';

export interface BgNbdParameters {
  /** Shape of the purchase rates' gamma distribution. */
  r: number;
  /** Rate (inverse scale, in time units) of the purchase rates' gamma distribution. */
  alpha: number;
  /** First shape of the dropout probabilities' beta distribution. */
  a: number;
  /** Second shape of the dropout probabilities' beta distribution. */
  b: number;
}

/** One customer's purchases, the first one excluded and taken as time 0. */
export interface PurchaseHistory {
  /** Repeat purchases: every purchase after the first. */
  x: number;
  /** Time of the last purchase since the first (0 when x is 0). */
  tx: number;
  /** Time from the first purchase to the end of the observation. */
  T: number;
}

export interface BgNbdFit extends BgNbdParameters {
  logLikelihood: number;
  iterations: number;
  converged: boolean;
}

/** The log-likelihood of the customers' histories under the parameters (eq. 6 of the paper, summed). */
export function bgNbdLogLikelihood(parameters: BgNbdParameters, customers: readonly PurchaseHistory[]): number {
  const { r, alpha, a, b } = parameters;
  const logAlpha = Math.log(alpha);
  const logA = Math.log(a);
  const betalnAB = betaln(a, b);
  // The gamma and beta terms depend on x alone, and a tenant's customers share few values of x.
  const termsByFrequency = new Map<number, number>();
  let total = 0;
  for (const { x, tx, T } of customers) {
    let frequencyTerms = termsByFrequency.get(x);
    if (frequencyTerms === undefined) {
      frequencyTerms = gammaln(r + x) - gammaln(r) + r * logAlpha + betaln(a, b + x) - betalnAB;
      termsByFrequency.set(x, frequencyTerms);
    }
    const aliveAtEnd = -(r + x) * Math.log(alpha + T);
    const droppedAfterLast = x > 0 ? logA - Math.log(b + x - 1) - (r + x) * Math.log(alpha + tx) : Number.NEGATIVE_INFINITY;
    total += frequencyTerms + logAddExp(aliveAtEnd, droppedAfterLast);
  }
  return total;
}

/** Fits r, α, a, b by maximum likelihood. */
export function fitBgNbd(customers: readonly PurchaseHistory[], options: FitOptions = {}): BgNbdFit {
  customers.forEach(assertPurchaseHistory);
  let repeatPurchases = 0;
  let observedTime = 0;
  for (const customer of customers) {
    repeatPurchases += customer.x;
    observedTime += customer.T;
  }
  // Start from r = 1 and an α that gives the pooled purchase rate, with a uniform dropout probability.
  const startAlpha = observedTime > 0 && repeatPurchases > 0 ? observedTime / repeatPurchases : 1;
  const fit = maximizeLikelihood(
    ([r, alpha, a, b]) => bgNbdLogLikelihood({ r: r!, alpha: alpha!, a: a!, b: b! }, customers),
    [1, startAlpha, 1, 1],
    options,
  );
  const [r, alpha, a, b] = fit.parameters as [number, number, number, number];
  return { r, alpha, a, b, logLikelihood: fit.logLikelihood, iterations: fit.iterations, converged: fit.converged };
}

/** P(the customer is still alive at T | x, tx, T) (eq. 13 of the paper). */
export function probabilityAlive(parameters: BgNbdParameters, customer: PurchaseHistory): number {
  assertPurchaseHistory(customer);
  return 1 / (1 + Math.exp(logOddsOfDropout(parameters, customer)));
}

/** E[Y(t) | x, tx, T]: purchases expected in the next `t` (eq. 10 of the paper). */
export function expectedPurchases(parameters: BgNbdParameters, t: number, customer: PurchaseHistory): number {
  assertPurchaseHistory(customer);
  if (!(t >= 0)) throw new RangeError(`the horizon must be a non-negative time, not ${t}`);
  if (t === 0) return 0;
  return expectedPurchasesIfAlive(parameters, t, customer) * probabilityAlive(parameters, customer);
}

/** log(a/(b+x−1) · ((α+T)/(α+tx))^(r+x)): the odds of having dropped out after the last purchase. */
function logOddsOfDropout({ r, alpha, a, b }: BgNbdParameters, { x, tx, T }: PurchaseHistory): number {
  if (x === 0) return Number.NEGATIVE_INFINITY;
  return Math.log(a) - Math.log(b + x - 1) + (r + x) * (Math.log(alpha + T) - Math.log(alpha + tx));
}

function logAddExp(left: number, right: number): number {
  const larger = Math.max(left, right);
  if (larger === Number.NEGATIVE_INFINITY) return larger;
  return larger + Math.log(Math.exp(left - larger) + Math.exp(right - larger));
}

/** Histories come from SQL; one that breaks these rules is a bug there, not a customer to score. */
export function assertPurchaseHistory(customer: PurchaseHistory, index?: number): void {
  const { x, tx, T } = customer;
  const valid =
    Number.isInteger(x) && x >= 0 && Number.isFinite(tx) && Number.isFinite(T) && tx >= 0 && tx <= T && (x > 0 || tx === 0);
  if (!valid) {
    const where = index === undefined ? '' : ` (customer ${index})`;
    throw new RangeError(`invalid purchase history${where}: x=${x}, tx=${tx}, T=${T}; need a whole x ≥ 0, 0 ≤ tx ≤ T, and tx = 0 when x = 0`);
  }
}
