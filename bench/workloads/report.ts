import type { SideFigures } from '../lib/closed-loop.ts';
import { formatTable } from '../lib/report.ts';
import { round } from '../lib/stats.ts';
import type { WorkloadName, WorkloadResult } from './context.ts';

export interface BudgetLine {
  workload: WorkloadName;
  figure: string;
  /** e.g. "≥ 0.5", "≤ 100 ms". */
  limit: string;
  value: number | null;
  /** How the value is shown, e.g. "0.62×". */
  shown: string;
  passed: boolean;
}

const byName = (results: readonly WorkloadResult[], name: string) => results.find((result) => result.name === name);
const ratio = (nexo: number | undefined, baseline: number | undefined) => (nexo !== undefined && baseline !== undefined && baseline > 0 ? nexo / baseline : Number.NaN);

/** Nexo / baseline for throughput and p95 (NaN without a baseline). */
export function ratios(result: WorkloadResult): { throughput: number; p95: number } {
  return { throughput: ratio(result.nexo?.throughput, result.baseline?.throughput), p95: ratio(result.nexo?.latency.p95, result.baseline?.latency.p95) };
}

/** Issue 5's budget, figure by figure. A figure that could not be measured fails. */
export function checkBudget(results: readonly WorkloadResult[]): BudgetLine[] {
  const lines: BudgetLine[] = [];
  const shown = (value: number, unit: string) => (!Number.isFinite(value) ? 'not measured' : unit === '×' ? `${value.toFixed(2)}×` : `${value.toFixed(1)} ${unit}`);
  const atLeast = (workload: WorkloadName, figure: string, value: number, limit: number) =>
    lines.push({ workload, figure, limit: `≥ ${limit}×`, value: round(value, 3), shown: shown(value, '×'), passed: value >= limit });
  const atMost = (workload: WorkloadName, figure: string, value: number, limit: number, unit = '×') =>
    lines.push({ workload, figure, limit: `≤ ${limit}${unit === '×' ? '×' : ` ${unit}`}`, value: round(value, 3), shown: shown(value, unit), passed: value <= limit });

  const customer360 = byName(results, 'customer-360');
  atLeast('customer-360', 'customer-360 throughput, Nexo / SQL', customer360 ? ratios(customer360).throughput : Number.NaN, 0.5);
  atMost('customer-360', 'customer-360 p95, Nexo / SQL', customer360 ? ratios(customer360).p95 : Number.NaN, 2);
  const history = customer360?.details.statementsByHistory as { quiet: { statements: number; interactions: number }; busy: { statements: number; interactions: number } } | undefined;
  lines.push({
    workload: 'customer-360',
    figure: 'customer-360 SQL statements, quiet vs busy customer',
    limit: 'equal',
    value: history ? history.busy.statements - history.quiet.statements : null,
    shown: history ? `${history.quiet.statements} (${history.quiet.interactions} interactions) vs ${history.busy.statements} (${history.busy.interactions})` : 'not measured',
    passed: Boolean(history && history.quiet.statements === history.busy.statements),
  });
  const list = byName(results, 'list');
  atLeast('list', 'list throughput, Nexo / SQL', list ? ratios(list).throughput : Number.NaN, 0.6);
  const deep = byName(results, 'list-deep');
  const deepToFirst = deep?.details.deepToFirstPage as { p50: number; p95: number } | undefined;
  const deepPage = (deep?.details.deepPage as number | undefined) ?? 200;
  atMost('list-deep', `list page ${deepPage} / page 1, Nexo p50`, deepToFirst?.p50 ?? Number.NaN, 1.5);
  atMost('list-deep', `list page ${deepPage} / page 1, Nexo p95`, deepToFirst?.p95 ?? Number.NaN, 1.5);
  const write = byName(results, 'write');
  atLeast('write', 'write throughput, Nexo / SQL', write ? ratios(write).throughput : Number.NaN, 0.7);
  const board = byName(results, 'pipeline-board');
  atLeast('pipeline-board', 'pipeline-board throughput, Nexo / SQL', board ? ratios(board).throughput : Number.NaN, 0.5);
  atMost('pipeline-board', 'pipeline-board p95, Nexo / SQL', board ? ratios(board).p95 : Number.NaN, 2);
  const byCards = board?.details.statementsByCards as { oneCard: number; manyCards: number } | undefined;
  lines.push({
    workload: 'pipeline-board',
    figure: 'pipeline-board SQL statements, 1 vs 25 cards per column',
    limit: 'equal',
    value: byCards ? byCards.manyCards - byCards.oneCard : null,
    shown: byCards ? `${byCards.oneCard} vs ${byCards.manyCards}` : 'not measured',
    passed: Boolean(byCards && byCards.oneCard === byCards.manyCards),
  });
  const agentQueue = byName(results, 'agent-queue');
  atLeast('agent-queue', 'agent-queue throughput, Nexo / SQL', agentQueue ? ratios(agentQueue).throughput : Number.NaN, 0.5);
  atMost('agent-queue', 'agent-queue p95, Nexo / SQL', agentQueue ? ratios(agentQueue).p95 : Number.NaN, 2);
  const range = agentQueue?.details.statementsRange as [number, number] | null | undefined;
  lines.push({
    workload: 'agent-queue',
    figure: 'agent-queue SQL statements per request, over queues of every size',
    limit: '≤ 10, equal',
    value: range ? range[1] : null,
    shown: range ? (range[0] === range[1] ? String(range[0]) : `${range[0]}–${range[1]}`) : 'not measured',
    passed: Boolean(range && range[0] === range[1] && range[1] <= 10),
  });
  const fanout = byName(results, 'fanout');
  atMost('fanout', `fanout p99, ${(fanout?.details.subscribers as number | undefined)?.toLocaleString('en') ?? '?'} subscribers`, fanout?.nexo?.latency.p99 ?? Number.NaN, 100, 'ms');
  return lines;
}

const number = (value: number | undefined, digits = 1) => (value === undefined || !Number.isFinite(value) ? '–' : value.toFixed(digits));
const sideCells = (side: SideFigures | null) =>
  side ? [number(side.throughput, 0), number(side.latency.p50), number(side.latency.p95), number(side.latency.p99)] : ['–', '–', '–', '–'];

/** The summary table: one line per workload, both sides and their ratios. */
export function summaryTable(results: readonly WorkloadResult[]): string {
  return formatTable(
    ['workload', 'Nexo req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'SQL req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'thr ratio', 'p95 ratio', 'stmts/req'],
    results.map((result) => {
      const { throughput, p95 } = ratios(result);
      return [
        result.name,
        ...sideCells(result.nexo),
        ...sideCells(result.baseline),
        Number.isFinite(throughput) ? `${throughput.toFixed(2)}×` : '–',
        Number.isFinite(p95) ? `${p95.toFixed(2)}×` : '–',
        result.statementsPerRequest === null || !Number.isFinite(result.statementsPerRequest) ? '–' : String(result.statementsPerRequest),
      ];
    }),
  );
}

/** Where each side's CPU went, per request: what the throughput ratios come from on a shared machine. */
export function cpuTable(results: readonly WorkloadResult[]): string {
  const rows: string[][] = [];
  for (const result of results) {
    for (const [side, figures] of [['Nexo', result.nexo], ['SQL', result.baseline]] as const) {
      const cpu = figures?.cpuMsPerRequest;
      if (!cpu) continue;
      // Each side's server is its own process: Nexo, or the baseline endpoint.
      const processes = [side === 'Nexo' ? 'server' : 'baseline server', 'database', 'benchmark'];
      const total = processes.reduce((sum, process) => sum + (cpu[process] ?? 0), 0);
      rows.push([`${result.name} ${side}`, ...processes.map((process) => number(cpu[process], 2)), number(total, 2), number(cpu.idle, 2)]);
    }
  }
  return formatTable(['workload', 'server', 'PostgreSQL', 'benchmark', 'total', 'idle (all cores)'], rows);
}

export function budgetTable(lines: readonly BudgetLine[]): string {
  return formatTable(['budget figure', 'limit', 'measured', 'result'], lines.map((line) => [line.figure, line.limit, line.shown, line.passed ? 'pass' : 'FAIL']));
}

const sideJson = (side: SideFigures | null) =>
  side && {
    throughput: round(side.throughput, 1),
    p50: round(side.latency.p50),
    p95: round(side.latency.p95),
    p99: round(side.latency.p99),
    requests: side.requests,
    mean: round(side.latency.mean),
    max: round(side.latency.max),
    turns: side.turns.map((rate) => round(rate, 0)),
    cpuMsPerRequest: side.cpuMsPerRequest ? Object.fromEntries(Object.entries(side.cpuMsPerRequest).map(([process, ms]) => [process, round(ms, 3)])) : null,
  };

/** A workload as issue 5's JSON names it: figures in requests per second and milliseconds. */
export function workloadJson(result: WorkloadResult) {
  const { throughput, p95 } = ratios(result);
  return {
    ...jsonSafe(result.details),
    name: result.name,
    nexo: sideJson(result.nexo),
    baseline: sideJson(result.baseline),
    ratio: result.baseline ? { throughput: round(throughput, 3), p95: round(p95, 3) } : null,
    statementsPerRequest: result.statementsPerRequest === null ? null : round(result.statementsPerRequest, 1),
  };
}

/** Ratios and other computed floats rounded, NaN as null. */
function jsonSafe(value: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(value, (_key, inner: unknown) => (typeof inner === 'number' ? round(inner, 3) : inner))) as Record<string, unknown>;
}
