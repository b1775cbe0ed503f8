import type { Builder } from '../../src/plugin-api.ts';
import { parseInput, selectedFieldNames, ValidationError, NotFoundError, viewerOf } from '../../src/plugin-api.ts';
import { interactionGlobalId } from '../interactions/plugin.ts';
import { decodeCustomerId, loadCustomer, resolveCustomerReferences } from '../profile/plugin.ts';
import { lineageOf, requestConfig } from './config/service-config.ts';
import type { TicketEnums } from './enums.ts';
import { asUuid, parseGlobalId } from './ids.ts';
import { openTicket } from './open-ticket.ts';
import { requestScope, requireTicket, WRITE, WRITE_ERRORS } from './request-scope.ts';
import { viewSla } from './sla/sla-view.ts';
import { calendarOf } from './sla/ticket-sla.ts';
import { ticketConditions, type TicketFilterArgs } from './store/ticket-filters.ts';
import { ticketPage, type TicketOrderField } from './store/ticket-pages.ts';
import type { LockedTicket } from './store/ticket-writes.ts';
import { editTicket, reassignTicket } from './ticket-changes.ts';
import { registerTicketInputs } from './ticket-input-types.ts';
import { assignTicketSchema, changeStatusSchema, createTicketSchema, rateTicketSchema, updateTicketSchema } from './ticket-inputs.ts';
import { moveTicket } from './ticket-lifecycle.ts';
import { registerTicketParts } from './ticket-parts.ts';
import { rateTicket } from './ticket-satisfaction.ts';
import { TRANSITIONS } from './ticket-status.ts';

const READ = { permission: 'tickets:read' } as const;

export interface TicketOptions {
  /** The interactions area is enabled: a rating is also recorded as a survey-response interaction. */
  withInteractions: boolean;
}

/**
 * `Ticket`: a case, with its conversation, status history, SLA, escalations and satisfaction; the
 * queries `ticket`, `ticketByNumber` and `tickets` (an agent's queue, a supervisor's view, a
 * search), and the mutations that open, edit, move, assign and rate tickets.
 */
export function registerTicket(builder: Builder, enums: TicketEnums, { withInteractions }: TicketOptions): void {
  const parts = registerTicketParts(builder, enums);
  const inputs = registerTicketInputs(builder, enums);

  builder.prismaNode('Ticket', {
    id: { field: 'id' },
    nullable: true,
    findUnique: (id, context) => ({ tenantId_id: { tenantId: viewerOf(context).tenantId, id: asUuid(id) } }),
    authScopes: READ,
    description: 'A case: a query, complaint, claim or request of a customer, worked by a queue until resolved.',
    fields: (t) => ({
      number: t.exposeInt('number', { description: 'Per tenant: #1, #2 …' }),
      subject: t.exposeString('subject', { description: 'The case in one line.' }),
      description: t.exposeString('description', { description: 'The case as the customer or agent first described it.' }),
      status: t.field({ type: enums.Status, description: 'Where the case stands.', resolve: (ticket) => ticket.status }),
      allowedTransitions: t.field({ type: [enums.Status], description: 'The statuses this ticket may move to now.', resolve: (ticket) => [...TRANSITIONS[ticket.status]] }),
      priority: t.field({ type: enums.Priority, description: 'How urgent it is (set by routing, changeable by agents).', resolve: (ticket) => ticket.priority }),
      kind: t.field({ type: enums.Kind, description: "Query, complaint, claim or request: the root of its category.", resolve: (ticket) => ticket.kind }),
      channel: t.field({ type: enums.Channel, description: 'Where it came from.', resolve: (ticket) => ticket.channel }),
      // The configuration rows come from the request's one read of the desk configuration.
      category: t.field({ type: 'TicketCategory', description: 'Its typification: a category under its kind.', resolve: async (ticket, _args, context) => (await requestConfig(context).categories()).get(ticket.categoryId)! }),
      categoryPath: t.stringList({
        description: 'The category and its ancestors, root first, e.g. ["Damaged product", "Broken screen"].',
        resolve: async (ticket, _args, context) => lineageOf(await requestConfig(context).categories(), ticket.categoryId).map((category) => category.name).reverse(),
      }),
      // The customers of every ticket a request shows come from the profile in one statement.
      customer: t.field({
        type: 'Customer',
        description: 'The person or organization the case is for.',
        resolve: async (ticket, _args, context) => (await loadCustomer(context, ticket.customerId))!,
      }),
      queue: t.field({ type: 'TicketQueue', description: 'The team that works it now.', resolve: async (ticket, _args, context) => (await requestConfig(context).queues()).get(ticket.queueId)! }),
      assigneeId: t.exposeString('assigneeId', { nullable: true, description: 'User id of the agent working on it.' }),
      createdBy: t.exposeString('createdBy', { nullable: true, description: 'User id of whoever opened it; null for tickets imported or opened by a system.' }),
      routing: t.field({
        type: parts.RoutingRef,
        description: 'Which routing rule chose its queue and priority when it was opened, and why.',
        resolve: async (ticket, _args, context) => ({
          rule: (await requestConfig(context).rules()).find((rule) => rule.id === ticket.routingRuleId) ?? null,
          explanation: ticket.routingReason,
        }),
      }),
      sla: t.field({
        type: parts.TicketSlaRef,
        nullable: true,
        description: 'Deadlines, time left and breach state now; null when no SLA policy applied.',
        resolve: async (ticket, _args, context) => {
          const config = requestConfig(context);
          const view = viewSla(ticket, await calendarOf(config, ticket.slaCalendarId), context.clock.now());
          return view && { ...view, policy: (await config.policies()).find((policy) => policy.id === ticket.slaPolicyId) ?? null };
        },
      }),
      escalationLevel: t.exposeInt('escalationLevel', { description: '0 none, 1 at risk, 2 breached.' }),
      escalations: t.relation('escalations', { description: 'The escalations it went through, level 1 first.', query: { orderBy: { level: 'asc' } } }),
      serviceScript: t.field({
        type: parts.ScriptRef,
        nullable: true,
        description: 'The protocol to follow for its category; null when neither it nor an ancestor has one.',
        resolve: async (ticket, _args, context) => {
          const withScript = lineageOf(await requestConfig(context).categories(), ticket.categoryId).find((category) => category.script);
          return withScript ? { category: withScript, text: withScript.script! } : null;
        },
      }),
      conversation: t.relatedConnection(
        'messages',
        {
          cursor: 'id',
          totalCount: true,
          description: 'Replies and notes, oldest first.',
          args: { kinds: t.arg({ type: [enums.MessageKind], description: 'Only these kinds.' }) },
          query: (args) => ({ where: args.kinds?.length ? { kind: { in: args.kinds } } : {}, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] }),
        },
        { name: 'TicketMessageConnection' },
        { name: 'TicketMessageEdge' },
      ),
      statusHistory: t.relation('statusChanges', { description: 'Every status the ticket had, oldest first.', query: { orderBy: [{ changedAt: 'asc' }, { id: 'asc' }] } }),
      satisfaction: t.field({
        type: parts.SatisfactionRef,
        nullable: true,
        description: "The customer's rating, once given (`rateTicket`); null before.",
        resolve: (ticket) =>
          ticket.csatScore === null || ticket.csatAt === null
            ? null
            : { score: ticket.csatScore, comment: ticket.csatComment, recordedAt: ticket.csatAt, interactionId: ticket.csatInteractionId ? interactionGlobalId({ id: ticket.csatInteractionId }) : null },
      }),
      reopenCount: t.exposeInt('reopenCount', { description: 'How often the customer came back after a resolution.' }),
      firstRespondedAt: t.expose('firstRespondedAt', { type: 'DateTime', nullable: true, description: "An agent's first public reply, UTC; null until then." }),
      resolvedAt: t.expose('resolvedAt', { type: 'DateTime', nullable: true, description: 'The latest resolution; null while (re)open.' }),
      closedAt: t.expose('closedAt', { type: 'DateTime', nullable: true, description: 'When it was CLOSED, UTC; null until then.' }),
      createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When it was opened, UTC; the SLA clocks start here.' }),
      updatedAt: t.expose('updatedAt', { type: 'DateTime', description: 'When it last changed, UTC.' }),
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
          filter: t.arg({ type: inputs.TicketFilter, description: 'Which tickets; all of them when absent.' }),
          orderBy: t.arg({ type: inputs.TicketOrder, description: 'Sort order; newest first when absent.' }),
        },
        resolve: async (_root, args, context, info) => {
          const config = requestConfig(context);
          const conditions = await ticketConditions(viewerOf(context).tenantId, args.filter as TicketFilterArgs | null, () => config.categories(), context.clock.now());
          const orderBy = args.orderBy as { field: TicketOrderField; direction?: 'ASC' | 'DESC' | null } | null | undefined;
          return ticketPage(context, { ...args, orderBy }, conditions, {
            nodeFields: selectedFieldNames(info, ['edges', 'node']),
            totalCount: selectedFieldNames(info, []).has('totalCount'),
          });
        },
      },
      {
        name: 'TicketConnection',
        fields: (connection) => ({
          totalCount: connection.int({ resolve: (page) => (typeof page.totalCount === 'function' ? page.totalCount() : (page.totalCount ?? 0)) }),
        }),
      },
      { name: 'TicketEdge' },
    ),
  }));

  const Payload = builder.objectRef<{ ticket: LockedTicket }>('TicketPayload').implement({
    description: 'The ticket a mutation opened or changed.',
    fields: (t) => ({ ticket: t.field({ type: 'Ticket', description: 'The ticket as stored after the change.', resolve: (payload) => payload.ticket }) }),
  });

  builder.mutationFields((t) => ({
    createTicket: t.field({
      type: Payload,
      authScopes: WRITE,
      errors: { types: WRITE_ERRORS },
      description: 'Opens a ticket; routing rules pick its queue and priority, and its SLA clock starts.',
      args: { input: t.arg({ type: inputs.CreateInput, required: true, description: 'The case to open.' }) },
      resolve: async (_root, args, context) => {
        const input = parseInput(createTicketSchema, args.input);
        if (!decodeCustomerId(String(input.customerId))) throw ValidationError.at(['input', 'customerId'], 'is not a customer id');
        const ticket = await context.mutate(async (db) => {
          const [customer] = await resolveCustomerReferences(context, [{ id: String(input.customerId) }]);
          if (!customer) throw new NotFoundError('Customer', String(input.customerId));
          return openTicket(requestScope(context, db), input, customer);
        });
        return { ticket };
      },
    }),
    updateTicket: t.field({
      type: Payload,
      authScopes: WRITE,
      errors: { types: WRITE_ERRORS },
      description: "Edits a ticket's subject, description, priority, category or channel; a CLOSED ticket is a ConflictError.",
      args: { input: t.arg({ type: inputs.UpdateInput, required: true, description: 'The ticket and the fields to change.' }) },
      resolve: async (_root, args, context) => {
        const input = parseInput(updateTicketSchema, args.input);
        const ticket = await context.mutate(async (db) => {
          const scope = requestScope(context, db);
          return editTicket(scope, await requireTicket(scope, input.id, ['input', 'id']), input);
        });
        return { ticket };
      },
    }),
    changeTicketStatus: t.field({
      type: Payload,
      authScopes: WRITE,
      errors: { types: WRITE_ERRORS },
      description: 'Moves a ticket along its lifecycle; an illegal move is a ConflictError that lists the legal ones.',
      args: { input: t.arg({ type: inputs.ChangeStatusInput, required: true, description: 'The ticket, its new status and why.' }) },
      resolve: async (_root, args, context) => {
        const input = parseInput(changeStatusSchema, args.input);
        const ticket = await context.mutate(async (db) => {
          const scope = requestScope(context, db);
          return moveTicket(scope, await requireTicket(scope, input.id, ['input', 'id']), input.status, { note: input.note ?? null });
        });
        return { ticket };
      },
    }),
    assignTicket: t.field({
      type: Payload,
      authScopes: WRITE,
      errors: { types: WRITE_ERRORS },
      description: 'Moves a ticket to another queue and/or gives it to an agent (or unassigns it).',
      args: { input: t.arg({ type: inputs.AssignInput, required: true, description: 'The ticket, and its new queue and/or assignee.' }) },
      resolve: async (_root, args, context) => {
        const input = parseInput(assignTicketSchema, args.input);
        const given = Object.keys(args.input);
        if (!given.includes('queueId') && !given.includes('assigneeId')) throw ValidationError.at(['input'], 'give a queueId, an assigneeId or both');
        const ticket = await context.mutate(async (db) => {
          const scope = requestScope(context, db);
          return reassignTicket(scope, await requireTicket(scope, input.id, ['input', 'id']), input, given);
        });
        return { ticket };
      },
    }),
    rateTicket: t.field({
      // The same payload as every other mutation that answers with the ticket it changed.
      type: Payload,
      authScopes: WRITE,
      errors: { types: WRITE_ERRORS },
      description: `Records the customer's CSAT for a RESOLVED or CLOSED ticket, once${withInteractions ? '; also as a SURVEY_RESPONSE interaction of the customer' : ''}.`,
      args: { input: t.arg({ type: inputs.RateInput, required: true, description: 'The ticket, the score and the comment.' }) },
      resolve: async (_root, args, context) => {
        const input = parseInput(rateTicketSchema, args.input);
        const ticket = await context.mutate(async (db) => {
          const scope = requestScope(context, db);
          return rateTicket(context, scope, await requireTicket(scope, input.ticketId, ['input', 'ticketId']), input, withInteractions);
        });
        return { ticket };
      },
    }),
  }));
}
