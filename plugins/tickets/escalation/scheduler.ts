import type { BackgroundContext, BackgroundJob } from '../../../src/plugin-api.ts';
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
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | null = null;

  async function pass(): Promise<void> {
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
      if (due.length < batchSize || escalated === 0 || stopped) return;
    }
  }

  const tick = async () => {
    running = pass().catch((error: unknown) => context.logger.error({ err: error }, 'escalation pass failed; retrying at the next one'));
    await running;
    running = null;
    if (!stopped) timer = setTimeout(() => void tick(), intervalMs);
  };
  void tick();

  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}

function groupByTenant(rows: readonly { tenantId: string; id: string }[]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const row of rows) {
    const ids = groups.get(row.tenantId) ?? [];
    ids.push(row.id);
    groups.set(row.tenantId, ids);
  }
  return groups;
}
