import type { Builder } from '../../src/plugin-api.ts';
import { readCustomerTimeline, ValidationError } from '../../src/plugin-api.ts';

const READ = { permission: 'profile:read' } as const;

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
          channels: t.arg.stringList({ description: 'Only contacts through these channels (e.g. CALL_CENTER_INBOUND).' }),
          kinds: t.arg.stringList({ description: 'Only contacts of these kinds (e.g. PURCHASE, COMPLAINT).' }),
          since: t.arg({ type: 'DateTime', description: 'Entries that occurred at or after this instant.' }),
          until: t.arg({ type: 'DateTime', description: 'Entries that occurred before this instant.' }),
        },
        resolve: async (customer, args, context) => {
          if (args.last != null || args.before != null) throw ValidationError.at(['last'], 'the timeline pages forward only: use first and after');
          const first = args.first ?? 20;
          const page = await readCustomerTimeline(context.sql, {
            customerId: (customer as { id: string }).id,
            topics: context.readableTopics,
            first,
            after: args.after ?? null,
            channels: args.channels,
            kinds: args.kinds,
            since: args.since ?? null,
            until: args.until ?? null,
          });
          return {
            edges: page.entries.map((entry) => ({ cursor: entry.cursor, node: entry.event })),
            pageInfo: {
              hasNextPage: page.hasNextPage,
              hasPreviousPage: Boolean(args.after),
              startCursor: page.entries[0]?.cursor ?? null,
              endCursor: page.entries.at(-1)?.cursor ?? null,
            },
          };
        },
      },
      { name: 'TimelineConnection' },
      { name: 'TimelineEdge' },
    ),
  );
}
