import { describe, expect, it } from 'vitest';
import type { BusinessCalendar } from '../sla/business-hours.ts';
import { checkpoint, escalationDue, schedule, startClock, type SlaTargets } from '../sla/sla-clock.ts';
import { viewSla, type TicketSla } from '../sla/sla-view.ts';

// The SLA clock of one ticket, driven by fixed instants: pauses, breaches, deadlines, escalations.

const office: BusinessCalendar = {
  timeZone: 'Europe/Madrid',
  workingHours: [1, 2, 3, 4, 5].flatMap((day) => [
    { day, start: '09:00', end: '14:00' },
    { day, start: '15:00', end: '18:00' },
  ]),
  holidays: ['2026-12-08'],
};
const targets: SlaTargets = { firstResponseMinutes: 240, resolutionMinutes: 960, warningPercent: 75 };
const at = (iso: string) => new Date(iso);
const iso = (date: Date | null) => date?.toISOString() ?? null;

// Monday 23 November 2026, 09:00 in Madrid.
const opened = at('2026-11-23T08:00:00Z');

function ticketOf(clock: ReturnType<typeof startClock>, level = 0): TicketSla {
  return { ...clock, ...schedule(clock, targets, office, level), firstResponseTargetMinutes: 240, resolutionTargetMinutes: 960, resolvedAt: null };
}

describe('deadlines of a running clock', () => {
  it('puts the first-response deadline 4 business hours and the resolution deadline 16 business hours after opening', () => {
    const deadlines = schedule(startClock(opened), targets, office, 0);
    expect(iso(deadlines.firstResponseDueAt)).toBe('2026-11-23T12:00:00.000Z'); // 13:00 local
    expect(iso(deadlines.firstResponseWarnAt)).toBe('2026-11-23T11:00:00.000Z'); // 75 %: 3 h
    // 16 h: Monday 8 h, Tuesday 8 h → Tuesday 18:00 local.
    expect(iso(deadlines.resolutionDueAt)).toBe('2026-11-24T17:00:00.000Z');
    expect(iso(deadlines.nextEscalationAt)).toBe('2026-11-23T11:00:00.000Z');
  });

  it('plans the next escalation at the first warning, then at the first due instant, then never', () => {
    const clock = startClock(opened);
    expect(iso(schedule(clock, targets, office, 1).nextEscalationAt)).toBe('2026-11-23T12:00:00.000Z');
    expect(schedule(clock, targets, office, 2).nextEscalationAt).toBeNull();
  });
});

describe('the pause while the ticket waits on the customer', () => {
  it('stops the clock: a two-day wait moves both deadlines by the business time it lasted', () => {
    // Answered at 10:00 (1 h used), then pending from 11:00 (2 h used) until Wednesday 10:00.
    const answered = checkpoint(startClock(opened), targets, office, at('2026-11-23T09:00:00Z'), { running: true, firstResponse: true });
    expect(answered.firstResponseSeconds).toBe(3_600);
    const paused = checkpoint(answered, targets, office, at('2026-11-23T10:00:00Z'), { running: false });
    expect(paused.slaElapsedSeconds).toBe(7_200);
    expect(schedule(paused, targets, office, 0)).toEqual({ firstResponseWarnAt: null, firstResponseDueAt: null, resolutionWarnAt: null, resolutionDueAt: null, nextEscalationAt: null });

    const resumed = checkpoint(paused, targets, office, at('2026-11-25T09:00:00Z'), { running: true });
    expect(resumed.slaElapsedSeconds).toBe(7_200); // nothing counted while paused
    // 14 h left from Wednesday 10:00: Wednesday 7 h, Thursday 09:00 + 7 h = 17:00 local.
    expect(iso(schedule(resumed, targets, office, 0).resolutionDueAt)).toBe('2026-11-26T16:00:00.000Z');
  });

  it('freezes time left while paused: the view shows the same remaining time a day later', () => {
    const paused = checkpoint(startClock(opened), targets, office, at('2026-11-23T10:00:00Z'), { running: false });
    const ticket = ticketOf(paused);
    const soon = viewSla(ticket, office, at('2026-11-23T10:00:00Z'))!;
    const later = viewSla(ticket, office, at('2026-11-24T16:00:00Z'))!;
    expect(later.resolution.remainingSeconds).toBe(soon.resolution.remainingSeconds);
    expect(later.resolution.remainingSeconds).toBe(960 * 60 - 7_200);
    expect(later).toMatchObject({ state: 'PAUSED', paused: true });
    expect(later.resolution.dueAt).toBeNull();
  });
});

describe('breaches', () => {
  it('records a breach that happened before a checkpoint at the instant the target was reached', () => {
    // Nobody answers until Monday 17:00 local: 7 h used, the 4 h target passed at 13:00 local.
    const late = checkpoint(startClock(opened), targets, office, at('2026-11-23T16:00:00Z'), { running: true, firstResponse: true });
    expect(iso(late.firstResponseBreachedAt)).toBe('2026-11-23T12:00:00.000Z');
    expect(late.firstResponseSeconds).toBe(7 * 3_600);
    const view = viewSla(ticketOf(late), office, at('2026-11-23T16:00:00Z'))!;
    expect(view.firstResponse).toMatchObject({ state: 'BREACHED', remainingSeconds: -3 * 3_600 });
    expect(view.state).toBe('BREACHED');
  });

  it('counts a reply at the due instant itself as in time', () => {
    const onTime = checkpoint(startClock(opened), targets, office, at('2026-11-23T12:00:00Z'), { running: true, firstResponse: true });
    expect(onTime.firstResponseBreachedAt).toBeNull();
    expect(viewSla(ticketOf(onTime), office, at('2026-11-23T12:00:00Z'))!.firstResponse.state).toBe('MET');
  });

  it('keeps a breach through a pause: a ticket that waits on the customer after its deadline stays breached', () => {
    const paused = checkpoint(startClock(opened), targets, office, at('2026-11-23T14:00:00Z'), { running: false });
    expect(iso(paused.firstResponseBreachedAt)).toBe('2026-11-23T12:00:00.000Z');
    expect(viewSla(ticketOf(paused), office, at('2026-11-25T09:00:00Z'))!.state).toBe('BREACHED');
  });

  it('shows a running target as at risk after its warning instant and breached after its deadline, without a checkpoint', () => {
    const ticket = ticketOf(startClock(opened));
    expect(viewSla(ticket, office, at('2026-11-23T10:00:00Z'))!.firstResponse.state).toBe('ON_TRACK');
    expect(viewSla(ticket, office, at('2026-11-23T11:30:00Z'))!.firstResponse).toMatchObject({ state: 'AT_RISK', remainingSeconds: 1_800 });
    expect(viewSla(ticket, office, at('2026-11-23T12:00:01Z'))!.firstResponse.state).toBe('BREACHED');
  });
});

describe('reopening', () => {
  it('runs the resolution target again from where it stood at resolution', () => {
    const resolved = checkpoint(startClock(opened), targets, office, at('2026-11-23T12:00:00Z'), { running: false, firstResponse: true, resolved: true });
    expect(resolved.resolutionSeconds).toBe(4 * 3_600);
    // Reopened on Friday 9:00 local with 12 h left: Friday 8 h, then Monday 09:00 + 4 h = 13:00 local.
    const reopened = checkpoint(resolved, targets, office, at('2026-11-27T08:00:00Z'), { running: true, reopened: true });
    expect(reopened.resolutionSeconds).toBeNull();
    expect(iso(schedule(reopened, targets, office, 0).resolutionDueAt)).toBe('2026-11-30T12:00:00.000Z');
  });
});

describe('escalation due at an instant', () => {
  const deadlines = schedule(startClock(opened), targets, office, 0);
  it('is nothing before the warning, at risk from it, breached once the deadline has passed', () => {
    expect(escalationDue(deadlines, 0, at('2026-11-23T10:59:59Z'))).toBeNull();
    expect(escalationDue(deadlines, 0, at('2026-11-23T11:00:00Z'))).toEqual({ level: 1, reason: 'FIRST_RESPONSE_AT_RISK' });
    expect(escalationDue(deadlines, 1, at('2026-11-23T12:00:00Z'))).toBeNull();
    expect(escalationDue(deadlines, 1, at('2026-11-23T12:00:01Z'))).toEqual({ level: 2, reason: 'FIRST_RESPONSE_BREACHED' });
  });

  it('goes straight to breached after downtime that spanned both instants, and never past the last level', () => {
    expect(escalationDue(deadlines, 0, at('2026-11-30T00:00:00Z'))).toEqual({ level: 2, reason: 'FIRST_RESPONSE_BREACHED' });
    expect(escalationDue(deadlines, 2, at('2026-11-30T00:00:00Z'))).toBeNull();
  });
});
