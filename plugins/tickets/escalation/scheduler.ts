import type { BackgroundContext, BackgroundJob } from '../../../src/plugin-api.ts';
import { groupByTenant, repeatPass } from '../../../src/plugin-api.ts';
import { configReader } from '../config/service-config.ts';
import { ticketsDueForEscalation } from '../store/due-escalations.ts';
import { escalateDueTickets } from './escalate-ticket.ts';

export interface EscalationSchedulerOptions {
  /** Pause between passes. Default 15 s. */
  intervalMs?: number;
  /** Tickets looked at per statement. Default 200. */
  batchSize?: number;
}

export const SCHEDULER_ACTOR = 'system:tickets';

/**
 * The escalation scheduler, on every instance. A pass asks the database for tickets whose next
 * escalation has come, across tenants (tickets_due_for_escalation, defined by the migration), then
 * escalates them tenant by tenant, each in a transaction of its own tenant that claims its tickets
 * with `FOR UPDATE SKIP LOCKED`. Several instances therefore share the work and never escalate a
 * ticket twice, and what fell due while no instance ran is found by the first pass after start.
 */
export function startEscalationScheduler(context: BackgroundContext, options: EscalationSchedulerOptions = {}): BackgroundJob {
  const intervalMs = options.intervalMs ?? 15_000;
  const batchSize = options.batchSize ?? 200;
  return repeatPass(context.logger, intervalMs, 'escalation pass failed; retrying at the next one', async (stopped) => {
    for (;;) {
      const now = context.clock.now();
      const due = await ticketsDueForEscalation(context, now, batchSize);
      if (due.length === 0) return;
      let escalated = 0;
      for (const [tenantId, ids] of groupByTenant(due)) {
        const counts = await context.inTenant(tenantId, (scope) =>
          escalateDueTickets({ db: scope.db, events: scope.events, tenantId, actorId: SCHEDULER_ACTOR, config: configReader(scope.sql, tenantId), now }, ids),
        );
        escalated += counts.escalated;
        if (counts.refused > 0) context.logger.warn({ tenantId, refused: counts.refused }, 'escalations refused by the unique key: a ticket was claimed twice');
      }
      if (escalated > 0) context.logger.info({ escalated }, 'escalated tickets');
      // A short batch was everything; one where nothing could be claimed is another instance's.
      if (due.length < batchSize || escalated === 0 || stopped()) return;
    }
  });
}

