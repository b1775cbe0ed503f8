import type { Builder } from '../../src/plugin-api.ts';
import type { TicketEnums } from './enums.ts';
import type { SlaTargetView, SlaView } from './sla/sla-view.ts';

const READ = { permission: 'tickets:read' } as const;

/** What a ticket shows of itself beside its columns: its SLA, routing, script, rating and history entries. */
export function registerTicketParts(builder: Builder, enums: TicketEnums) {
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

  return { TicketSlaRef, RoutingRef, ScriptRef, SatisfactionRef };
}
