import type { SideFigures } from '../lib/closed-loop.ts';
import { formatTable } from '../lib/report.ts';
import { round } from '../lib/stats.ts';
import type { WorkloadName, WorkloadResult } from './context.ts';
import { constantAcross, countsOf, type StatementVariants } from './statement-variants.ts';

/** How the report names the two sides and the keys of the JSON: "Nexo" and "SQL", or "this build" and the ref of --against. */
export interface SideNames {
  nexo: string;
  other: string;
  /** Whether the other side is a build of Nexo, with statements of its own. */
  otherIsBuild: boolean;
  json: { nexo: string; other: string };
}

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

/** This build / the other side for throughput and p95 (NaN where the other side did not run). */
export function ratios(result: WorkloadResult): { throughput: number; p95: number } {
  return { throughput: ratio(result.nexo?.throughput, result.other?.throughput), p95: ratio(result.nexo?.latency.p95, result.other?.latency.p95) };
}

/** A budget line: the statements of this build are the same in every variant of the request. */
export function statementsConstant(workload: WorkloadName, figure: string, variants: StatementVariants | null | undefined): BudgetLine {
  const constant = variants ? constantAcross(variants, 'nexo') : null;
  const counts = variants?.variants.map((variant) => variant.nexo) ?? [];
  return {
    workload,
    figure,
    limit: 'equal',
    value: counts.length ? Math.max(...counts) - Math.min(...counts) : null,
    // Many variants are named in the table of statement variants; two or three fit here.
    shown: !variants ? 'not measured' : variants.variants.length > 3 ? countsOf(variants, 'nexo') : variants.variants.map((variant) => `${variant.nexo} (${variant.label})`).join(' vs '),
    passed: constant === true,
  };
}

/** The budget of issue 5 (and of issue 18 for segments), figure by figure. A figure that could not be measured fails. */
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
  lines.push(statementsConstant('customer-360', 'customer-360 SQL statements, quiet vs busy customer', customer360?.statementVariants));
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
  lines.push(statementsConstant('pipeline-board', 'pipeline-board SQL statements, 1 vs 25 cards per column', board?.statementVariants));
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
  const preview = byName(results, 'segment-preview');
  lines.push(statementsConstant('segment-preview', 'segment-preview SQL statements, 5 vs 20 vs 100 customers listed', preview?.statementVariants));
  atMost('segment-preview', 'segment-preview p95, typical rule, one in flight', preview?.nexo?.latency.p95 ?? Number.NaN, 500, 'ms');
  const evaluate = byName(results, 'segment-evaluate');
  atMost('segment-evaluate', 'segment-evaluate p95, snapshot of a typical rule, one in flight', evaluate?.nexo?.latency.p95 ?? Number.NaN, 500, 'ms');
  const incremental = byName(results, 'segment-incremental');
  const dynamicSegments = (incremental?.details.dynamicSegments as number | undefined) ?? '?';
  atMost('segment-incremental', `segment-incremental pass p95, one event, ${dynamicSegments} dynamic segments`, incremental?.nexo?.latency.p95 ?? Number.NaN, 20, 'ms');
  const entered = incremental?.details.commitToEntered as { p95: number | null } | undefined;
  atMost('segment-incremental', 'segment-incremental commit → segment.entered p95', entered?.p95 ?? Number.NaN, 5_000, 'ms');
  const fanout = byName(results, 'fanout');
  atMost('fanout', `fanout p99, ${(fanout?.details.subscribers as number | undefined)?.toLocaleString('en') ?? '?'} subscribers`, fanout?.nexo?.latency.p99 ?? Number.NaN, 100, 'ms');
  return lines;
}

const number = (value: number | null | undefined, digits = 1) => (value === undefined || value === null || !Number.isFinite(value) ? '–' : value.toFixed(digits));
const sideCells = (side: SideFigures | null) =>
  side ? [number(side.throughput, 0), number(side.latency.p50), number(side.latency.p95), number(side.latency.p99)] : ['–', '–', '–', '–'];
const statementsCell = (value: number | null) => (value === null || !Number.isFinite(value) ? '–' : String(value));

/** The summary table: one line per workload, both sides and their ratios. */
export function summaryTable(results: readonly WorkloadResult[], names: SideNames): string {
  return formatTable(
    [
      'workload', `${names.nexo} req/s`, 'p50 ms', 'p95 ms', 'p99 ms', `${names.other} req/s`, 'p50 ms', 'p95 ms', 'p99 ms', 'thr ratio', 'p95 ratio',
      ...(names.otherIsBuild ? [`stmts ${names.nexo}`, `stmts ${names.other}`] : ['stmts/req']),
    ],
    results.map((result) => {
      const { throughput, p95 } = ratios(result);
      return [
        result.name,
        ...sideCells(result.nexo),
        ...sideCells(result.other),
        Number.isFinite(throughput) ? `${throughput.toFixed(2)}×` : '–',
        Number.isFinite(p95) ? `${p95.toFixed(2)}×` : '–',
        statementsCell(result.statementsPerRequest.nexo),
        ...(names.otherIsBuild ? [statementsCell(result.statementsPerRequest.other)] : []),
      ];
    }),
  );
}

/** Where each side's CPU went, per request: what the throughput ratios come from on a shared machine. */
export function cpuTable(results: readonly WorkloadResult[], names: SideNames): string {
  const rows: string[][] = [];
  for (const result of results) {
    for (const [side, figures] of [['nexo', result.nexo], ['other', result.other]] as const) {
      const cpu = figures?.cpuMsPerRequest;
      if (!cpu) continue;
      // Each side's server is its own process: this build's, or the other side's (the baseline endpoint or the other build).
      const processes = [side === 'nexo' ? 'server' : 'other server', 'database', 'benchmark'];
      const total = processes.reduce((sum, process) => sum + (cpu[process] ?? 0), 0);
      rows.push([`${result.name} ${names[side]}`, ...processes.map((process) => number(cpu[process], 2)), number(total, 2), number(cpu.idle, 2)]);
    }
  }
  return formatTable(['workload', 'server', 'PostgreSQL', 'benchmark', 'total', 'idle (all cores)'], rows);
}

/**
 * Statements per request of each build under inputs that must not change them, one line per
 * workload and build; a build whose count differs between variants is flagged.
 */
export function statementVariantsTable(results: readonly WorkloadResult[], names: SideNames): string {
  const rows: string[][] = [];
  for (const result of results) {
    const variants = result.statementVariants;
    if (!variants) continue;
    for (const side of names.otherIsBuild ? (['nexo', 'other'] as const) : (['nexo'] as const)) {
      const constant = constantAcross(variants, side);
      rows.push([result.name, variants.varies, names[side], countsOf(variants, side), constant === null ? '–' : constant ? 'yes' : 'DIFFERS']);
    }
  }
  const legend = results
    .filter((result) => result.statementVariants)
    .map((result) => `  ${result.name}: ${result.statementVariants!.variants.map((variant) => variant.label).join(' · ')}`);
  return `${formatTable(['workload', 'varies', 'build', 'statements per request', 'constant'], rows)}\n${legend.join('\n')}`;
}

export function budgetTable(lines: readonly BudgetLine[], title = 'budget figure'): string {
  return formatTable([title, 'limit', 'measured', 'result'], lines.map((line) => [line.figure, line.limit, line.shown, line.passed ? 'pass' : 'FAIL']));
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

const statementsJson = (value: number | null) => (value === null ? null : round(value, 1));

/**
 * A workload as issue 5's JSON names it: figures in requests per second and milliseconds, the two
 * sides under `names.json` (`nexo` and `baseline`, or `thisBuild` and `against`).
 */
export function workloadJson(result: WorkloadResult, names: SideNames) {
  const { throughput, p95 } = ratios(result);
  const keys = names.json;
  return {
    ...jsonSafe(result.details),
    name: result.name,
    [keys.nexo]: sideJson(result.nexo),
    [keys.other]: sideJson(result.other),
    ratio: result.other ? { throughput: round(throughput, 3), p95: round(p95, 3) } : null,
    statementsPerRequest: names.otherIsBuild
      ? { [keys.nexo]: statementsJson(result.statementsPerRequest.nexo), [keys.other]: statementsJson(result.statementsPerRequest.other) }
      : statementsJson(result.statementsPerRequest.nexo),
    statementVariants: result.statementVariants && {
      varies: result.statementVariants.varies,
      variants: result.statementVariants.variants.map((variant) => ({
        label: variant.label,
        [keys.nexo]: statementsJson(variant.nexo),
        ...(names.otherIsBuild && { [keys.other]: statementsJson(variant.other) }),
      })),
    },
  };
}

/** Ratios and other computed floats rounded, NaN as null. */
function jsonSafe(value: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(value, (_key, inner: unknown) => (typeof inner === 'number' ? round(inner, 3) : inner))) as Record<string, unknown>;
}
