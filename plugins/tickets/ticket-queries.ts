import type { Builder } from '../../src/plugin-api.ts';
import { selectedFieldNames } from '../../src/plugin-api.ts';
import type { Clock } from './clock.ts';
import { requestConfig } from './config/service-config.ts';
import type { TicketEnums } from './enums.ts';
import { parseGlobalId } from './ids.ts';
import { ticketConditions, type TicketFilterArgs } from './ticket-filters.ts';
import { ticketPage, type TicketPage } from './ticket-page.ts';

const READ = { permission: 'tickets:read' } as const;

/** `ticket`, `ticketByNumber` and `tickets`: an agent's queue, a supervisor's view, a search. */
export function registerTicketQueries(builder: Builder, enums: TicketEnums, clock: Clock): void {
  const OrderField = builder.enumType('TicketOrderField', {
    values: {
      CREATED_AT: {},
      UPDATED_AT: {},
      PRIORITY: { description: 'Then the earliest deadline.' },
      NUMBER: {},
      DEADLINE: { description: 'The earliest running SLA deadline; tickets whose clock is stopped come last (ascending).' },
    } as const,
  });
  const TicketOrder = builder.inputType('TicketOrder', {
    fields: (t) => ({
      field: t.field({ type: OrderField, required: true }),
      // The profile area's enum, by name: lists order the same way everywhere.
      direction: t.field({ type: 'OrderDirection' as unknown as typeof OrderField, description: 'Default DESC, but ASC for DEADLINE (most urgent first).' }),
    }),
  });
  const TicketFilter = builder.inputType('TicketFilter', {
    description: 'All given conditions must hold; a list matches any of its values.',
    fields: (t) => ({
      queueIds: t.idList(),
      statuses: t.field({ type: [enums.Status] }),
      priorities: t.field({ type: [enums.Priority] }),
      kinds: t.field({ type: [enums.Kind] }),
      categoryIds: t.idList({ description: 'These categories and their subcategories.' }),
      channels: t.field({ type: [enums.Channel] }),
      assigneeIds: t.stringList(),
      unassigned: t.boolean({ description: 'Tickets with no assignee (with assigneeIds: those too).' }),
      customerId: t.id(),
      slaStates: t.field({ type: [enums.SlaState], description: 'The ticket’s SLA state now (see `Ticket.sla.state`).' }),
      escalated: t.boolean({ description: 'Escalated at least once (true) or never (false).' }),
      createdAfter: t.field({ type: 'DateTime', description: 'At or after.' }),
      createdBefore: t.field({ type: 'DateTime' }),
      search: t.string({ description: 'Part of the subject, or a ticket number ("#42").' }),
    }),
  });

  builder.queryFields((t) => ({
    ticket: t.prismaField({
      type: 'Ticket',
      nullable: true,
      authScopes: READ,
      description: 'A ticket by its global id; null when there is none in your tenant.',
      args: { id: t.arg.id({ required: true }) },
      resolve: (query, _root, args, context) =>
        context.db.ticket.findFirst({ ...query, where: { tenantId: context.viewer!.tenantId, id: parseGlobalId(args.id, 'Ticket', ['id']) } }),
    }),
    ticketByNumber: t.prismaField({
      type: 'Ticket',
      nullable: true,
      authScopes: READ,
      args: { number: t.arg.int({ required: true }) },
      resolve: (query, _root, args, context) => context.db.ticket.findFirst({ ...query, where: { tenantId: context.viewer!.tenantId, number: args.number } }),
    }),
    tickets: t.connection(
      {
        type: 'Ticket',
        authScopes: READ,
        description: 'Tickets of your tenant, filtered and ordered (newest first by default).',
        args: { filter: t.arg({ type: TicketFilter }), orderBy: t.arg({ type: TicketOrder }) },
        resolve: async (_root, args, context, info) => {
          const config = requestConfig(context);
          const conditions = await ticketConditions(context.viewer!.tenantId, args.filter as TicketFilterArgs | null, () => config.categories(), clock.now());
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
