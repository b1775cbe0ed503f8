// The purchases an alive BG/NBD customer is expected to make in the next t: the bracketed factor of
// eq. 10 of Fader, Hardie & Lee (2005),
//   (a+b+x−1)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x) ₂F₁(r+x, b+x; a+b+x−1; t/(α+T+t))],
// which eq. 10 then weights by P(alive). The Gaussian hypergeometric function is @stdlib's (a port of
// Cephes). Where the formula cancels or Cephes fails (its transformations overflow Γ for parameters
// past about 170 and return NaN), the same factor is computed from the integral it stands for.
import betaln from '@stdlib/math-base-special-betaln';
import hyp2f1 from '@stdlib/math-base-special-hyp2f1';
import type { BgNbdParameters, PurchaseHistory } from './bg-nbd.ts';

const MAX_STEPS = 200_000;

export function expectedPurchasesIfAlive(parameters: BgNbdParameters, t: number, customer: PurchaseHistory): number {
  if (losesPrecision(parameters, customer)) return integralOverDropout(parameters, t, customer);
  const { r, alpha, a, b } = parameters;
  const { x, T } = customer;
  const c = a + b + x - 1;
  const logShare = Math.log(alpha + T) - Math.log(alpha + T + t);
  const value = (c / (a - 1)) * (1 - Math.exp((r + x) * logShare) * hyp2f1(r + x, b + x, c, t / (alpha + T + t)));
  return Number.isFinite(value) && value >= 0 ? value : integralOverDropout(parameters, t, customer);
}

/**
 * Where the formula cancels (1 − ₂F₁·… → 0 over a − 1 → 0 near a = 1, and over c → 0 near a + b = 1
 * for x = 0: removable singularities) or where Cephes' series returns finite but wrong values
 * (b + x in the thousands); the integral has none of these troubles.
 */
function losesPrecision({ a, b }: BgNbdParameters, { x }: PurchaseHistory): boolean {
  return Math.abs(a - 1) < 0.05 || (x === 0 && Math.abs(a + b - 1) < 0.05) || b + x > 1_000;
}

/**
 * The same factor as the integral it comes from: given the dropout probability p, an alive customer
 * buys (1/p)(1 − ((α+T)/(α+T+p t))^(r+x)) times in expectation (the gamma-distributed rate integrated
 * out), and p given the history is Beta(a, b+x). Integrated by the trapezoidal rule over logit(p),
 * where the integrand is smooth and decays exponentially at both ends, so the rule converges
 * geometrically; the range leaves out tails of relative size e^−36 ≈ 2e−16. The step count is capped
 * for shapes far below those a fitted model may have (SHAPE_RANGE in lifetime-value.ts).
 */
export function integralOverDropout({ r, alpha, a, b }: BgNbdParameters, t: number, { x, T }: PurchaseHistory): number {
  const tail = b + x;
  const spread = Math.sqrt(1 / a + 1 / tail);
  const centre = Math.log(a / tail);
  const from = centre - 8 * spread - 36 / a;
  const to = centre + 8 * spread + 36 / tail;
  const step = Math.min(spread / 8, 0.25);
  const steps = Math.min(Math.ceil((to - from) / step), MAX_STEPS);
  const width = (to - from) / steps;
  const relativeHorizon = t / (alpha + T);
  const logNormalizer = betaln(a, tail);
  let sum = 0;
  for (let index = 0; index <= steps; index++) {
    const y = from + index * width;
    const logP = logSigmoid(y);
    const logOneMinusP = logSigmoid(-y);
    const p = Math.exp(logP);
    // (1/p)(1 − (1 + p·t/(α+T))^−(r+x)), written to keep its precision as p → 0, and its limit at 0.
    const purchases = p > 0 ? -Math.expm1(-(r + x) * Math.log1p(p * relativeHorizon)) / p : (r + x) * relativeHorizon;
    const weight = index === 0 || index === steps ? 0.5 : 1;
    sum += weight * purchases * Math.exp(a * logP + tail * logOneMinusP - logNormalizer);
  }
  return sum * width;
}

/** log(1/(1 + e^−y)), without overflow at either end. */
function logSigmoid(y: number): number {
  return y < 0 ? y - Math.log1p(Math.exp(y)) : -Math.log1p(Math.exp(-y));
}
