import type { Builder } from '../../../src/plugin-api.ts';
import { ValidationError, viewerOf } from '../../../src/plugin-api.ts';
import { READ } from '../access.ts';
import { readAgendaDay, type AgendaDay } from '../store/my-day.ts';

const MAX_ITEMS = 100;
const MAX_DAYS = 31;

interface MyDay extends AgendaDay {
  assigneeId: string;
  timeZone: string;
}

/**
 * `myDay`: one user's open agenda, split at the current instant and at the end of their local day:
 * what is overdue, what is left for today, what comes in the next days. One statement finds,
 * counts and reads them; their customers and opportunities come in one more each.
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
      overdue: t.field({ type: ['SalesActivity'], description: 'Open and past due, oldest first.', resolve: (day) => day.items.overdue }),
      today: t.field({ type: ['SalesActivity'], description: 'Due from now until the end of the day.', resolve: (day) => day.items.today }),
      upcoming: t.field({ type: ['SalesActivity'], description: 'Due in the next days (see `days`).', resolve: (day) => day.items.upcoming }),
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
        const assigneeId = args.assigneeId ?? viewerOf(context).subject;
        return readAgendaDay(context, assigneeId, timeZone, days, first).then((day) => ({ ...day, assigneeId, timeZone }));
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
