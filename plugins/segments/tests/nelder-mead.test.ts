import { describe, expect, it } from 'vitest';
import { minimizeNelderMead } from '../scores/models/nelder-mead.ts';

// The optimizer the lifetime-value fits run on, on functions whose minimum is known.

const rosenbrock = ([x, y]: readonly number[]) => 100 * (y! - x! ** 2) ** 2 + (1 - x!) ** 2;

describe('Nelder–Mead (Lagarias et al. 1998)', () => {
  it('finds the minimum of Rosenbrock’s valley from the classic start (−1.2, 1)', () => {
    const result = minimizeNelderMead(rosenbrock, [-1.2, 1], { pointTolerance: 1e-10, valueTolerance: 1e-12, maxIterations: 2_000, maxEvaluations: 4_000 });
    expect(result.converged).toBe(true);
    expect(result.point[0]).toBeCloseTo(1, 6);
    expect(result.point[1]).toBeCloseTo(1, 6);
    expect(result.value).toBeLessThan(1e-12);
    expect(result.evaluations).toBeGreaterThan(result.iterations);
  });

  it('stops when the simplex is within the tolerances: a looser one stops sooner, further away', () => {
    const loose = minimizeNelderMead(rosenbrock, [-1.2, 1], { pointTolerance: 1e-2, valueTolerance: 1e-2 });
    const tight = minimizeNelderMead(rosenbrock, [-1.2, 1], { pointTolerance: 1e-8, valueTolerance: 1e-10, maxIterations: 2_000, maxEvaluations: 4_000 });
    expect(loose.converged).toBe(true);
    expect(loose.iterations).toBeLessThan(tight.iterations);
    expect(Math.abs(loose.point[0]! - 1)).toBeGreaterThan(Math.abs(tight.point[0]! - 1));
  });

  it('reports no convergence when the iteration limit comes first, with the best point so far', () => {
    const result = minimizeNelderMead(rosenbrock, [-1.2, 1], { maxIterations: 10 });
    expect(result.converged).toBe(false);
    expect(result.iterations).toBe(10);
    expect(result.value).toBeLessThan(rosenbrock([-1.2, 1]));
  });

  it('minimizes a shifted, scaled quadratic in four dimensions from fminsearch’s default simplex', () => {
    const centre = [3, -2, 0.5, 10];
    const scales = [1, 10, 0.1, 4];
    const quadratic = (point: readonly number[]) => point.reduce((sum, value, axis) => sum + scales[axis]! * (value - centre[axis]!) ** 2, 0);
    const result = minimizeNelderMead(quadratic, [1, 1, 1, 1], { pointTolerance: 1e-9, valueTolerance: 1e-14, maxIterations: 5_000, maxEvaluations: 10_000 });
    expect(result.converged).toBe(true);
    result.point.forEach((value, axis) => expect(value).toBeCloseTo(centre[axis]!, 5));
  });

  it('treats a NaN as worse than any number, so it steps back into the function’s domain', () => {
    const logBarrier = ([x]: readonly number[]) => (x! - 2) ** 2 - Math.log(x!);
    // The initial simplex's second vertex, −0.5, is outside the domain already.
    expect(logBarrier([-0.5])).toBeNaN();
    const result = minimizeNelderMead(logBarrier, [0.5], { initialStep: -1, pointTolerance: 1e-10, valueTolerance: 1e-14 });
    // d/dx: 2(x − 2) − 1/x = 0 → x = 1 + √1.5.
    expect(result.converged).toBe(true);
    expect(result.point[0]).toBeCloseTo(1 + Math.sqrt(1.5), 7);
  });

  it('rejects an initial step per axis of the wrong length', () => {
    expect(() => minimizeNelderMead(rosenbrock, [0, 0], { initialStep: [1] })).toThrow(RangeError);
  });
});
