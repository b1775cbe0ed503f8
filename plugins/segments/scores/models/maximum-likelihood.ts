// Maximum likelihood over log-parameters: every parameter of our models is positive, so the search
// runs on their logarithms, unconstrained, with Nelder–Mead. A simplex can collapse before it reaches
// the optimum, so the search restarts from the best point until a restart no longer improves it.
import { minimizeNelderMead } from './nelder-mead.ts';

/** Options of a fit; every one has a default. */
export interface FitOptions {
  /** Nelder–Mead iterations per run before the fit gives up as not converged. Default 4,000. */
  maxIterations?: number;
  /**
   * Runs from the best point so far, after the first, before the fit gives up as not converged.
   * Default 3.
   */
  maxRestarts?: number;
}

export interface LogParameterFit {
  /** The fitted parameters, in the order of the start. */
  parameters: number[];
  /** The maximized log-likelihood. */
  logLikelihood: number;
  /** Nelder–Mead iterations, all runs together. */
  iterations: number;
  /** True when the last run met its tolerances and improved on the previous one by at most IMPROVEMENT_TOLERANCE. */
  converged: boolean;
}

// Log-likelihood differences are absolute (a likelihood-ratio test rejects at about 2 units), so the
// tolerances are in log-likelihood units whatever the number of customers.
const VALUE_TOLERANCE = 1e-7;
const IMPROVEMENT_TOLERANCE = 1e-5;
// On log-parameters: a relative precision of 1e-6 on each parameter, far below any standard error.
const POINT_TOLERANCE = 1e-6;
// Each parameter starts a factor e^0.5 ≈ 1.65 away, a step that suits any scale of the data.
const INITIAL_LOG_STEP = 0.5;

/** Maximizes `logLikelihood` over positive parameters, starting from `start` (positive). */
export function maximizeLikelihood(
  logLikelihood: (parameters: readonly number[]) => number,
  start: readonly number[],
  options: FitOptions = {},
): LogParameterFit {
  const maxIterations = options.maxIterations ?? 4_000;
  const maxRestarts = options.maxRestarts ?? 3;
  const negativeLogLikelihood = (logParameters: readonly number[]) => -logLikelihood(logParameters.map(Math.exp));
  const runOptions = {
    pointTolerance: POINT_TOLERANCE,
    valueTolerance: VALUE_TOLERANCE,
    maxIterations,
    maxEvaluations: 2 * maxIterations,
    initialStep: INITIAL_LOG_STEP,
  };

  let run = minimizeNelderMead(negativeLogLikelihood, start.map(Math.log), runOptions);
  let iterations = run.iterations;
  let converged = false;
  for (let restart = 0; restart < maxRestarts && run.converged; restart++) {
    const next = minimizeNelderMead(negativeLogLikelihood, run.point, runOptions);
    iterations += next.iterations;
    const improvement = run.value - next.value;
    run = next.value <= run.value ? next : run;
    if (next.converged && improvement <= IMPROVEMENT_TOLERANCE) {
      converged = true;
      break;
    }
  }
  return { parameters: run.point.map(Math.exp), logLikelihood: -run.value, iterations, converged };
}
