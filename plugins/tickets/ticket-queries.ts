import type { Builder } from '../../src/plugin-api.ts';
import { filterList, selectedFieldNames, viewerOf } from '../../src/plugin-api.ts';
import { requestConfig } from './config/service-config.ts';
import type { TicketEnums } from './enums.ts';
import { parseGlobalId } from './ids.ts';
import { ticketConditions, type TicketFilterArgs } from './ticket-filters.ts';
import { ticketPage, type TicketPage } from './ticket-page.ts';

const READ = { permission: 'tickets:read' } as const;

/** `ticket`, `ticketByNumber` and `tickets`: an agent's queue, a supervisor's view, a search. */
export function registerTicketQueries(builder: Builder, enums: TicketEnums): void {
  const OrderField = builder.enumType('TicketOrderField', {
    description: 'What a ticket list is sorted by (ties are broken by number).',
    values: {
      CREATED_AT: { description: 'By when it was opened.' },
      UPDATED_AT: { description: 'By when it last changed.' },
      PRIORITY: { description: 'Then the earliest deadline.' },
      NUMBER: { description: 'By ticket number (the order they were opened in).' },
      DEADLINE: { description: 'The earliest running SLA deadline; tickets whose clock is stopped come last (ascending).' },
    } as const,
  });
  const TicketOrder = builder.inputType('TicketOrder', {
    description: 'How to sort tickets.',
    fields: (t) => ({
      field: t.field({ type: OrderField, required: true, description: 'What to sort by.' }),
      // The profile area's enum, by name: lists order the same way everywhere.
      direction: t.field({ type: 'OrderDirection' as unknown as typeof OrderField, description: 'Default DESC, but ASC for DEADLINE (most urgent first).' }),
    }),
  });
  const TicketFilter = builder.inputType('TicketFilter', {
    description: 'All given conditions must hold; a list matches any of its values.',
    fields: (t) => ({
      queueIds: t.idList({ description: 'Tickets in any of these queues.', ...filterList }),
      statuses: t.field({ type: [enums.Status], description: 'Tickets in any of these statuses.' }),
      priorities: t.field({ type: [enums.Priority], description: 'Tickets of any of these priorities.' }),
      kinds: t.field({ type: [enums.Kind], description: 'Tickets of any of these kinds.' }),
      categoryIds: t.idList({ description: 'These categories and their subcategories.', ...filterList }),
      channels: t.field({ type: [enums.Channel], description: 'Tickets from any of these channels.' }),
      assigneeIds: t.stringList({ description: 'Tickets assigned to any of these users.', ...filterList }),
      unassigned: t.boolean({ description: 'Tickets with no assignee (with assigneeIds: those too).' }),
      customerId: t.id({ description: "Only this customer's tickets (global id of a Person or Organization)." }),
      slaStates: t.field({ type: [enums.SlaState], description: 'The ticket’s SLA state now (see `Ticket.sla.state`).' }),
      escalated: t.boolean({ description: 'Escalated at least once (true) or never (false).' }),
      createdAfter: t.field({ type: 'DateTime', description: 'At or after.' }),
      createdBefore: t.field({ type: 'DateTime', description: 'Opened before this instant.' }),
      search: t.string({ description: 'Part of the subject, or a ticket number ("#42").' }),
    }),
  });

  builder.queryFields((t) => ({
    ticket: t.prismaField({
      type: 'Ticket',
      nullable: true,
      authScopes: READ,
      description: 'A ticket by its global id; null when there is none in your tenant.',
      args: { id: t.arg.id({ required: true, description: 'Global id of a Ticket.' }) },
      resolve: (query, _root, args, context) =>
        context.db.ticket.findFirst({ ...query, where: { tenantId: viewerOf(context).tenantId, id: parseGlobalId(args.id, 'Ticket', ['id']) } }),
    }),
    ticketByNumber: t.prismaField({
      type: 'Ticket',
      nullable: true,
      authScopes: READ,
      description: 'A ticket by its number (#42 is 42); null when your tenant has none with it.',
      args: { number: t.arg.int({ required: true, description: 'The ticket number, without "#".' }) },
      resolve: (query, _root, args, context) => context.db.ticket.findFirst({ ...query, where: { tenantId: viewerOf(context).tenantId, number: args.number } }),
    }),
    tickets: t.connection(
      {
        type: 'Ticket',
        authScopes: READ,
        description: 'Tickets of your tenant, filtered and ordered (newest first by default).',
        args: {
          filter: t.arg({ type: TicketFilter, description: 'Which tickets; all of them when absent.' }),
          orderBy: t.arg({ type: TicketOrder, description: 'Sort order; newest first when absent.' }),
        },
        resolve: async (_root, args, context, info) => {
          const config = requestConfig(context);
          const conditions = await ticketConditions(viewerOf(context).tenantId, args.filter as TicketFilterArgs | null, () => config.categories(), context.clock.now());
          return ticketPage(context, args as Parameters<typeof ticketPage>[1], conditions, {
            nodeFields: selectedFieldNames(info, ['edges', 'node']),
            customerFields: selectedFieldNames(info, ['edges', 'node', 'customer']),
            totalCount: selectedFieldNames(info, []).has('totalCount'),
          });
        },
      },
      {
        name: 'TicketConnection',
        fields: (connection) => ({
          totalCount: connection.int({ resolve: (page) => (page as unknown as TicketPage).totalCount() }),
        }),
      },
      { name: 'TicketEdge' },
    ),
  }));
}
