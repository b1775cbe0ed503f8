import type { Builder } from '../../src/plugin-api.ts';
import { keysetConnection, selectedFieldNames } from '../../src/plugin-api.ts';
import type { TicketEnums } from './enums.ts';
import { CUSTOMER_TICKETS_ORDER, customerTickets, type CustomerTicketFilter } from './store/customer-tickets.ts';

const READ = { permission: 'tickets:read' } as const;

const customerIdOf = (customer: object) => (customer as { id: string }).id;

/** `Customer.tickets`, `Customer.openTicketCount` and `Customer.lastComplaintAt`. */
export function registerCustomerTickets(builder: Builder, enums: TicketEnums): void {
  builder.interfaceField('Customer', 'tickets', (t) =>
    t.connection(
      {
        type: 'Ticket',
        authScopes: READ,
        description: "The customer's tickets, newest first.",
        args: {
          statuses: t.arg({ type: [enums.Status], description: 'Only these statuses.' }),
          kinds: t.arg({ type: [enums.Kind], description: 'Only these kinds.' }),
        },
        resolve: async (customer, args, context, info) => {
          const customerId = customerIdOf(customer);
          const filter: CustomerTicketFilter = { statuses: args.statuses?.length ? args.statuses : null, kinds: args.kinds?.length ? args.kinds : null };
          const fields = [...selectedFieldNames(info, ['edges', 'node'])].sort();
          const withCount = selectedFieldNames(info, []).has('totalCount');
          const loaders = customerTickets(context);
          let counted: number | null = null;
          const page = await keysetConnection(args, CUSTOMER_TICKETS_ORDER, async (request) => {
            const read = await loaders.page.load({ customerId, request: { ...request, filter, fields, withCount } });
            counted = read.totalCount;
            return read.tickets;
          });
          return { ...page, totalCount: () => counted ?? loaders.count.load({ customerId, request: filter }) };
        },
      },
      {
        name: 'CustomerTicketConnection',
        fields: (connection) => ({
          totalCount: connection.int({ resolve: (page) => (typeof page.totalCount === 'function' ? page.totalCount() : (page.totalCount ?? 0)) }),
        }),
      },
      { name: 'CustomerTicketEdge' },
    ),
  );
  builder.interfaceField('Customer', 'openTicketCount', (t) =>
    t.int({
      authScopes: READ,
      description: 'Tickets not yet resolved (new, open, waiting on the customer, escalated, reopened).',
      resolve: async (customer, _args, context) => (await customerTickets(context).facts.load(customerIdOf(customer))).openTickets,
    }),
  );
  builder.interfaceField('Customer', 'lastComplaintAt', (t) =>
    t.field({
      type: 'DateTime',
      nullable: true,
      authScopes: READ,
      description: 'When the customer’s latest complaint ticket was opened.',
      resolve: async (customer, _args, context) => (await customerTickets(context).facts.load(customerIdOf(customer))).lastComplaintAt,
    }),
  );
}
