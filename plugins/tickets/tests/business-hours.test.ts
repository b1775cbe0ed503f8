import { describe, expect, it } from 'vitest';
import { addBusinessMs, businessMsBetween, zonedInstant, type BusinessCalendar } from '../sla/business-hours.ts';

// Business time with fixed instants: no clock is read, so every figure is exact.

const HOUR = 3_600_000;

/** A Madrid office: Monday to Friday 9:00–14:00 and 15:00–18:00 (8 hours), closed on two holidays. */
const madridOffice: BusinessCalendar = {
  timeZone: 'Europe/Madrid',
  workingHours: [1, 2, 3, 4, 5].flatMap((day) => [
    { day, start: '09:00', end: '14:00' },
    { day, start: '15:00', end: '18:00' },
  ]),
  holidays: ['2026-12-08', '2026-12-25'],
};

const madridAroundTheClock: BusinessCalendar = {
  timeZone: 'Europe/Madrid',
  workingHours: [1, 2, 3, 4, 5, 6, 7].map((day) => ({ day, start: '00:00', end: '24:00' })),
  holidays: [],
};

const at = (iso: string) => new Date(iso);

describe('business hours of a Madrid office', () => {
  it('runs only inside working periods: a lunch break is skipped', () => {
    // Monday 23 November 2026, 13:30 in Madrid (UTC+1) is 12:30Z.
    expect(addBusinessMs(madridOffice, at('2026-11-23T12:30:00Z'), HOUR).toISOString()).toBe('2026-11-23T14:30:00.000Z');
    expect(businessMsBetween(madridOffice, at('2026-11-23T12:30:00Z'), at('2026-11-23T14:30:00Z'))).toBe(HOUR);
  });

  it('starts at the next opening when asked outside hours', () => {
    // Tuesday 07:00 local (06:00Z): the first hour of work ends at 10:00 local.
    expect(addBusinessMs(madridOffice, at('2026-11-24T06:00:00Z'), HOUR).toISOString()).toBe('2026-11-24T09:00:00.000Z');
    expect(businessMsBetween(madridOffice, at('2026-11-24T06:00:00Z'), at('2026-11-24T08:00:00Z'))).toBe(0);
  });

  it('jumps a weekend: two hours from Friday 17:00 end on Monday at 10:00', () => {
    const friday1700 = at('2026-11-20T16:00:00Z');
    expect(addBusinessMs(madridOffice, friday1700, 2 * HOUR).toISOString()).toBe('2026-11-23T09:00:00.000Z');
    expect(businessMsBetween(madridOffice, friday1700, at('2026-11-23T09:00:00Z'))).toBe(2 * HOUR);
    // The whole weekend counts nothing.
    expect(businessMsBetween(madridOffice, at('2026-11-20T17:00:00Z'), at('2026-11-23T08:00:00Z'))).toBe(0);
  });

  it('skips a holiday: three hours from Monday 7 December 17:00 end on Wednesday 9 December at 11:00', () => {
    const monday1700 = at('2026-12-07T16:00:00Z');
    expect(addBusinessMs(madridOffice, monday1700, 3 * HOUR).toISOString()).toBe('2026-12-09T10:00:00.000Z');
    expect(businessMsBetween(madridOffice, at('2026-12-08T00:00:00Z'), at('2026-12-09T00:00:00Z'))).toBe(0);
  });

  it('counts a full week as 40 hours, and a week with a holiday as 32', () => {
    expect(businessMsBetween(madridOffice, at('2026-11-23T00:00:00Z'), at('2026-11-30T00:00:00Z'))).toBe(40 * HOUR);
    expect(businessMsBetween(madridOffice, at('2026-12-07T00:00:00Z'), at('2026-12-14T00:00:00Z'))).toBe(32 * HOUR);
  });

  it('follows the spring daylight saving change: the office opens at 07:00Z instead of 08:00Z after it', () => {
    // Friday 27 March 2026 17:00 CET is 16:00Z; clocks go forward on Sunday 29 March at 02:00.
    const friday1700 = at('2026-03-27T16:00:00Z');
    expect(addBusinessMs(madridOffice, friday1700, 2 * HOUR).toISOString()).toBe('2026-03-30T08:00:00.000Z');
    expect(businessMsBetween(madridOffice, friday1700, at('2026-03-30T08:00:00Z'))).toBe(2 * HOUR);
  });

  it('follows the autumn change back: the office opens at 08:00Z again', () => {
    // Friday 23 October 2026 17:00 CEST is 15:00Z; clocks go back on Sunday 25 October at 03:00.
    expect(addBusinessMs(madridOffice, at('2026-10-23T15:00:00Z'), 2 * HOUR).toISOString()).toBe('2026-10-26T09:00:00.000Z');
  });
});

describe('a calendar that never closes, across daylight saving changes', () => {
  it('has a 23-hour Sunday in March and a 25-hour Sunday in October', () => {
    // Local midnight to midnight: 28→29 March 23:00Z to 29 March 22:00Z.
    const march29 = [zonedInstant({ year: 2026, month: 3, day: 29 }, 0, 'Europe/Madrid'), zonedInstant({ year: 2026, month: 3, day: 30 }, 0, 'Europe/Madrid')];
    expect(businessMsBetween(madridAroundTheClock, new Date(march29[0]!), new Date(march29[1]!))).toBe(23 * HOUR);
    const october25 = [zonedInstant({ year: 2026, month: 10, day: 25 }, 0, 'Europe/Madrid'), zonedInstant({ year: 2026, month: 10, day: 26 }, 0, 'Europe/Madrid')];
    expect(businessMsBetween(madridAroundTheClock, new Date(october25[0]!), new Date(october25[1]!))).toBe(25 * HOUR);
  });

  it('counts elapsed time, not wall-clock readings: 24 hours from Saturday noon end on Sunday at 13:00 local', () => {
    // Saturday 28 March 12:00 CET = 11:00Z; 24 real hours later is 11:00Z on Sunday = 13:00 CEST.
    expect(addBusinessMs(madridAroundTheClock, at('2026-03-28T11:00:00Z'), 24 * HOUR).toISOString()).toBe('2026-03-29T11:00:00.000Z');
  });
});

describe('local times that do not exist or happen twice', () => {
  it('moves a time inside the spring gap forward by the gap, and takes the first of a repeated time', () => {
    // 02:30 on 29 March does not exist in Madrid: it becomes 03:30 CEST = 01:30Z.
    expect(new Date(zonedInstant({ year: 2026, month: 3, day: 29 }, 150, 'Europe/Madrid')).toISOString()).toBe('2026-03-29T01:30:00.000Z');
    // 02:30 on 25 October happens twice: first in CEST (00:30Z), then in CET (01:30Z).
    expect(new Date(zonedInstant({ year: 2026, month: 10, day: 25 }, 150, 'Europe/Madrid')).toISOString()).toBe('2026-10-25T00:30:00.000Z');
  });

  it('gives a working period that straddles the spring gap only the hour that exists', () => {
    const nightShift: BusinessCalendar = { timeZone: 'Europe/Madrid', workingHours: [{ day: 7, start: '01:00', end: '04:00' }], holidays: [] };
    expect(businessMsBetween(nightShift, at('2026-03-28T00:00:00Z'), at('2026-03-30T00:00:00Z'))).toBe(2 * HOUR);
  });
});

describe('another zone', () => {
  it('applies New York rules, which change on a different date than Madrid', () => {
    const newYork: BusinessCalendar = { timeZone: 'America/New_York', workingHours: [1, 2, 3, 4, 5].map((day) => ({ day, start: '09:00', end: '17:00' })), holidays: [] };
    // Friday 6 March 2026 16:00 EST (21:00Z) + 2 h → Monday 9 March 10:00 EDT (14:00Z).
    expect(addBusinessMs(newYork, at('2026-03-06T21:00:00Z'), 2 * HOUR).toISOString()).toBe('2026-03-09T14:00:00.000Z');
  });

  it('refuses a calendar with no working time instead of looping', () => {
    const never: BusinessCalendar = { timeZone: 'UTC', workingHours: [], holidays: [] };
    expect(() => addBusinessMs(never, at('2026-01-01T00:00:00Z'), HOUR)).toThrow(/no working time/);
  });
});
