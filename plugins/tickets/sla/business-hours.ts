// Business time in a tenant's calendar: working hours are wall-clock times in the calendar's zone,
// so a working day is converted to instants day by day, through the zone's rules of that day
// (Intl's time-zone data), which keeps daylight saving changes exact. Pure: no clock, no database.

/** One working period of a weekday, local wall-clock times "HH:MM" ("24:00" ends at midnight). */
export interface WorkingPeriod {
  /** ISO weekday: 1 Monday … 7 Sunday. */
  day: number;
  start: string;
  end: string;
}

export interface BusinessCalendar {
  /** IANA zone, e.g. "Europe/Madrid". */
  timeZone: string;
  workingHours: readonly WorkingPeriod[];
  /** Local dates "YYYY-MM-DD" on which nobody works. */
  holidays: readonly string[];
}

const DAY_MS = 86_400_000;
// No answer is further away than this: a calendar with working hours has some within any week,
// and holidays cannot cover ten years (they are checked when a calendar is saved).
const MAX_DAYS_SCANNED = 3_660;

/** Business milliseconds between two instants (0 when `to` is not after `from`). */
export function businessMsBetween(calendar: BusinessCalendar, from: Date, to: Date): number {
  if (to.getTime() <= from.getTime()) return 0;
  let total = 0;
  for (const [start, end] of workingWindowsFrom(calendar, from)) {
    if (start >= to.getTime()) break;
    total += Math.min(end, to.getTime()) - start;
  }
  return total;
}

/** The instant at which `ms` business milliseconds have passed since `from` (`from` itself for 0). */
export function addBusinessMs(calendar: BusinessCalendar, from: Date, ms: number): Date {
  if (ms <= 0) return new Date(from);
  let remaining = ms;
  for (const [start, end] of workingWindowsFrom(calendar, from)) {
    if (remaining <= end - start) return new Date(start + remaining);
    remaining -= end - start;
  }
  throw new Error('unreachable: workingWindowsFrom ends only by throwing');
}

/**
 * The working windows [start, end) in epoch ms, in order, from `from` on (the first one clipped to
 * start at `from`). Throws past MAX_DAYS_SCANNED days without work.
 */
function* workingWindowsFrom(calendar: BusinessCalendar, from: Date): Generator<[number, number]> {
  const startMs = from.getTime();
  let date = localDateOf(startMs, calendar.timeZone);
  let daysWithoutWork = 0;
  while (daysWithoutWork < MAX_DAYS_SCANNED) {
    let worked = false;
    for (const [windowStart, windowEnd] of windowsOfDay(calendar, date)) {
      worked = true;
      if (windowEnd <= startMs) continue;
      yield [Math.max(windowStart, startMs), windowEnd];
    }
    daysWithoutWork = worked ? 0 : daysWithoutWork + 1;
    date = nextDate(date);
  }
  throw new Error(`Calendar in ${calendar.timeZone} has no working time within ${MAX_DAYS_SCANNED} days of ${from.toISOString()}`);
}

interface LocalDate {
  year: number;
  month: number;
  day: number;
}

const windowCache = new WeakMap<BusinessCalendar, Map<string, [number, number][]>>();

/** The day's working windows as instants; cached per calendar object, as tickets ask for the same days. */
function windowsOfDay(calendar: BusinessCalendar, date: LocalDate): [number, number][] {
  let cache = windowCache.get(calendar);
  if (!cache) {
    cache = new Map();
    windowCache.set(calendar, cache);
  }
  const key = isoDate(date);
  let windows = cache.get(key);
  if (windows) return windows;
  windows = [];
  if (!calendar.holidays.includes(key)) {
    const weekday = isoWeekday(date);
    const periods = calendar.workingHours.filter((period) => period.day === weekday).sort((a, b) => minutesOf(a.start) - minutesOf(b.start));
    for (const period of periods) {
      const start = zonedInstant(date, minutesOf(period.start), calendar.timeZone);
      const end = zonedInstant(date, minutesOf(period.end), calendar.timeZone);
      // A period that a clock change swallows whole (e.g. 02:00–03:00 on spring-forward day) is empty.
      if (end > start) windows.push([start, end]);
    }
  }
  if (cache.size > 5_000) cache.clear();
  cache.set(key, windows);
  return windows;
}

/** "HH:MM" → minutes after local midnight; "24:00" is 1440. */
export function minutesOf(time: string): number {
  const match = /^(\d{2}):(\d{2})$/.exec(time);
  if (!match) throw new Error(`"${time}" is not a time of day HH:MM`);
  return Number(match[1]) * 60 + Number(match[2]);
}

function isoWeekday(date: LocalDate): number {
  const weekday = new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
  return weekday === 0 ? 7 : weekday;
}

function nextDate(date: LocalDate): LocalDate {
  const next = new Date(Date.UTC(date.year, date.month - 1, date.day + 1));
  return { year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: next.getUTCDate() };
}

function isoDate(date: LocalDate): string {
  return `${String(date.year).padStart(4, '0')}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, format);
  }
  return format;
}

/** The zone's wall-clock reading at an instant, as if it were UTC (epoch ms). */
function wallClockMs(instant: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(new Date(instant))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
}

function localDateOf(instant: number, timeZone: string): LocalDate {
  const wall = new Date(wallClockMs(instant, timeZone));
  return { year: wall.getUTCFullYear(), month: wall.getUTCMonth() + 1, day: wall.getUTCDate() };
}

/** Offset of the zone from UTC at an instant, in ms (Madrid in summer: +7,200,000). */
function offsetAt(instant: number, timeZone: string): number {
  const whole = Math.floor(instant / 1000) * 1000;
  return wallClockMs(whole, timeZone) - whole;
}

/**
 * The instant of a local wall-clock time. A time that occurs twice (the hour repeated when clocks
 * go back) is the earlier instant; a time that does not occur (skipped when clocks go forward) is
 * moved forward by the gap — Temporal's "compatible" choice. Offsets a day either side cover both
 * sides of any clock change.
 */
export function zonedInstant(date: LocalDate, minutes: number, timeZone: string): number {
  const wall = Date.UTC(date.year, date.month - 1, date.day) + minutes * 60_000;
  const before = offsetAt(wall - DAY_MS, timeZone);
  const after = offsetAt(wall + DAY_MS, timeZone);
  const candidates = [wall - before, wall - after].filter((instant) => offsetAt(instant, timeZone) === wall - instant);
  if (candidates.length > 0) return Math.min(...candidates);
  return wall - before;
}

/** Whether the runtime knows the zone (Intl refuses unknown ones). */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}
