import type { BackgroundContext, BackgroundJob } from '../../../src/plugin-api.ts';
import { countStatements, repeatPass } from '../../../src/plugin-api.ts';
import { runsToContinue } from '../store/launch-runs.ts';
import { followSchedules } from './campaign-schedule.ts';
import { DEFAULT_BATCH_SIZE, runBatch } from './run-batch.ts';

export interface LaunchRunnerOptions {
  /** Pause between passes looking for RUNNING runs. Default 5 s. */
  intervalMs?: number;
  /** Customers decided per batch (per transaction). Default 1,000. */
  batchSize?: number;
  /** Runs picked up per pass, at most; and campaigns whose schedule has come. Default 20. */
  runsPerPass?: number;
}

/**
 * Each pass first follows the campaigns' schedules (launches what has come due, completes what has
 * ended), then carries every RUNNING run to its end, batch by batch, each batch its own transaction
 * from the run's checkpoint: a server stopped halfway resumes where the last committed batch ended,
 * and instances side by side share the runs (a batch claims its run FOR UPDATE SKIP LOCKED; two
 * launches of one campaign take turns on its lock, and the second finds the step taken).
 */
export function startLaunchRunner(context: BackgroundContext, options: LaunchRunnerOptions = {}): BackgroundJob {
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  return repeatPass(context.logger, options.intervalMs ?? 5_000, 'campaign launch pass failed; retrying at the next one', async (stopped) => {
    // A schedule that cannot be read this pass must not hold up the runs already under way.
    await followSchedules(context, options.runsPerPass ?? 20).catch((error: unknown) => context.logger.error({ err: error }, 'campaign schedules not followed this pass'));
    for (const { tenantId, id } of await runsToContinue(context, options.runsPerPass ?? 20)) {
      let outcome = 'MORE';
      let batches = 0;
      while (outcome === 'MORE' && !stopped()) {
        const statements = { count: 0 };
        const started = performance.now();
        outcome = await countStatements(statements, () => context.inTenant(tenantId, (scope) => runBatch({ ...scope, tenantId, now: context.clock.now() }, id, batchSize)));
        batches += 1;
        // One line per batch, BEGIN to COMMIT, as the reactions log theirs: what a launch costs and how far it got.
        if (outcome !== 'BUSY') context.logger.info({ tenantId, runId: id, batch: batches, statements: statements.count, durationMs: Math.round((performance.now() - started) * 10) / 10 }, 'campaign launch batch handled');
      }
      if (outcome === 'DONE') context.logger.info({ tenantId, runId: id, batches }, 'campaign run completed');
    }
  });
}
