import type { Context, Prisma } from '../../../src/plugin-api.ts';

export type ActivityRow = Prisma.SalesActivityModel;
export type Bucket = 'overdue' | 'today' | 'upcoming';

/** One user's open agenda cut at `now` and at the end of their day: the date there, each bucket's count and first items. */
export interface AgendaDay {
  date: string;
  counts: Record<Bucket, number>;
  items: Record<Bucket, ActivityRow[]>;
}

/**
 * The open items of `assigneeId` due before the end of the `days` after today in `timeZone`,
 * split into overdue, later today and upcoming, at most `first` of each (soonest first) with each
 * bucket's full count: one statement, whatever the size of the lists.
 */
export async function readAgendaDay(context: Context, assigneeId: string, timeZone: string, days: number, first: number): Promise<AgendaDay> {
  // Timestamps are stored as UTC without a zone: the day's end in `timeZone` is converted back to that.
  const rows = await context.sql.query<ActivityRow & { bucket: Bucket | null; bucketCount: number | null; date: string }>(
    `WITH bounds AS (
       SELECT $5::timestamptz AT TIME ZONE 'UTC' AS now,
              (date_trunc('day', $5::timestamptz AT TIME ZONE $2) + interval '1 day') AT TIME ZONE $2 AT TIME ZONE 'UTC' AS today_ends,
              (date_trunc('day', $5::timestamptz AT TIME ZONE $2) + interval '1 day' * (1 + $3::int)) AT TIME ZONE $2 AT TIME ZONE 'UTC' AS horizon,
              ($5::timestamptz AT TIME ZONE $2)::date::text AS date
     ),
     open AS (
       SELECT a.id, a."dueAt", CASE WHEN a."dueAt" < b.now THEN 'overdue' WHEN a."dueAt" < b.today_ends THEN 'today' ELSE 'upcoming' END AS bucket
       FROM "SalesActivity" a CROSS JOIN bounds b
       WHERE a."tenantId" = current_setting('app.tenant_id') AND a."assigneeId" = $1 AND a.status = 'OPEN' AND a."dueAt" < b.horizon
     ),
     ranked AS (
       SELECT id, bucket, row_number() OVER (PARTITION BY bucket ORDER BY "dueAt", id) AS rank, count(*) OVER (PARTITION BY bucket) AS total FROM open
     )
     SELECT a.*, r.bucket, r.total::int AS "bucketCount", b.date
     FROM bounds b
     LEFT JOIN ranked r ON r.rank <= $4
     LEFT JOIN "SalesActivity" a ON a."tenantId" = current_setting('app.tenant_id') AND a.id = r.id
     ORDER BY r.bucket, r.rank`,
    [assigneeId, timeZone, days, first, context.clock.now().toISOString()],
  );
  const day: AgendaDay = { date: rows[0]!.date, counts: { overdue: 0, today: 0, upcoming: 0 }, items: { overdue: [], today: [], upcoming: [] } };
  for (const { bucket, bucketCount, date: _date, ...activity } of rows) {
    if (bucket === null) continue;
    day.counts[bucket] = bucketCount!;
    day.items[bucket].push(activity);
  }
  return day;
}
