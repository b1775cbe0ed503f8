import type { Builder } from '../../src/plugin-api.ts';
import { interactionGlobalId } from '../interactions/plugin.ts';
import { loadCustomer, type CustomerRow } from '../profile/plugin.ts';
import { lineageOf, requestConfig } from './config/service-config.ts';
import type { TicketEnums } from './enums.ts';
import { asUuid } from './ids.ts';
import { viewSla, type SlaTargetView, type SlaView } from './sla/sla-view.ts';
import { calendarOf } from './sla/ticket-sla.ts';
import { TRANSITIONS } from './ticket-status.ts';
import { viewerOf } from '../../src/plugin-api.ts';

const READ = { permission: 'tickets:read' } as const;

/** `Ticket`: a case, with its conversation, status history, SLA, escalations and satisfaction. */
export function registerTicket(builder: Builder, enums: TicketEnums): void {
  const SlaTargetRef = builder.objectRef<SlaTargetView>('SlaTarget').implement({
    description: 'One SLA target (first response or resolution), measured in business time of the policy calendar.',
    fields: (t) => ({
      targetMinutes: t.exposeInt('targetMinutes', { description: 'Business minutes allowed.' }),
      dueAt: t.expose('dueAt', { type: 'DateTime', nullable: true, description: 'When the target is reached if the clock keeps running; null while paused or once done.' }),
      warnAt: t.expose('warnAt', { type: 'DateTime', nullable: true, description: 'When the ticket becomes at risk (the policy warning share of the target).' }),
      elapsedBusinessSeconds: t.exposeInt('elapsedSeconds', { description: 'Business time used so far (at completion, for a completed target).' }),
      remainingBusinessSeconds: t.exposeInt('remainingSeconds', { description: 'Business time left; negative when overdue.' }),
      completedAt: t.expose('completedAt', { type: 'DateTime', nullable: true, description: 'The first response, or the resolution.' }),
      breached: t.boolean({ description: 'Whether the target was missed (it stays missed once it was).', resolve: (target) => target.breachedAt !== null }),
      breachedAt: t.expose('breachedAt', { type: 'DateTime', nullable: true, description: 'The instant the target was missed.' }),
      state: t.field({ type: enums.SlaState, description: 'Where this target stands now.', resolve: (target) => target.state }),
    }),
  });

  const TicketSlaRef = builder.objectRef<SlaView & { policy: object | null }>('TicketSla').implement({
    description: "A ticket's SLA now: both targets, and the worst of their states.",
    fields: (t) => ({
      policy: t.field({ type: 'SlaPolicy', nullable: true, description: 'The policy the targets were copied from when it applied.', resolve: (sla) => sla.policy }),
      state: t.field({ type: enums.SlaState, description: 'The worse of the two targets’ states.', resolve: (sla) => sla.state }),
      paused: t.exposeBoolean('paused', { description: 'The clock is stopped while the ticket waits on the customer.' }),
      firstResponse: t.field({ type: SlaTargetRef, description: 'Time to the first public reply of an agent.', resolve: (sla) => sla.firstResponse }),
      resolution: t.field({ type: SlaTargetRef, description: 'Time to resolution.', resolve: (sla) => sla.resolution }),
    }),
  });

  const RoutingRef = builder.objectRef<{ rule: object | null; explanation: string }>('TicketRouting').implement({
    description: 'How the ticket was routed when it was opened.',
    fields: (t) => ({
      rule: t.field({ type: 'RoutingRule', nullable: true, description: 'The rule that matched; null when none did.', resolve: (routing) => routing.rule }),
      explanation: t.exposeString('explanation', { description: 'Which rule matched and on which facts, and where queue and priority came from.' }),
    }),
  });

  const ScriptRef = builder.objectRef<{ category: object; text: string }>('ServiceScript').implement({
    description: 'The protocol an agent follows for this kind of case.',
    fields: (t) => ({
      category: t.field({ type: 'TicketCategory', description: 'The category the script belongs to: the ticket’s own, or the nearest ancestor with one.', resolve: (script) => script.category }),
      text: t.exposeString('text', { description: 'The steps and wording to follow, as the desk configured them.' }),
    }),
  });

  const SatisfactionRef = builder.objectRef<{ score: number; comment: string | null; recordedAt: Date; interactionId: string | null }>('TicketSatisfaction').implement({
    description: 'The customer’s rating of the service (CSAT).',
    fields: (t) => ({
      score: t.exposeInt('score', { description: '1 (very dissatisfied) to 5 (very satisfied).' }),
      comment: t.exposeString('comment', { nullable: true, description: "The customer's own words; null when they gave none." }),
      recordedAt: t.expose('recordedAt', { type: 'DateTime', description: 'When the rating was recorded, UTC.' }),
      interactionId: t.exposeID('interactionId', {
        nullable: true,
        description: 'The survey-response Interaction that carries it, when the interactions area is enabled.',
      }),
    }),
  });

  builder.prismaObject('TicketMessage', {
    authScopes: READ,
    description: 'A public reply (seen by the customer) or an internal note (agents only).',
    fields: (t) => ({
      id: t.exposeID('id', { description: 'Identifies the message within its ticket (not a global id for `node`).' }),
      kind: t.field({ type: enums.MessageKind, description: 'Public reply or internal note.', resolve: (message) => message.kind }),
      author: t.field({ type: enums.Author, description: 'Whether an agent or the customer wrote it.', resolve: (message) => message.author }),
      authorId: t.exposeString('authorId', { nullable: true, description: 'The agent’s user id; null for the customer.' }),
      body: t.exposeString('body', { description: 'The text of the message, as written.' }),
      createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When it was written, UTC.' }),
    }),
  });

  builder.prismaObject('TicketStatusChange', {
    authScopes: READ,
    description: 'A ticket entering a status: who moved it, when, from which status, and why.',
    fields: (t) => ({
      from: t.field({ type: enums.Status, nullable: true, description: 'Null for the creation.', resolve: (change) => change.fromStatus }),
      to: t.field({ type: enums.Status, description: 'The status it entered.', resolve: (change) => change.toStatus }),
      changedAt: t.expose('changedAt', { type: 'DateTime', description: 'When it entered that status, UTC.' }),
      actorId: t.exposeString('actorId', { nullable: true, description: 'The user, or "system:tickets" for the escalation scheduler.' }),
      note: t.exposeString('note', { nullable: true, description: 'Why, in words, as given with the change; null when none.' }),
    }),
  });

  builder.prismaObject('TicketEscalation', {
    authScopes: READ,
    description: 'A step the escalation scheduler took: 1 when the ticket became at risk, 2 when it breached.',
    fields: (t) => ({
      level: t.exposeInt('level', { description: '1 when the ticket became at risk, 2 when it breached.' }),
      reason: t.exposeString('reason', { description: 'FIRST_RESPONSE_AT_RISK, RESOLUTION_AT_RISK, FIRST_RESPONSE_BREACHED or RESOLUTION_BREACHED.' }),
      escalatedAt: t.expose('escalatedAt', { type: 'DateTime', description: 'When the scheduler escalated it, UTC.' }),
      fromQueueId: t.exposeID('fromQueueId', { description: 'The queue it left (global id of a TicketQueue).' }),
      toQueueId: t.exposeID('toQueueId', { description: 'The queue it was moved to (global id of a TicketQueue).' }),
    }),
  });

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
      // A page of tickets brings each one's customer along (ticket-page.ts); any other ticket loads it.
      customer: t.field({
        type: 'Customer',
        description: 'The person or organization the case is for.',
        resolve: async (ticket, _args, context) => (ticket as { customer?: CustomerRow }).customer ?? (await loadCustomer(context, ticket.customerId))!,
      }),
      queue: t.field({ type: 'TicketQueue', description: 'The team that works it now.', resolve: async (ticket, _args, context) => (await requestConfig(context).queues()).get(ticket.queueId)! }),
      assigneeId: t.exposeString('assigneeId', { nullable: true, description: 'User id of the agent working on it.' }),
      createdBy: t.exposeString('createdBy', { nullable: true, description: 'User id of whoever opened it; null for tickets imported or opened by a system.' }),
      routing: t.field({
        type: RoutingRef,
        description: 'Which routing rule chose its queue and priority when it was opened, and why.',
        resolve: async (ticket, _args, context) => ({
          rule: (await requestConfig(context).rules()).find((rule) => rule.id === ticket.routingRuleId) ?? null,
          explanation: ticket.routingReason,
        }),
      }),
      sla: t.field({
        type: TicketSlaRef,
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
        type: ScriptRef,
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
        type: SatisfactionRef,
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
}
