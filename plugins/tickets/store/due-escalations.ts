import type { BackgroundContext } from '../../../src/plugin-api.ts';

/**
 * Tickets of every tenant whose next escalation has come, at most `limit`: through
 * tickets_due_for_escalation (defined by the migration), the one statement that may look across
 * tenants, and which returns ids only.
 */
export function ticketsDueForEscalation(context: BackgroundContext, now: Date, limit: number): Promise<{ tenantId: string; id: string }[]> {
  return context.queryWithoutTenant<{ tenantId: string; id: string }>`
    SELECT "tenantId", id::text AS id FROM tickets_due_for_escalation(${now}::timestamp(3), ${limit}::int)`;
}
