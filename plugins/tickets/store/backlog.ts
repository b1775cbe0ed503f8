import type { TenantDb } from '../../../src/plugin-api.ts';
import type { TicketKind } from './enums.ts';
import { OPEN_STATUSES } from '../ticket-status.ts';

// The backlog now, by queue and category, as one SQL statement (GROUPING SETS gives the totals per
// queue and overall in the same pass). Breached and at risk mean what `Ticket.sla.state` means.

export interface BacklogFigures {
  open: number;
  new: number;
  pendingCustomer: number;
  escalated: number;
  unassigned: number;
  breached: number;
  atRisk: number;
  oldestCreatedAt: Date | null;
}

export interface BacklogRow extends BacklogFigures {
  queueId: string | null;
  categoryId: string | null;
}

export async function ticketBacklog(db: TenantDb, scope: { tenantId: string; now: Date; queueIds: readonly string[] | null; kinds: readonly TicketKind[] | null }): Promise<BacklogRow[]> {
  return db.$queryRaw<BacklogRow[]>`
    WITH open_tickets AS (
      SELECT t."queueId", t."categoryId", t.status, t."assigneeId", t."createdAt",
             coalesce(t."firstResponseBreachedAt" IS NOT NULL OR t."resolutionBreachedAt" IS NOT NULL
               OR (t."slaRunning" AND (t."firstResponseDueAt" < ${scope.now} OR t."resolutionDueAt" < ${scope.now})), false) AS breached,
             coalesce(t."slaRunning" AND (t."firstResponseWarnAt" <= ${scope.now} OR t."resolutionWarnAt" <= ${scope.now}), false) AS warned
      FROM "Ticket" t
      WHERE t."tenantId" = ${scope.tenantId} AND t.status::text = ANY(${[...OPEN_STATUSES]}::text[])
        AND (${scope.queueIds}::uuid[] IS NULL OR t."queueId" = ANY(${scope.queueIds}::uuid[]))
        AND (${scope.kinds}::text[] IS NULL OR t.kind::text = ANY(${scope.kinds}::text[]))
    )
    SELECT "queueId"::text AS "queueId", "categoryId"::text AS "categoryId",
           count(*)::int AS open,
           (count(*) FILTER (WHERE status = 'NEW'))::int AS new,
           (count(*) FILTER (WHERE status = 'PENDING_CUSTOMER'))::int AS "pendingCustomer",
           (count(*) FILTER (WHERE status = 'ESCALATED'))::int AS escalated,
           (count(*) FILTER (WHERE "assigneeId" IS NULL))::int AS unassigned,
           (count(*) FILTER (WHERE breached))::int AS breached,
           (count(*) FILTER (WHERE NOT breached AND warned))::int AS "atRisk",
           min("createdAt") AS "oldestCreatedAt"
    FROM open_tickets
    GROUP BY GROUPING SETS (("queueId", "categoryId"), ("queueId"), ())`;
}
