import { setTimeout as sleep } from 'node:timers/promises';
import { DEFAULT_BATCH_SIZE } from '../../plugins/campaigns/launch/run-batch.ts';
import { settleDisk } from '../lib/database-settle.ts';
import { say } from '../lib/progress.ts';
import { launchNexo } from '../lib/server.ts';
import { batchesFor, batchFigures, type BatchFigures } from './batch-figures.ts';
import { LaunchLog } from './launch-log.ts';
import { createScheduledCampaign, launchCampaign, setContactCap, type Audience, type LaunchedRun } from './marketing-api.ts';
import type { LaunchBench } from './prepare.ts';
import { countRun, type RunCounts } from './run-counts.ts';
import { resumeChecks, runChecks, type Check } from './run-checks.ts';
import { followRun, RUN_TIMEOUT_MS } from './run-follow.ts';

/** The first launch used up the default cap (2 contacts in 7 days) of everyone it reached on both channels. */
const RAISED_CAP = { maxContacts: 3, perDays: 7 };

export interface ResumedLaunch {
  channels: string[];
  cap: typeof RAISED_CAP;
  killAfterCommittedBatches: number;
  atKill: { decided: number; status: string; checkpoint: string | null; batchesCommitted: number; batchesLogged: number };
  batchesAfterRestart: number;
  /** From the SIGKILL to the new server ready. */
  restartSeconds: number;
  figures: BatchFigures;
  counts: RunCounts;
  checks: Check[];
}

/** A second campaign, on the web, whose server is killed after a few batches and replaced by a new one on the same database. */
export async function resumeLaunch(bench: LaunchBench, audience: Audience): Promise<ResumedLaunch> {
  await setContactCap(bench, RAISED_CAP);
  const channels = ['WEB'];
  const campaignId = await createScheduledCampaign(bench, audience, { name: 'Bench launch on the web, resumed', kind: 'DIGITAL_BANNER', channels });
  await settleDisk(bench.ownerUrl, { local: bench.local, label: 'writing out', timeoutMs: 60_000 });
  const killAfter = Math.max(1, Math.min(5, Math.floor(batchesFor(audience.size) / 4)));
  const { run } = await launchCampaign(bench, campaignId);
  say(`resumability          waiting for ${killAfter} committed batch${killAfter > 1 ? 'es' : ''} of the run, then SIGKILL …`);
  await waitForCommittedBatches(bench, run, killAfter, channels.length);

  const { server } = bench;
  process.kill(server.pid, 'SIGKILL');
  const killedAt = performance.now();
  while (alive(server.pid)) await sleep(20);
  const killedLog = new LaunchLog(server.logFile);
  await killedLog.read();
  const loggedBeforeKill = killedLog.of(run.rowId);
  // Counted from the database: the killed server's last log lines may never have reached its file.
  const [halfway] = await bench.owner.transaction(
    async (client) =>
      (
        await client.query<{ decided: number; status: string; checkpoint: string | null }>(
          `SELECT (SELECT count(DISTINCT "customerId")::int FROM "CampaignRecipient" WHERE "runId" = $1::uuid) AS decided, status::text AS status, checkpoint::text AS checkpoint
           FROM "CampaignRun" WHERE id = $1::uuid`,
          [run.rowId],
        )
      ).rows,
  );
  const committedBeforeKill = Math.ceil(halfway!.decided / DEFAULT_BATCH_SIZE);
  say(
    `killed                 the server (SIGKILL) with the run ${halfway!.status}: ${halfway!.decided.toLocaleString('en')} customers decided in ${committedBeforeKill} committed batches ` +
      `(${loggedBeforeKill.length} logged before it died)`,
  );

  say('starting a new server on the same database …');
  const restarted = await launchNexo({ besides: server, log: say, startTimeoutMs: 300_000 });
  bench.teardown.add('stop the restarted server', () => restarted.stop());
  const restartSeconds = (performance.now() - killedAt) / 1000;
  const state = await followRun('resumed run', restarted, bench.marketing, run.id, channels.length);
  const resumedLog = new LaunchLog(restarted.logFile);
  await resumedLog.readSettled();
  const resumedLines = resumedLog.of(run.rowId);
  const counts = await countRun(bench.owner, run.rowId, campaignId, channels.length);
  return {
    channels,
    cap: RAISED_CAP,
    killAfterCommittedBatches: killAfter,
    atKill: { ...halfway!, batchesCommitted: committedBeforeKill, batchesLogged: loggedBeforeKill.length },
    batchesAfterRestart: resumedLines.length,
    restartSeconds,
    figures: batchFigures([...loggedBeforeKill, ...resumedLines]),
    counts,
    checks: [...runChecks(counts, state), ...resumeChecks(halfway!, committedBeforeKill, resumedLines.length, counts.audience)],
  };
}

/**
 * Returns as soon as the database shows `batches` committed (the log lags behind the commits), so
 * that the kill most likely finds the next batch in flight, its transaction open.
 */
async function waitForCommittedBatches(bench: LaunchBench, run: LaunchedRun, batches: number, channels: number): Promise<void> {
  const deadline = performance.now() + RUN_TIMEOUT_MS;
  for (;;) {
    const [progress] = await bench.owner.transaction(
      async (client) =>
        (
          await client.query<{ decided: number; status: string }>(
            `SELECT control + (contacted + excluded) / $2::int AS decided, status::text AS status FROM "CampaignRun" WHERE id = $1::uuid`,
            [run.rowId, channels],
          )
        ).rows,
    );
    if (progress!.decided >= batches * DEFAULT_BATCH_SIZE || progress!.status !== 'RUNNING') return;
    if (performance.now() > deadline) throw new Error(`the run ${run.rowId} committed no ${batches} batches in ${RUN_TIMEOUT_MS / 60_000} minutes`);
    await sleep(5);
  }
}

/** Whether the process still exists (Node reaps its exited children, so a killed server disappears). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
