// Seeded draws from the distributions the lifetime-value models assume, built on the core's
// SeededRandom (uniform and exponential only): the same seed gives the same simulated customers.
import { SeededRandom } from '../../../src/plugin-api.ts';

export class ModelRandom extends SeededRandom {
  /** Standard normal, by the Box–Muller transform. */
  normal(): number {
    const u = 1 - this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }

  /**
   * Gamma with the given shape and rate, by Marsaglia & Tsang (2000); a shape below 1 draws with
   * shape + 1 and multiplies by U^(1/shape) (their boosting step).
   */
  gamma(shape: number, rate: number): number {
    if (shape < 1) return this.gamma(shape + 1, rate) * Math.pow(1 - this.next(), 1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      const z = this.normal();
      const v = (1 + c * z) ** 3;
      if (v <= 0) continue;
      const u = 1 - this.next();
      if (Math.log(u) < 0.5 * z * z + d - d * v + d * Math.log(v)) return (d * v) / rate;
    }
  }

  /** Beta(a, b) as G₁/(G₁ + G₂) of two gammas of shapes a and b. */
  beta(a: number, b: number): number {
    const left = this.gamma(a, 1);
    return left / (left + this.gamma(b, 1));
  }
}
