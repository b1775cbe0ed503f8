import { DEFAULT_BATCH_SIZE } from '../../plugins/campaigns/launch/run-batch.ts';
import { median, percentile, round } from '../lib/stats.ts';
import type { BatchLine } from './launch-log.ts';

/** Batches compared at each end of a run: a launch must not slow down as its recipients grow. */
export const ENDS = 10;

export type BatchFigures = ReturnType<typeof batchFigures>;

/**
 * Statements and milliseconds per full batch of a run's log lines; the last batch (the audience's
 * remainder, and the run's completion) is reported apart.
 */
export function batchFigures(lines: readonly BatchLine[]) {
  const full = lines.slice(0, -1);
  const last = lines.at(-1);
  const durations = full.map((line) => line.durationMs);
  const sorted = Float64Array.from(durations).sort();
  const firstEnds = median(durations.slice(0, ENDS));
  const lastEnds = median(durations.slice(-ENDS));
  const statements = full.map((line) => line.statements);
  return {
    batches: lines.length,
    statements: {
      fullBatches: { min: Math.min(...statements), median: median(statements), max: Math.max(...statements) },
      constant: statements.length > 0 && Math.min(...statements) === Math.max(...statements),
    },
    ms: {
      p50: round(percentile(sorted, 50), 1),
      p95: round(percentile(sorted, 95), 1),
      max: round(sorted.at(-1) ?? Number.NaN, 1),
      firstTenMedian: round(firstEnds, 1),
      lastTenMedian: round(lastEnds, 1),
      lastTenOverFirstTen: round(lastEnds / firstEnds, 2),
    },
    lastBatch: last ? { statements: last.statements, ms: last.durationMs } : null,
  };
}

/** Batches of a run: a full one says MORE, so the last holds the remainder (none, at an exact multiple). */
export const batchesFor = (audience: number) => Math.floor(audience / DEFAULT_BATCH_SIZE) + 1;

/** When the first batch started: its line's time less its duration. */
export const startOf = (lines: readonly BatchLine[]) => lines[0]!.at - lines[0]!.durationMs;
