import type { Builder, Context, TimelineEntry, TimelinePage, TimelineQuery } from '../../src/plugin-api.ts';
import { customerTimelineExpression, filterList, readAlong, readCustomerTimeline, timelineFromJson, ValidationError, valueReadAlong } from '../../src/plugin-api.ts';
import { READ } from './access.ts';

/**
 * `Customer.timeline`: everything that happened to the customer, newest first, read from the core's
 * event log. Other areas appear on it by emitting events that name the customer; the profile never
 * needs to know them.
 */
export function registerTimeline(builder: Builder, Customer: Parameters<Builder['interfaceField']>[0]): void {
  builder.interfaceField(Customer, 'timeline', (t) =>
    t.connection(
      {
        type: 'ActivityEvent',
        authScopes: READ,
        description: 'Interactions and every change any area recorded about this customer, newest first.',
        args: {
          channels: t.arg.stringList({ description: 'Only contacts through these channels (e.g. CALL_CENTER_INBOUND).', ...filterList }),
          kinds: t.arg.stringList({ description: 'Only contacts of these kinds (e.g. PURCHASE, COMPLAINT).', ...filterList }),
          since: t.arg({ type: 'DateTime', description: 'Entries that occurred at or after this instant.' }),
          until: t.arg({ type: 'DateTime', description: 'Entries that occurred before this instant.' }),
        },
        // customer(id) reads the page in its own statement (read-along.ts); a list's customers read their own.
        extensions: readAlong({
          expression: (args, context, parent, parameter, selection) =>
            args.last != null || args.before != null
              ? null
              : customerTimelineExpression({ ...timelineQuery(args, context), eventFields: selection.fieldNames(['edges', 'node']) }, `${parent}.id`, parameter),
          read: (value, args) => timelineFromJson(value, timelineQuery(args).first),
        }),
        resolve: async (customer, args, context, info) => {
          if (args.last != null || args.before != null) throw ValidationError.at(['last'], 'the timeline pages forward only: use first and after');
          const page =
            valueReadAlong<TimelinePage>(customer, info)?.value ??
            (await readCustomerTimeline(context.sql, { ...timelineQuery(args, context), customerId: (customer as { id: string }).id }));
          return { edges: page.entries, pageInfo: new TimelinePageInfo(page, Boolean(args.after)) };
        },
      },
      { name: 'TimelineConnection' },
      { name: 'TimelineEdge' },
    ),
  );
}

// Start and end cursors are read through the entries, so they are encoded only when selected.
class TimelinePageInfo {
  readonly hasNextPage: boolean;
  readonly hasPreviousPage: boolean;
  private readonly entries: readonly TimelineEntry[];

  constructor(page: TimelinePage, hasPreviousPage: boolean) {
    this.hasNextPage = page.hasNextPage;
    this.hasPreviousPage = hasPreviousPage;
    this.entries = page.entries;
  }

  get startCursor(): string | null {
    return this.entries[0]?.cursor ?? null;
  }

  get endCursor(): string | null {
    return this.entries.at(-1)?.cursor ?? null;
  }
}

interface TimelineArgs {
  first?: number | null;
  after?: string | null;
  channels?: readonly string[] | null;
  kinds?: readonly string[] | null;
  since?: Date | null;
  until?: Date | null;
}

function timelineQuery(args: object, context?: Context): Omit<TimelineQuery, 'customerId'> {
  const timeline = args as TimelineArgs;
  return {
    topics: context?.readableTopics ?? [],
    first: timeline.first ?? 20,
    after: timeline.after ?? null,
    channels: timeline.channels,
    kinds: timeline.kinds,
    since: timeline.since ?? null,
    until: timeline.until ?? null,
  };
}
