import { round } from '../lib/stats.ts';
import type { WorkloadResult } from './context.ts';
import { ratios, statementsConstant, type BudgetLine } from './report.ts';

/** Throughput this build keeps of the other build's, side by side, in every workload. */
export const THROUGHPUT_KEPT = 0.75;
/** Commit-to-delivery p99 of the fan-out, this build. */
export const FANOUT_P99_MS = 100;

/**
 * Issue 17's guard for a run against another build: every workload both builds ran keeps at least
 * 0.75× of the other build's throughput, this build's statements per request are the same in every
 * variant of a request (page size, a customer's history …), and its fan-out p99 stays within
 * 100 ms. A figure that could not be measured fails.
 */
export function checkGuard(results: readonly WorkloadResult[], against: string): BudgetLine[] {
  const lines: BudgetLine[] = [];
  // Fan-out and the incremental pass run on this build only.
  for (const result of results.filter((result) => result.other !== null)) {
    const { throughput } = ratios(result);
    lines.push({
      workload: result.name,
      figure: `${result.name} throughput, this build / ${against}`,
      limit: `≥ ${THROUGHPUT_KEPT}×`,
      value: round(throughput, 3),
      shown: Number.isFinite(throughput) ? `${throughput.toFixed(2)}×` : 'not measured',
      passed: throughput >= THROUGHPUT_KEPT,
    });
  }
  for (const result of results.filter((result) => result.statementVariants)) {
    lines.push(statementsConstant(result.name, `${result.name} SQL statements by ${result.statementVariants!.varies}, this build`, result.statementVariants));
  }
  const fanout = results.find((result) => result.name === 'fanout');
  if (fanout) {
    const p99 = fanout.nexo?.latency.p99 ?? Number.NaN;
    lines.push({
      workload: 'fanout',
      figure: `fanout p99, ${(fanout.details.subscribers as number | undefined)?.toLocaleString('en') ?? '?'} subscribers, this build`,
      limit: `≤ ${FANOUT_P99_MS} ms`,
      value: round(p99, 3),
      shown: Number.isFinite(p99) ? `${p99.toFixed(1)} ms` : 'not measured',
      passed: p99 <= FANOUT_P99_MS,
    });
  }
  return lines;
}
