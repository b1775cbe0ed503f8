import type { BackgroundContext, BackgroundJob } from '../../../src/plugin-api.ts';
import { groupByTenant, repeatPass } from '../../../src/plugin-api.ts';
import type { SegmentsRuntime } from '../segments-runtime.ts';
import { segmentsDueForEvaluation } from '../store/due-segments.ts';
import { claimDueSegments, liveDynamicSegments, markEvaluated } from '../store/segment-rows.ts';
import { checkStored, refreshSegments, withDependents } from './refresh.ts';

export interface EvaluationSchedulerOptions {
  /** Pause between passes. Default 60 s. */
  intervalMs: number;
  /** How long a time-dependent segment waits for its next full evaluation. */
  reevaluateEveryMs: number;
}

/**
 * Re-evaluates, as the clock moves, the dynamic segments whose rules hold time windows or ages. A
 * pass asks the database for due segments across tenants, then claims them in each tenant's own
 * transaction with FOR UPDATE SKIP LOCKED: several instances share the work and never evaluate a
 * segment twice for one due time.
 */
export function startEvaluationScheduler(context: BackgroundContext, runtime: () => SegmentsRuntime | null, options: EvaluationSchedulerOptions): BackgroundJob {
  return repeatPass(context.logger, options.intervalMs, 'segment evaluation pass failed; retrying at the next one', async (stopped) => {
    const current = runtime();
    if (!current) return;
    const now = context.clock.now();
    for (const [tenantId, ids] of groupByTenant(await segmentsDueForEvaluation(context, now, 100))) {
      if (stopped()) return;
      const summary = await context.inTenant(tenantId, async (scope) => {
        const claimed = (await claimDueSegments(scope.sql, ids, now)).map((segment) => checkStored(segment, current));
        if (claimed.length === 0) return { evaluated: [], entered: 0, exited: 0 };
        // Segments that refer to a re-evaluated one move with it, though their own rule holds no time.
        const live = (await liveDynamicSegments(scope.sql)).map((segment) => checkStored(segment, current));
        const result = await refreshSegments({ ...scope, logger: context.logger }, current, withDependents(claimed, live), now, null);
        const claimedIds = new Set(claimed.map((segment) => segment.id));
        await markEvaluated(scope.sql, result.evaluated.filter((id) => claimedIds.has(id)), now, new Date(now.getTime() + options.reevaluateEveryMs));
        return result;
      });
      if (summary.evaluated.length) context.logger.info({ tenantId, ...summary, evaluated: summary.evaluated.length }, 'scheduled segment evaluation');
    }
  });
}
