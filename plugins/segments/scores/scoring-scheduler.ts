import type { BackgroundContext, BackgroundJob } from '../../../src/plugin-api.ts';
import { repeatPass } from '../../../src/plugin-api.ts';
import type { SegmentsRuntime } from '../segments-runtime.ts';
import { claimDueValueModel, tenantsDueForScoring } from '../store/score-models.ts';
import { scoreTenant } from './score-tenant.ts';

export interface ScoringSchedulerOptions {
  /** Pause between passes. */
  intervalMs: number;
  /** How long a tenant's new scores stand before the next scheduled pass. */
  rescoreEveryMs: number;
}

/**
 * Rescores, as the clock moves, the tenants whose value model is due for a refit. A pass asks the
 * database for due tenants (tenants_due_for_scoring), then claims each in the tenant's own
 * transaction with FOR UPDATE SKIP LOCKED on its ValueModel row: several instances share the work
 * and never score a tenant twice for one due time. A tenant without a ValueModel row is scored by
 * the seed or by its first purchase event, not here.
 */
export function startScoringScheduler(context: BackgroundContext, runtime: () => SegmentsRuntime | null, options: ScoringSchedulerOptions): BackgroundJob {
  return repeatPass(context.logger, options.intervalMs, 'customer scoring pass failed; retrying at the next one', async (stopped) => {
    const current = runtime();
    if (!current) return;
    const now = context.clock.now();
    for (const { tenantId } of await tenantsDueForScoring(context, now, 20)) {
      if (stopped()) return;
      const model = await context.inTenant(tenantId, async (scope) =>
        (await claimDueValueModel(scope.sql, now)) ? scoreTenant({ sql: scope.sql, runtime: current }, now, options.rescoreEveryMs) : null,
      );
      if (model) context.logger.info({ tenantId, method: model.method, customers: model.customers, repeatBuyers: model.repeatBuyers }, 'scheduled customer scoring');
    }
  });
}
