import { describe, expect, it } from 'vitest';
import { meanDifference, proportionDifference, scaled, studentQuantile975 } from '../returns/lift-interval.ts';

// Newcombe (1998), "Interval estimation for the difference between independent proportions:
// comparison of eleven methods", Statistics in Medicine 17, table II, method 10 (score, hybrid):
// his worked examples, to the four decimals he prints (a separate Python reimplementation of
// Wilson + Newcombe, written for this check, gives the same eight pairs).
const NEWCOMBE_METHOD_10 = [
  { treated: [56, 70], control: [48, 80], low: 0.0524, high: 0.3339 },
  { treated: [9, 10], control: [3, 10], low: 0.1705, high: 0.809 },
  { treated: [6, 7], control: [2, 7], low: 0.0582, high: 0.8062 },
  { treated: [5, 56], control: [0, 29], low: -0.0381, high: 0.1926 },
  { treated: [0, 10], control: [0, 20], low: -0.1611, high: 0.2775 },
  { treated: [0, 10], control: [0, 10], low: -0.2775, high: 0.2775 },
  { treated: [10, 10], control: [0, 20], low: 0.6791, high: 1 },
  { treated: [10, 10], control: [0, 10], low: 0.6075, high: 1 },
] as const;

// Student's t 97.5 % quantiles, from scipy.stats.t.ppf(0.975, df) (the printed tables agree to 3 decimals).
const T_975 = [
  [3, 3.1824463052837078],
  [5, 2.5705818356363146],
  [10, 2.228138851986274],
  [30, 2.0422724563012378],
  [100, 1.9839715185235518],
  [1000, 1.9623390808264083],
] as const;

describe('lift interval arithmetic', () => {
  it("reproduces Newcombe's method-10 intervals for the difference of two proportions", () => {
    for (const { treated, control, low, high } of NEWCOMBE_METHOD_10) {
      const interval = proportionDifference({ successes: treated[0], trials: treated[1] }, { successes: control[0], trials: control[1] })!;
      const label = `${treated.join('/')} − ${control.join('/')}`;
      expect(interval.estimate, label).toBeCloseTo(treated[0] / treated[1] - control[0] / control[1], 12);
      expect(Math.abs(interval.low - low), `${label} low ${interval.low}`).toBeLessThan(0.00006);
      expect(Math.abs(interval.high - high), `${label} high ${interval.high}`).toBeLessThan(0.00006);
    }
  });

  it('has no interval for an empty group', () => {
    expect(proportionDifference({ successes: 0, trials: 0 }, { successes: 1, trials: 10 })).toBeNull();
    expect(proportionDifference({ successes: 1, trials: 10 }, { successes: 0, trials: 0 })).toBeNull();
  });

  it("approximates Student's 97.5 % quantile within 0.2 % from 3 degrees of freedom on", () => {
    for (const [degrees, exact] of T_975) {
      expect(Math.abs(studentQuantile975(degrees) - exact) / exact, `${degrees} df`).toBeLessThan(0.002);
    }
  });

  it("gives Welch's interval of a difference of means from counts, sums and sums of squares", () => {
    // Two small samples; the reference is scipy.stats.ttest_ind(a, b, equal_var=False).confidence_interval(0.95):
    // difference 4.657142857, interval [1.408288417, 7.905997297], 8.2734664 degrees of freedom.
    const a = [12.5, 14.0, 9.75, 20.0, 11.25, 16.5, 13.0];
    const b = [10.0, 8.5, 9.0, 12.0, 7.5, 11.0, 9.5, 10.5, 6.0, 8.0];
    const moments = (values: number[]) => ({ n: values.length, sum: values.reduce((s, v) => s + v, 0), sumOfSquares: values.reduce((s, v) => s + v * v, 0) });
    const interval = meanDifference(moments(a), moments(b))!;
    expect(interval.estimate).toBeCloseTo(4.657142857142858, 10);
    // The half width carries the quantile's approximation (< 0.2 % at 8 df): 3.2489 ± 0.0065.
    const half = (7.905997297471895 - 1.4082884168138214) / 2;
    expect(Math.abs((interval.high - interval.low) / 2 - half) / half).toBeLessThan(0.002);
    expect(interval.low).toBeCloseTo(interval.estimate - (interval.high - interval.low) / 2, 10);
  });

  it('has no Welch interval with fewer than two values in a group, and a zero-width one without spread', () => {
    expect(meanDifference({ n: 1, sum: 5, sumOfSquares: 25 }, { n: 10, sum: 10, sumOfSquares: 20 })).toBeNull();
    expect(meanDifference({ n: 4, sum: 8, sumOfSquares: 16 }, { n: 3, sum: 3, sumOfSquares: 3 })).toEqual({ estimate: 1, low: 1, high: 1 });
  });

  it('scales an estimate and its bounds', () => {
    expect(scaled({ estimate: 0.03, low: 0.01, high: 0.05 }, 200)).toEqual({ estimate: 0.03 * 200, low: 0.01 * 200, high: 0.05 * 200 });
  });
});
