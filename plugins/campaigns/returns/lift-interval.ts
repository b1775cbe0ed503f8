// The interval arithmetic of the lift against the control group: the sums come from SQL.

/** z of a two-sided 95 % interval. */
const Z = 1.959963984540054;

export interface Estimate {
  estimate: number;
  low: number;
  high: number;
}

/** Wilson's score interval of a proportion. */
function wilson(successes: number, trials: number): { low: number; high: number } {
  const p = successes / trials;
  const denominator = 1 + (Z * Z) / trials;
  const centre = (p + (Z * Z) / (2 * trials)) / denominator;
  const half = (Z * Math.sqrt((p * (1 - p)) / trials + (Z * Z) / (4 * trials * trials))) / denominator;
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/**
 * The difference of two proportions (treated − control) with Newcombe's hybrid score interval
 * (his method 10, from each group's Wilson interval): well behaved even at rates near 0, where
 * Wald's interval is too narrow. Null when a group is empty.
 */
export function proportionDifference(treated: { successes: number; trials: number }, control: { successes: number; trials: number }): Estimate | null {
  if (treated.trials === 0 || control.trials === 0) return null;
  const p1 = treated.successes / treated.trials;
  const p0 = control.successes / control.trials;
  const w1 = wilson(treated.successes, treated.trials);
  const w0 = wilson(control.successes, control.trials);
  const difference = p1 - p0;
  return {
    estimate: difference,
    low: difference - Math.sqrt((p1 - w1.low) ** 2 + (w0.high - p0) ** 2),
    high: difference + Math.sqrt((w1.high - p1) ** 2 + (p0 - w0.low) ** 2),
  };
}

/** A group's values given by their count, sum and sum of squares. */
export interface Moments {
  n: number;
  sum: number;
  sumOfSquares: number;
}

/**
 * The difference of two means (treated − control) with Welch's interval (unequal variances,
 * Welch–Satterthwaite degrees of freedom). Null when a group has fewer than two values.
 */
export function meanDifference(treated: Moments, control: Moments): Estimate | null {
  if (treated.n < 2 || control.n < 2) return null;
  const mean1 = treated.sum / treated.n;
  const mean0 = control.sum / control.n;
  const variance = (moments: Moments, mean: number) => Math.max(0, (moments.sumOfSquares - moments.n * mean * mean) / (moments.n - 1));
  const a = variance(treated, mean1) / treated.n;
  const b = variance(control, mean0) / control.n;
  const standardError = Math.sqrt(a + b);
  const difference = mean1 - mean0;
  if (standardError === 0) return { estimate: difference, low: difference, high: difference };
  const degrees = (a + b) ** 2 / (a ** 2 / (treated.n - 1) + b ** 2 / (control.n - 1));
  const half = studentQuantile975(degrees) * standardError;
  return { estimate: difference, low: difference - half, high: difference + half };
}

/**
 * The 97.5 % quantile of Student's t with `degrees` degrees of freedom (any real ≥ 1), by the
 * Cornish–Fisher expansion around the normal quantile: within 0.2 % of the exact value from 3
 * degrees on, and exact as the degrees grow (the lift's groups have hundreds of customers).
 */
export function studentQuantile975(degrees: number): number {
  const z = Z;
  const v = Math.max(1, degrees);
  return (
    z +
    (z ** 3 + z) / (4 * v) +
    (5 * z ** 5 + 16 * z ** 3 + 3 * z) / (96 * v ** 2) +
    (3 * z ** 7 + 19 * z ** 5 + 17 * z ** 3 - 15 * z) / (384 * v ** 3) +
    (79 * z ** 9 + 776 * z ** 7 + 1482 * z ** 5 - 1920 * z ** 3 - 945 * z) / (92160 * v ** 4)
  );
}

/** An estimate scaled (a per-customer difference times the contacted customers). */
export function scaled(estimate: Estimate, factor: number): Estimate {
  return { estimate: estimate.estimate * factor, low: estimate.low * factor, high: estimate.high * factor };
}
