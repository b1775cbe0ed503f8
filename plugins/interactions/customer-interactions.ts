import type { Builder } from '../../src/plugin-api.ts';
import { keysetConnection } from '../../src/plugin-api.ts';
import type { InteractionEnums } from './enums.ts';
import { interactionPages } from './interaction-pages.ts';
import { NEWEST_FIRST, type InteractionFilter } from './store/interaction-pages.ts';

const READ = { permission: 'interactions:read' } as const;

/** `Customer.interactions`: a customer's contacts, newest first, filtered and keyset-paged. */
export function registerCustomerInteractions(builder: Builder, enums: InteractionEnums): void {
  builder.interfaceField('Customer', 'interactions', (t) =>
    t.connection(
      {
        type: 'Interaction',
        authScopes: READ,
        description: "The customer's interactions, newest first.",
        args: {
          channels: t.arg({ type: [enums.Channel], description: 'Only these channels.' }),
          kinds: t.arg({ type: [enums.Kind], description: 'Only these kinds.' }),
          since: t.arg({ type: 'DateTime', description: 'Occurred at or after this instant.' }),
          until: t.arg({ type: 'DateTime', description: 'Occurred before this instant.' }),
        },
        resolve: async (customer, args, context) => {
          const filter: InteractionFilter = { channels: args.channels, kinds: args.kinds, since: args.since, until: args.until };
          const loaders = interactionPages(context);
          const page = await keysetConnection(args, NEWEST_FIRST, (request) => loaders.page.load({ customerId: (customer as { id: string }).id, request: { ...request, filter } }));
          return { ...page, totalCount: () => loaders.count.load({ customerId: (customer as { id: string }).id, request: filter }) };
        },
      },
      {
        name: 'InteractionConnection',
        fields: (connection) => ({
          totalCount: connection.int({ description: 'Interactions matching the filters, on every page.', resolve: (page) => (typeof page.totalCount === 'function' ? page.totalCount() : (page.totalCount ?? 0)) }),
        }),
      },
      { name: 'InteractionEdge' },
    ),
  );
}
