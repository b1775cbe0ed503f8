import { addBusinessMs, businessMsBetween, type BusinessCalendar } from './business-hours.ts';

// A ticket's SLA clock, as stored on the ticket: how many business seconds it ran until its last
// checkpoint and whether it runs now. Every change that starts, stops or retargets the clock
// checkpoints it; deadlines and the next escalation follow from the checkpoint. Pure.

export interface SlaTargets {
  firstResponseMinutes: number;
  resolutionMinutes: number;
  /** Share of a target after which the ticket is at risk. */
  warningPercent: number;
}

/** The stored state of the clock (Ticket columns of the same names). */
export interface SlaClock {
  slaElapsedSeconds: number;
  slaCheckpointAt: Date;
  slaRunning: boolean;
  firstRespondedAt: Date | null;
  firstResponseSeconds: number | null;
  resolutionSeconds: number | null;
  firstResponseBreachedAt: Date | null;
  resolutionBreachedAt: Date | null;
}

/** When the running clock reaches each warning share and each target; null while stopped or done. */
export interface SlaSchedule {
  firstResponseWarnAt: Date | null;
  firstResponseDueAt: Date | null;
  resolutionWarnAt: Date | null;
  resolutionDueAt: Date | null;
  nextEscalationAt: Date | null;
}

/** What happens at a checkpoint. */
export interface ClockChange {
  /** Whether the clock runs after it. */
  running: boolean;
  /** The first public reply of an agent. */
  firstResponse?: boolean;
  resolved?: boolean;
  /** A resolved ticket reopened: its resolution target runs again. */
  reopened?: boolean;
}

export type EscalationReason = 'FIRST_RESPONSE_AT_RISK' | 'RESOLUTION_AT_RISK' | 'FIRST_RESPONSE_BREACHED' | 'RESOLUTION_BREACHED';

/** Escalation levels: at risk, then breached; nothing escalates past the last. */
export const AT_RISK_LEVEL = 1;
export const BREACHED_LEVEL = 2;

export function startClock(at: Date): SlaClock {
  return {
    slaElapsedSeconds: 0,
    slaCheckpointAt: new Date(at),
    slaRunning: true,
    firstRespondedAt: null,
    firstResponseSeconds: null,
    resolutionSeconds: null,
    firstResponseBreachedAt: null,
    resolutionBreachedAt: null,
  };
}

/** Business seconds on the clock at `at` (the clock never runs backwards: `at` before the checkpoint counts nothing). */
export function elapsedAt(clock: SlaClock, calendar: BusinessCalendar | null, at: Date): number {
  if (!clock.slaRunning || !calendar) return clock.slaElapsedSeconds;
  return clock.slaElapsedSeconds + Math.floor(businessMsBetween(calendar, clock.slaCheckpointAt, at) / 1000);
}

/**
 * Checkpoints the clock at `at` for `change`: adds the business time run since the last
 * checkpoint, records a target breached meanwhile at the instant it was, and stops, starts or
 * completes targets. Without targets (no SLA policy) only time is kept.
 */
export function checkpoint(clock: SlaClock, targets: SlaTargets | null, calendar: BusinessCalendar | null, at: Date, change: ClockChange): SlaClock {
  const at_ = at.getTime() < clock.slaCheckpointAt.getTime() ? clock.slaCheckpointAt : at;
  const elapsed = elapsedAt(clock, calendar, at_);
  const next: SlaClock = { ...clock, slaElapsedSeconds: elapsed, slaCheckpointAt: new Date(at_), slaRunning: change.running };
  if (targets && calendar) {
    const reachedAt = (targetSeconds: number) =>
      clock.slaRunning && clock.slaElapsedSeconds < targetSeconds
        ? addBusinessMs(calendar, clock.slaCheckpointAt, (targetSeconds - clock.slaElapsedSeconds) * 1000)
        : new Date(at_);
    if (clock.firstRespondedAt === null && clock.firstResponseBreachedAt === null && elapsed > targets.firstResponseMinutes * 60) {
      next.firstResponseBreachedAt = reachedAt(targets.firstResponseMinutes * 60);
    }
    if (clock.resolutionSeconds === null && clock.resolutionBreachedAt === null && elapsed > targets.resolutionMinutes * 60) {
      next.resolutionBreachedAt = reachedAt(targets.resolutionMinutes * 60);
    }
  }
  if (change.firstResponse && clock.firstRespondedAt === null) {
    next.firstRespondedAt = new Date(at_);
    next.firstResponseSeconds = elapsed;
  }
  if (change.resolved) next.resolutionSeconds = elapsed;
  if (change.reopened) next.resolutionSeconds = null;
  return next;
}

/**
 * Deadlines of the running clock and the instant of the next escalation for a ticket at
 * `escalationLevel`: the first warning share at level 0, the first target at level 1, none after.
 */
export function schedule(clock: SlaClock, targets: SlaTargets | null, calendar: BusinessCalendar | null, escalationLevel: number): SlaSchedule {
  const none: SlaSchedule = { firstResponseWarnAt: null, firstResponseDueAt: null, resolutionWarnAt: null, resolutionDueAt: null, nextEscalationAt: null };
  if (!clock.slaRunning || !targets || !calendar) return none;
  const instantAt = (seconds: number, breachedAt: Date | null): Date => {
    const remaining = seconds - clock.slaElapsedSeconds;
    if (remaining > 0) return addBusinessMs(calendar, clock.slaCheckpointAt, remaining * 1000);
    return breachedAt ?? new Date(clock.slaCheckpointAt);
  };
  const warningOf = (minutes: number) => Math.ceil((minutes * 60 * targets.warningPercent) / 100);
  const result = { ...none };
  if (clock.firstRespondedAt === null) {
    result.firstResponseWarnAt = instantAt(warningOf(targets.firstResponseMinutes), clock.firstResponseBreachedAt);
    result.firstResponseDueAt = instantAt(targets.firstResponseMinutes * 60, clock.firstResponseBreachedAt);
  }
  if (clock.resolutionSeconds === null) {
    result.resolutionWarnAt = instantAt(warningOf(targets.resolutionMinutes), clock.resolutionBreachedAt);
    result.resolutionDueAt = instantAt(targets.resolutionMinutes * 60, clock.resolutionBreachedAt);
  }
  const candidates =
    escalationLevel === 0 ? [result.firstResponseWarnAt, result.resolutionWarnAt] : escalationLevel === AT_RISK_LEVEL ? [result.firstResponseDueAt, result.resolutionDueAt] : [];
  result.nextEscalationAt = earliest(candidates);
  return result;
}

/**
 * The escalation a ticket has reached at `now`, if above its level: breached once a target's due
 * instant has passed (a reply at the due instant itself is in time), at risk from the warning
 * instant on.
 */
export function escalationDue(deadlines: SlaSchedule, escalationLevel: number, now: Date): { level: number; reason: EscalationReason } | null {
  const after = (instant: Date | null) => instant !== null && now.getTime() > instant.getTime();
  const from = (instant: Date | null) => instant !== null && now.getTime() >= instant.getTime();
  if (escalationLevel < BREACHED_LEVEL) {
    if (after(deadlines.firstResponseDueAt)) return { level: BREACHED_LEVEL, reason: 'FIRST_RESPONSE_BREACHED' };
    if (after(deadlines.resolutionDueAt)) return { level: BREACHED_LEVEL, reason: 'RESOLUTION_BREACHED' };
  }
  if (escalationLevel < AT_RISK_LEVEL) {
    if (from(deadlines.firstResponseWarnAt)) return { level: AT_RISK_LEVEL, reason: 'FIRST_RESPONSE_AT_RISK' };
    if (from(deadlines.resolutionWarnAt)) return { level: AT_RISK_LEVEL, reason: 'RESOLUTION_AT_RISK' };
  }
  return null;
}

function earliest(instants: (Date | null)[]): Date | null {
  let best: Date | null = null;
  for (const instant of instants) if (instant && (!best || instant < best)) best = instant;
  return best;
}
