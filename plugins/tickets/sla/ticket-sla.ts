import type { Prisma } from '../../../src/plugin-api.ts';
import type { TicketKind, TicketPriority } from '../store/enums.ts';
import { businessCalendarOf, lineageOf, type ConfigReader } from '../config/service-config.ts';
import type { BusinessCalendar } from './business-hours.ts';
import { selectPolicy } from './policy-selection.ts';
import { schedule, type SlaClock, type SlaTargets } from './sla-clock.ts';

// The SLA columns of a ticket: which policy applies, and the deadlines that follow from its clock.

type TicketRow = Prisma.TicketModel;

/** When no clock runs: sorts last among "most urgent first". */
export const NO_DEADLINE = new Date('9999-12-31T00:00:00Z');

export interface SlaSetup {
  slaPolicyId: string | null;
  slaCalendarId: string | null;
  firstResponseTargetMinutes: number | null;
  resolutionTargetMinutes: number | null;
  warningPercent: number | null;
}

/** The policy for a ticket of this priority, kind and category, as columns (all null when none applies). */
export async function slaSetupFor(config: ConfigReader, ticket: { priority: TicketPriority; kind: TicketKind; categoryId: string }): Promise<SlaSetup> {
  const lineage = lineageOf(await config.categories(), ticket.categoryId).map((category) => category.id);
  const policy = selectPolicy(await config.policies(), { priority: ticket.priority, kind: ticket.kind, categoryLineage: lineage });
  if (!policy) return { slaPolicyId: null, slaCalendarId: null, firstResponseTargetMinutes: null, resolutionTargetMinutes: null, warningPercent: null };
  return {
    slaPolicyId: policy.id,
    slaCalendarId: policy.calendarId,
    firstResponseTargetMinutes: policy.firstResponseMinutes,
    resolutionTargetMinutes: policy.resolutionMinutes,
    warningPercent: policy.warningPercent,
  };
}

export function targetsOf(ticket: Pick<TicketRow, 'firstResponseTargetMinutes' | 'resolutionTargetMinutes' | 'warningPercent'>): SlaTargets | null {
  if (ticket.firstResponseTargetMinutes === null || ticket.resolutionTargetMinutes === null) return null;
  return { firstResponseMinutes: ticket.firstResponseTargetMinutes, resolutionMinutes: ticket.resolutionTargetMinutes, warningPercent: ticket.warningPercent ?? 80 };
}

export async function calendarOf(config: ConfigReader, calendarId: string | null): Promise<BusinessCalendar | null> {
  if (!calendarId) return null;
  const row = (await config.calendars()).get(calendarId);
  return row ? businessCalendarOf(row) : null;
}

/** The stored clock of a ticket row. */
export function clockOf(ticket: TicketRow): SlaClock {
  return {
    slaElapsedSeconds: ticket.slaElapsedSeconds,
    slaCheckpointAt: ticket.slaCheckpointAt,
    slaRunning: ticket.slaRunning,
    firstRespondedAt: ticket.firstRespondedAt,
    firstResponseSeconds: ticket.firstResponseSeconds,
    resolutionSeconds: ticket.resolutionSeconds,
    firstResponseBreachedAt: ticket.firstResponseBreachedAt,
    resolutionBreachedAt: ticket.resolutionBreachedAt,
  };
}

/** Every SLA column to store for a clock: the clock itself, its deadlines, the next escalation and the sort key. */
export function slaColumns(clock: SlaClock, targets: SlaTargets | null, calendar: BusinessCalendar | null, escalationLevel: number) {
  const deadlines = schedule(clock, targets, calendar, escalationLevel);
  const dues = [deadlines.firstResponseDueAt, deadlines.resolutionDueAt].filter((due): due is Date => due !== null);
  return {
    ...clock,
    ...deadlines,
    deadlineSortKey: dues.length ? new Date(Math.min(...dues.map((due) => due.getTime()))) : NO_DEADLINE,
  };
}
