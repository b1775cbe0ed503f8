import type { Builder } from '../../src/plugin-api.ts';
import { ValidationError } from '../../src/plugin-api.ts';
import { READ } from './segment.ts';
import { segmentDays, type SegmentDayRow } from './store/segment-kpis.ts';

/** The longest range of days one request reads. */
const MAX_DAYS = 366;
const DAY = 86_400_000;

/** `SegmentDay` and `Segment.days`: a segment's size over time, with entries and exits per day. */
export function registerSegmentDay(builder: Builder): void {
  const SegmentDay = builder.objectRef<SegmentDayRow>('SegmentDay').implement({
    description: "One UTC day of a segment's history.",
    fields: (t) => ({
      day: t.expose('day', { type: 'Date', description: 'The day (UTC).' }),
      size: t.exposeInt('size', { description: 'Members at the end of the day.' }),
      entered: t.exposeInt('entered', { description: 'Customers who entered during the day.' }),
      exited: t.exposeInt('exited', { description: 'Customers who left during the day.' }),
    }),
  });

  builder.objectField('Segment', 'days', (t) =>
    t.field({
      type: [SegmentDay],
      authScopes: READ,
      description: `The segment's size at the end of each day, with each day's entries and exits (at most ${MAX_DAYS} days).`,
      args: {
        from: t.arg({ type: 'Date', description: 'First day; 29 days before `to` when absent.' }),
        to: t.arg({ type: 'Date', description: 'Last day; today (UTC) when absent.' }),
      },
      resolve: (segment, args, context) => {
        const to = args.to ?? new Date(Math.floor(context.clock.now().getTime() / DAY) * DAY);
        const from = args.from ?? new Date(to.getTime() - 29 * DAY);
        if (from > to) throw ValidationError.at(['from'], 'must not be after `to`');
        if ((to.getTime() - from.getTime()) / DAY + 1 > MAX_DAYS) throw ValidationError.at(['from'], `the range spans at most ${MAX_DAYS} days`);
        return segmentDays(context.sql, (segment as { id: string }).id, from, to);
      },
    }),
  );
}
