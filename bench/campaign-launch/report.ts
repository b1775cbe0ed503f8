import { DEFAULT_BATCH_SIZE } from '../../plugins/campaigns/launch/run-batch.ts';
import { say } from '../lib/progress.ts';
import { formatTable, machineInfo, writeResult } from '../lib/report.ts';
import { round } from '../lib/stats.ts';
import { ENDS } from './batch-figures.ts';
import type { Check } from './run-checks.ts';
import type { MeasuredLaunch } from './measured-launch.ts';
import { CONTROL_SHARE } from './marketing-api.ts';
import { TENANT, type LaunchBench } from './prepare.ts';
import type { ResumedLaunch } from './resumed-launch.ts';

const n = (value: number) => value.toLocaleString('en');

interface LaunchReport {
  bench: LaunchBench;
  launch: MeasuredLaunch;
  resumed: ResumedLaunch;
  quick: boolean;
  startedAt: Date;
  durationSeconds: number;
}

/** Prints the two tables and the checks, writes the JSON result and ends with a one-line summary; whether every check passed. */
export async function reportLaunch(report: LaunchReport): Promise<boolean> {
  const { launch, resumed } = report;
  const checks = [...launch.checks.map((check) => ({ run: 'launch', ...check })), ...resumed.checks.map((check) => ({ run: 'resumed', ...check }))];
  say('');
  printLaunch(launch, report.bench.size.customers);
  say('');
  printResumed(resumed);
  say('');
  say(formatTable(['check', 'run', 'passed', 'detail'], checks.map((check) => [check.name, check.run, check.passed ? 'yes' : 'NO', check.detail])));
  const file = await writeResult(report.quick ? 'campaign-launch-quick' : 'campaign-launch', report.startedAt, resultJson(report, checks));

  const failed = checks.filter((check) => !check.passed);
  const { min, max } = launch.figures.statements.fullBatches;
  say('');
  say(
    `${failed.length ? 'FAILED' : 'ok'}: launched to ${n(launch.counts.audience)} customers in ${launch.runSeconds.toFixed(1)} s (${n(Math.round(perSecond(launch)))}/s, ${launch.figures.batches} batches of ` +
      `${min === max ? min : `${min}–${max}`} statements, last ten ${launch.figures.ms.lastTenOverFirstTen}× the first ten); ` +
      `resumed after SIGKILL (${resumed.atKill.batchesCommitted} + ${resumed.batchesAfterRestart} batches); checks ${checks.length - failed.length}/${checks.length} → ${file}`,
  );
  return failed.length === 0;
}

const perSecond = (launch: MeasuredLaunch) => launch.counts.audience / launch.runSeconds;

function printLaunch(launch: MeasuredLaunch, customersInTenant: number): void {
  const { figures, counts } = launch;
  const { fullBatches } = figures.statements;
  say(`Launch of "${launch.channels.join(' + ')}" to ${n(counts.audience)} customers (${n(customersInTenant)} in the tenant), batches of ${n(DEFAULT_BATCH_SIZE)}`);
  say(
    formatTable(
      ['figure', 'value'],
      [
        ['launch mutation (snapshot)', `${launch.mutation.ms.toFixed(0)} ms, ${launch.mutation.statements} statements`],
        ['batches', String(figures.batches)],
        ['statements per full batch (min / median / max)', `${fullBatches.min} / ${fullBatches.median} / ${fullBatches.max}`],
        ['ms per full batch (p50 / p95 / max)', `${figures.ms.p50} / ${figures.ms.p95} / ${figures.ms.max}`],
        [`ms, median of the last ${ENDS} / first ${ENDS} full batches`, `${figures.ms.lastTenMedian} / ${figures.ms.firstTenMedian} = ${figures.ms.lastTenOverFirstTen}×`],
        ['last batch (the remainder, and the completion)', `${figures.lastBatch!.statements} statements, ${figures.lastBatch!.ms} ms`],
        ['run, first batch to last', `${launch.runSeconds.toFixed(1)} s (${launch.waitForRunnerSeconds.toFixed(1)} s waiting for the runner's pass)`],
        ['customers decided per second', n(Math.round(perSecond(launch)))],
        ['contacts written', n(counts.contactedRows)],
        ['customers contacted / control / excluded', `${n(counts.contactedCustomers)} / ${n(counts.controlCustomers)} / ${n(counts.excludedCustomers)}`],
        ['reaction batches meanwhile', `${launch.reactionsMeanwhile.batches} (${n(launch.reactionsMeanwhile.events)} events)`],
      ],
    ),
  );
  say(`exclusions: ${Object.entries(counts.exclusions).map(([reason, count]) => `${reason} ${n(count)}`).join(', ') || 'none'}`);
}

function printResumed(resumed: ResumedLaunch): void {
  const { figures, counts } = resumed;
  const { fullBatches } = figures.statements;
  const killAfter = resumed.killAfterCommittedBatches;
  say(`Resumed launch of "${resumed.channels.join(' + ')}": SIGKILL once ${killAfter} batch${killAfter > 1 ? 'es were' : ' was'} committed, a new server on the same database`);
  say(
    formatTable(
      ['figure', 'value'],
      [
        ['batches committed before the kill', `${resumed.atKill.batchesCommitted} (${resumed.atKill.batchesLogged} logged)`],
        ['batches after the restart', String(resumed.batchesAfterRestart)],
        ['kill to the new server ready', `${resumed.restartSeconds.toFixed(1)} s`],
        ['statements per full batch (min / median / max)', `${fullBatches.min} / ${fullBatches.median} / ${fullBatches.max}`],
        ['ms per full batch (p50 / p95)', `${figures.ms.p50} / ${figures.ms.p95}`],
        ['contacts written', n(counts.contactedRows)],
        ['customers contacted / control / excluded', `${n(counts.contactedCustomers)} / ${n(counts.controlCustomers)} / ${n(counts.excludedCustomers)}`],
      ],
    ),
  );
}

/** `bench/results/campaign-launch-<timestamp>.json`, as bench/README.md describes it. */
function resultJson(report: LaunchReport, checks: (Check & { run: string })[]) {
  const { bench, launch, resumed } = report;
  return {
    startedAt: report.startedAt.toISOString(),
    mode: report.quick ? 'quick' : 'full',
    durationSeconds: round(report.durationSeconds, 1),
    machine: machineInfo(),
    database: { ...bench.size, kind: bench.server.database, tenant: TENANT },
    settings: { batchSize: DEFAULT_BATCH_SIZE, controlShare: CONTROL_SHARE, nexoEnvironment: 'NODE_ENV=production, LOG_LEVEL=info, background jobs on (npm start)' },
    launch: {
      channels: launch.channels,
      audience: launch.counts.audience,
      mutation: { ms: round(launch.mutation.ms, 1), serverMs: launch.mutation.serverMs, statements: launch.mutation.statements },
      ...launch.figures,
      runSeconds: round(launch.runSeconds, 2),
      waitForRunnerSeconds: round(launch.waitForRunnerSeconds, 2),
      launchToCompletedSeconds: round(launch.launchToCompletedSeconds, 2),
      customersPerSecond: round(perSecond(launch), 0),
      contacts: launch.counts.contactedRows,
      reactionBatchesMeanwhile: launch.reactionsMeanwhile.batches,
      counts: launch.counts,
      batchLines: launch.lines.map(({ statements, durationMs }) => ({ statements, durationMs })),
    },
    resumed: {
      channels: resumed.channels,
      cap: resumed.cap,
      killAfterCommittedBatches: resumed.killAfterCommittedBatches,
      atKill: resumed.atKill,
      batchesAfterRestart: resumed.batchesAfterRestart,
      restartSeconds: round(resumed.restartSeconds, 1),
      ...resumed.figures,
      counts: resumed.counts,
    },
    checks,
  };
}
