import type { BusinessCalendar } from './business-hours.ts';
import { elapsedAt, type SlaClock } from './sla-clock.ts';

// What a reader sees of a ticket's SLA at a given instant: per target its deadline, the business
// time used and left, and whether it is on track, at risk, breached, paused or met. Pure.

export type SlaState = 'ON_TRACK' | 'AT_RISK' | 'BREACHED' | 'PAUSED' | 'MET';

export interface SlaTargetView {
  targetMinutes: number;
  /** When the running clock reaches the target; null while paused or once done. */
  dueAt: Date | null;
  warnAt: Date | null;
  /** Business seconds used; at completion for a completed target. */
  elapsedSeconds: number;
  /** Business seconds left until the target; negative when overdue. */
  remainingSeconds: number;
  completedAt: Date | null;
  breachedAt: Date | null;
  state: SlaState;
}

export interface SlaView {
  state: SlaState;
  paused: boolean;
  firstResponse: SlaTargetView;
  resolution: SlaTargetView;
}

/** The ticket columns the view reads. */
export interface TicketSla extends SlaClock {
  firstResponseTargetMinutes: number | null;
  resolutionTargetMinutes: number | null;
  firstResponseWarnAt: Date | null;
  firstResponseDueAt: Date | null;
  resolutionWarnAt: Date | null;
  resolutionDueAt: Date | null;
  resolvedAt: Date | null;
}

// The worst state of the two targets names the ticket's.
const SEVERITY: readonly SlaState[] = ['BREACHED', 'AT_RISK', 'ON_TRACK', 'PAUSED', 'MET'];

/** Null for a ticket without an SLA policy. */
export function viewSla(ticket: TicketSla, calendar: BusinessCalendar | null, now: Date): SlaView | null {
  if (ticket.firstResponseTargetMinutes === null || ticket.resolutionTargetMinutes === null) return null;
  // Business time walks the calendar day by day; a queue that shows states and deadlines never asks for it.
  let running: number | undefined;
  const runningSeconds = () => (running ??= elapsedAt(ticket, calendar, now));
  const target = (
    targetMinutes: number,
    completedSeconds: number | null,
    completedAt: Date | null,
    dueAt: Date | null,
    warnAt: Date | null,
    recordedBreach: Date | null,
  ): SlaTargetView => {
    const completed = completedSeconds !== null;
    const elapsedSeconds = () => (completed ? completedSeconds : runningSeconds());
    const breachedAt = recordedBreach ?? (!completed && dueAt && now.getTime() > dueAt.getTime() ? dueAt : null);
    let state: SlaState;
    if (completed) state = breachedAt ? 'BREACHED' : 'MET';
    else if (breachedAt) state = 'BREACHED';
    else if (!ticket.slaRunning) state = 'PAUSED';
    else if (warnAt && now.getTime() >= warnAt.getTime()) state = 'AT_RISK';
    else state = 'ON_TRACK';
    return {
      targetMinutes,
      dueAt: completed ? null : dueAt,
      warnAt: completed ? null : warnAt,
      get elapsedSeconds() {
        return elapsedSeconds();
      },
      get remainingSeconds() {
        return targetMinutes * 60 - elapsedSeconds();
      },
      completedAt: completed ? completedAt : null,
      breachedAt,
      state,
    };
  };
  const firstResponse = target(
    ticket.firstResponseTargetMinutes,
    ticket.firstResponseSeconds,
    ticket.firstRespondedAt,
    ticket.firstResponseDueAt,
    ticket.firstResponseWarnAt,
    ticket.firstResponseBreachedAt,
  );
  const resolution = target(ticket.resolutionTargetMinutes, ticket.resolutionSeconds, ticket.resolvedAt, ticket.resolutionDueAt, ticket.resolutionWarnAt, ticket.resolutionBreachedAt);
  const state = SEVERITY.find((candidate) => firstResponse.state === candidate || resolution.state === candidate)!;
  return { state, paused: !ticket.slaRunning && ticket.resolutionSeconds === null, firstResponse, resolution };
}
