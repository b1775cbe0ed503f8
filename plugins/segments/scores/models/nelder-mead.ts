// The Nelder–Mead simplex method as specified by Lagarias, Reeds, Wright & Wright (1998), "Convergence
// properties of the Nelder–Mead simplex method in low dimensions", SIAM J. Optim. 9(1): standard
// coefficients, their ordering and tie-breaking rules, and MATLAB fminsearch's termination test (the
// implementation that paper describes). Written here because no maintained npm package offers it
// (see docs/decisions/2026-12-07-lifetime-value-models.md). Pure: no clock, no randomness.

/** Options of a minimization; every one has a default. */
export interface NelderMeadOptions {
  /**
   * Converged when every vertex lies within this distance of the best one, in the max norm, and the
   * values agree within `valueTolerance`. Default 1e-4 (fminsearch's TolX).
   */
  pointTolerance?: number;
  /** Converged when every vertex's value is within this of the best one's (and see above). Default 1e-4 (fminsearch's TolFun). */
  valueTolerance?: number;
  /** Iterations before giving up without convergence. Default 200 × dimension (fminsearch). */
  maxIterations?: number;
  /** Evaluations of the function before giving up without convergence. Default 200 × dimension (fminsearch). */
  maxEvaluations?: number;
  /**
   * The initial simplex is the start and the start moved by this along each axis: one step for all
   * axes or one per axis. Default fminsearch's: 5 % of a non-zero coordinate, 0.00025 for a zero one.
   */
  initialStep?: number | readonly number[];
}

export interface NelderMeadResult {
  /** The best vertex found. */
  point: number[];
  /** The function's value there. */
  value: number;
  iterations: number;
  evaluations: number;
  /** True when the tolerances were met; false when a limit on iterations or evaluations stopped the search. */
  converged: boolean;
}

// Lagarias et al.'s standard coefficients: reflection, expansion, contraction, shrink.
const REFLECTION = 1;
const EXPANSION = 2;
const CONTRACTION = 0.5;
const SHRINK = 0.5;

interface Vertex {
  point: number[];
  value: number;
}

/**
 * Minimizes `objective` from `start`. A value that is NaN counts as +Infinity, so a step into a region
 * where the function is undefined is rejected like any worse step.
 */
export function minimizeNelderMead(
  objective: (point: readonly number[]) => number,
  start: readonly number[],
  options: NelderMeadOptions = {},
): NelderMeadResult {
  const dimension = start.length;
  if (dimension === 0) throw new RangeError('Nelder–Mead needs at least one coordinate');
  const pointTolerance = options.pointTolerance ?? 1e-4;
  const valueTolerance = options.valueTolerance ?? 1e-4;
  const maxIterations = options.maxIterations ?? 200 * dimension;
  const maxEvaluations = options.maxEvaluations ?? 200 * dimension;

  let evaluations = 0;
  const evaluate = (point: number[]): Vertex => {
    evaluations++;
    const value = objective(point);
    return { point, value: Number.isNaN(value) ? Number.POSITIVE_INFINITY : value };
  };

  const steps = initialSteps(start, options.initialStep);
  let simplex: Vertex[] = [evaluate([...start])];
  for (let axis = 0; axis < dimension; axis++) {
    const point = [...start];
    point[axis]! += steps[axis]!;
    simplex.push(evaluate(point));
  }
  simplex = orderAfterShrink(simplex);

  let iterations = 0;
  while (!hasConverged(simplex, pointTolerance, valueTolerance)) {
    if (iterations >= maxIterations || evaluations >= maxEvaluations) {
      return result(simplex, iterations, evaluations, false);
    }
    iterations++;
    const best = simplex[0]!;
    const secondWorst = simplex[dimension - 1]!;
    const worst = simplex[dimension]!;
    const centroid = centroidOfAllBut(simplex, dimension);

    const reflected = evaluate(along(centroid, worst.point, REFLECTION));
    if (reflected.value < best.value) {
      const expanded = evaluate(along(centroid, worst.point, REFLECTION * EXPANSION));
      replaceWorst(simplex, expanded.value < reflected.value ? expanded : reflected);
    } else if (reflected.value < secondWorst.value) {
      replaceWorst(simplex, reflected);
    } else if (reflected.value < worst.value) {
      const outside = evaluate(along(centroid, worst.point, REFLECTION * CONTRACTION));
      if (outside.value <= reflected.value) replaceWorst(simplex, outside);
      else simplex = shrink(simplex, evaluate);
    } else {
      const inside = evaluate(along(centroid, worst.point, -CONTRACTION));
      if (inside.value < worst.value) replaceWorst(simplex, inside);
      else simplex = shrink(simplex, evaluate);
    }
  }
  return result(simplex, iterations, evaluations, true);
}

function initialSteps(start: readonly number[], step: NelderMeadOptions['initialStep']): number[] {
  if (typeof step === 'number') return start.map(() => step);
  if (step) {
    if (step.length !== start.length) throw new RangeError(`initialStep has ${step.length} entries for ${start.length} coordinates`);
    return [...step];
  }
  return start.map((coordinate) => (coordinate === 0 ? 0.00025 : 0.05 * coordinate));
}

/** fminsearch's test: the simplex is small in both its points and its values. */
function hasConverged(simplex: readonly Vertex[], pointTolerance: number, valueTolerance: number): boolean {
  const best = simplex[0]!;
  if (!Number.isFinite(best.value)) return false;
  for (const vertex of simplex) {
    if (!(Math.abs(vertex.value - best.value) <= valueTolerance)) return false;
    for (let axis = 0; axis < best.point.length; axis++) {
      if (Math.abs(vertex.point[axis]! - best.point[axis]!) > pointTolerance) return false;
    }
  }
  return true;
}

function centroidOfAllBut(simplex: readonly Vertex[], excluded: number): number[] {
  const dimension = simplex[0]!.point.length;
  const centroid = new Array<number>(dimension).fill(0);
  for (let index = 0; index < simplex.length; index++) {
    if (index === excluded) continue;
    for (let axis = 0; axis < dimension; axis++) centroid[axis]! += simplex[index]!.point[axis]!;
  }
  return centroid.map((sum) => sum / (simplex.length - 1));
}

/** centroid + coefficient × (centroid − worst): reflection, expansion and both contractions. */
function along(centroid: readonly number[], worst: readonly number[], coefficient: number): number[] {
  return centroid.map((coordinate, axis) => coordinate + coefficient * (coordinate - worst[axis]!));
}

/**
 * Lagarias et al.'s rule for a non-shrink step: the worst vertex goes, and the new one is placed
 * after every vertex whose value is not larger than its own.
 */
function replaceWorst(simplex: Vertex[], vertex: Vertex): void {
  simplex.pop();
  let position = simplex.length;
  while (position > 0 && simplex[position - 1]!.value > vertex.value) position--;
  simplex.splice(position, 0, vertex);
}

function shrink(simplex: readonly Vertex[], evaluate: (point: number[]) => Vertex): Vertex[] {
  const best = simplex[0]!;
  const shrunk = [best];
  for (const vertex of simplex.slice(1)) {
    shrunk.push(evaluate(best.point.map((coordinate, axis) => coordinate + SHRINK * (vertex.point[axis]! - coordinate))));
  }
  return orderAfterShrink(shrunk);
}

/** After a shrink (or at the start): by value; ties keep their previous order, so the best stays first (a stable sort). */
function orderAfterShrink(simplex: Vertex[]): Vertex[] {
  return simplex.sort((left, right) => left.value - right.value || 0);
}

function result(simplex: readonly Vertex[], iterations: number, evaluations: number, converged: boolean): NelderMeadResult {
  const best = simplex[0]!;
  return { point: [...best.point], value: best.value, iterations, evaluations, converged };
}
