/** The step a launch starts: "launch" for a one-off campaign, the period key for a recurring one (UTC). */
export function launchStep(recurrence: 'NONE' | 'DAILY' | 'WEEKLY' | 'MONTHLY', now: Date): string {
  const day = now.toISOString().slice(0, 10);
  if (recurrence === 'DAILY') return day;
  if (recurrence === 'MONTHLY') return day.slice(0, 7);
  if (recurrence === 'WEEKLY') return isoWeek(now);
  return 'launch';
}

/** The ISO 8601 week of a UTC day, e.g. "2026-W50": weeks start on Monday, week 1 holds the year's first Thursday. */
function isoWeek(now: Date): string {
  const day = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const weekday = day.getUTCDay() || 7;
  day.setUTCDate(day.getUTCDate() + 4 - weekday);
  const yearStart = Date.UTC(day.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((day.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${day.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

/** The starts of the periods after `after`'s, up to `until` (UTC days, ISO weeks from Monday, months): when a recurring campaign launches again. */
export function periodStartsAfter(recurrence: 'NONE' | 'DAILY' | 'WEEKLY' | 'MONTHLY', after: Date, until: Date): Date[] {
  if (recurrence === 'NONE') return [];
  const starts: Date[] = [];
  const next = (from: Date): Date => {
    const day = Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate());
    if (recurrence === 'DAILY') return new Date(day + 86_400_000);
    if (recurrence === 'WEEKLY') return new Date(day + (8 - (new Date(day).getUTCDay() || 7)) * 86_400_000);
    return new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth() + 1, 1));
  };
  for (let start = next(after); start.getTime() <= until.getTime(); start = next(start)) starts.push(start);
  return starts;
}
