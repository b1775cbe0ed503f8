import { settleDisk } from '../lib/database-settle.ts';
import { say } from '../lib/progress.ts';
import { RequestLog } from '../lib/request-log.ts';
import { batchFigures, startOf, type BatchFigures } from './batch-figures.ts';
import { LAUNCH_OPERATION } from './documents.ts';
import { LaunchLog, type BatchLine } from './launch-log.ts';
import { createScheduledCampaign, launchCampaign, type Audience } from './marketing-api.ts';
import type { LaunchBench } from './prepare.ts';
import { countRun, type RunCounts } from './run-counts.ts';
import { constantStatementsCheck, runChecks, type Check } from './run-checks.ts';
import { followRun } from './run-follow.ts';

export interface MeasuredLaunch {
  channels: string[];
  /** The launch mutation: from send to answer, and its request log line. */
  mutation: { ms: number; serverMs: number; statements: number };
  lines: BatchLine[];
  figures: BatchFigures;
  /** From the start of the first batch to the end of the last. */
  runSeconds: number;
  waitForRunnerSeconds: number;
  launchToCompletedSeconds: number;
  reactionsMeanwhile: { batches: number; events: number };
  counts: RunCounts;
  checks: Check[];
}

/** A campaign on e-mail and SMS launched to the audience and followed to its end, its runner's batches read from the log. */
export async function measureLaunch(bench: LaunchBench, audience: Audience): Promise<MeasuredLaunch> {
  const channels = ['EMAIL', 'SMS'];
  const campaignId = await createScheduledCampaign(bench, audience, { name: 'Bench launch on e-mail and SMS', kind: 'PROMOTION', channels });
  const log = new LaunchLog(bench.server.logFile);
  const requests = new RequestLog(bench.server.logFile);
  await settleDisk(bench.ownerUrl, { local: bench.local, label: 'writing out', timeoutMs: 60_000 });
  await log.read();

  const launchedAt = Date.now();
  const { run, ms } = await launchCampaign(bench, campaignId);
  const answeredAt = Date.now();
  const [launchLine] = await requests.waitFor(LAUNCH_OPERATION, 1);
  say(`launch                 the snapshot of ${run.audience.toLocaleString('en')} customers in ${ms.toFixed(0)} ms (${launchLine!.statements} statements, ${launchLine!.durationMs} ms in the server)`);
  const state = await followRun('launch run', bench.server, bench.marketing, run.id, channels.length);
  const completedAt = Date.now();
  await log.readSettled();

  const lines = log.of(run.rowId);
  const figures = batchFigures(lines);
  const runStart = startOf(lines);
  const runEnd = lines.at(-1)!.at;
  const reactions = log.reactions.batches.filter((line) => line.at >= runStart && line.at <= runEnd);
  const counts = await countRun(bench.owner, run.rowId, campaignId, channels.length);
  return {
    channels,
    mutation: { ms, serverMs: launchLine!.durationMs, statements: launchLine!.statements },
    lines,
    figures,
    runSeconds: (runEnd - runStart) / 1000,
    waitForRunnerSeconds: (runStart - answeredAt) / 1000,
    launchToCompletedSeconds: (completedAt - launchedAt) / 1000,
    reactionsMeanwhile: { batches: reactions.length, events: reactions.reduce((sum, line) => sum + line.events, 0) },
    counts,
    checks: [...runChecks(counts, state), constantStatementsCheck(figures)],
  };
}
