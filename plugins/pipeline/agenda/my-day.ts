import type { Builder, Context, Prisma } from '../../../src/plugin-api.ts';
import { ValidationError, viewerOf } from '../../../src/plugin-api.ts';
import { READ } from '../access.ts';
import { rowsBySelection } from '../rows-by-selection.ts';

type ActivityRow = Prisma.SalesActivityModel;
type Bucket = 'overdue' | 'today' | 'upcoming';

const MAX_ITEMS = 100;
const MAX_DAYS = 31;

interface MyDay {
  assigneeId: string;
  timeZone: string;
  date: string;
  counts: Record<Bucket, number>;
  ids: Record<Bucket, string[]>;
  rows: (query: object, ids: readonly string[]) => Promise<ActivityRow[]>;
}

/**
 * `myDay`: one user's open agenda, split at the current instant and at the end of their local day:
 * what is overdue, what is left for today, what comes in the next days. One statement finds and
 * counts them, one more loads what the client selects of them.
 */
export function registerMyDay(builder: Builder): void {
  const MyDayRef = builder.objectRef<MyDay>('MyDay').implement({
    description: "One user's open tasks, calls and meetings, in their time zone.",
    fields: (t) => ({
      assigneeId: t.exposeString('assigneeId', { description: 'The user whose agenda this is.' }),
      timeZone: t.exposeString('timeZone', { description: 'The IANA time zone the day is cut in, e.g. "Europe/Madrid".' }),
      date: t.field({ type: 'Date', description: 'Today in that time zone.', resolve: (day) => day.date }),
      overdueCount: t.int({ description: 'All open items past due (the list may hold fewer).', resolve: (day) => day.counts.overdue }),
      todayCount: t.int({ description: 'All open items due from now to the end of the day.', resolve: (day) => day.counts.today }),
      upcomingCount: t.int({ description: 'All open items due in the next days.', resolve: (day) => day.counts.upcoming }),
      overdue: t.prismaField({ type: ['SalesActivity'], description: 'Open and past due, oldest first.', resolve: (query, day) => day.rows(query, day.ids.overdue) }),
      today: t.prismaField({ type: ['SalesActivity'], description: 'Due from now until the end of the day.', resolve: (query, day) => day.rows(query, day.ids.today) }),
      upcoming: t.prismaField({ type: ['SalesActivity'], description: 'Due in the next days (see `days`).', resolve: (query, day) => day.rows(query, day.ids.upcoming) }),
    }),
  });

  builder.queryField('myDay', (t) =>
    t.field({
      type: MyDayRef,
      authScopes: READ,
      description: 'Your agenda (or a colleague\'s): overdue, the rest of today, and the next days; each list holds at most `first` items, the counts hold all.',
      args: {
        timeZone: t.arg.string({ defaultValue: 'UTC', description: 'IANA time zone that decides where the day ends, e.g. "Europe/Madrid".' }),
        assigneeId: t.arg.string({ description: 'Default: you.' }),
        days: t.arg.int({ defaultValue: 7, description: `Days after today that count as upcoming (1 to ${MAX_DAYS}).` }),
        first: t.arg.int({ defaultValue: 50, description: `Items per list (1 to ${MAX_ITEMS}).` }),
      },
      resolve: (_root, args, context) => {
        const timeZone = args.timeZone ?? 'UTC';
        if (!isTimeZone(timeZone)) throw ValidationError.at(['timeZone'], 'is not an IANA time zone, e.g. "Europe/Madrid"');
        const days = args.days ?? 7;
        if (days < 1 || days > MAX_DAYS) throw ValidationError.at(['days'], `must be from 1 to ${MAX_DAYS}`);
        const first = args.first ?? 50;
        if (first < 1 || first > MAX_ITEMS) throw ValidationError.at(['first'], `must be from 1 to ${MAX_ITEMS}`);
        return loadMyDay(context, args.assigneeId ?? viewerOf(context).subject, timeZone, days, first);
      },
    }),
  );
}

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

async function loadMyDay(context: Context, assigneeId: string, timeZone: string, days: number, first: number): Promise<MyDay> {
  // Timestamps are stored as UTC without a zone: the day's end in `timeZone` is converted back to that.
  const found = await context.db.$queryRawUnsafe<{ id: string; bucket: Bucket; total: number; date: string }[]>(
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
     SELECT r.id::text AS id, r.bucket, r.total::int AS total, b.date FROM bounds b LEFT JOIN ranked r ON r.rank <= $4
     ORDER BY r.bucket, r.rank`,
    assigneeId,
    timeZone,
    days,
    first,
    context.clock.now().toISOString(),
  );
  const day: MyDay = {
    assigneeId,
    timeZone,
    date: found[0]!.date,
    counts: { overdue: 0, today: 0, upcoming: 0 },
    ids: { overdue: [], today: [], upcoming: [] },
    rows: () => Promise.resolve([]),
  };
  for (const row of found) {
    if (row.id === null) continue;
    day.counts[row.bucket] = row.total;
    day.ids[row.bucket].push(row.id);
  }
  day.rows = rowsBySelection(found.flatMap((row) => (row.id ? [row.id] : [])), (query, ids) =>
    context.db.salesActivity.findMany({ ...query, relationLoadStrategy: 'query', where: { tenantId: viewerOf(context).tenantId, id: { in: ids } } }),
  );
  return day;
}
