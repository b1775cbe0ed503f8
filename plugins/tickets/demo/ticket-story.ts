import type { TicketChannel, TicketKind, TicketPriority, TicketStatus } from '../store/enums.ts';
import type { CustomerKind } from '../../profile/plugin.ts';
import { customerGlobalId } from '../../profile/plugin.ts';
import { SCHEDULER_ACTOR } from '../escalation/scheduler.ts';
import { globalIdOf } from '../ids.ts';
import { explainRouting, routeTicket } from '../routing/routing-rules.ts';
import { addBusinessMs, type BusinessCalendar } from '../sla/business-hours.ts';
import { selectPolicy } from '../sla/policy-selection.ts';
import { BREACHED_LEVEL, checkpoint, escalationDue, schedule, startClock, type ClockChange, type SlaClock, type SlaTargets } from '../sla/sla-clock.ts';
import { slaColumns } from '../sla/ticket-sla.ts';
import { canMove, clockRunsIn } from '../ticket-status.ts';
import type { DemoCategory, DemoDesk } from './desk-config.ts';
import type { DemoDice } from './random.ts';

// One demo ticket's life, played forward with the same SLA clock, routing and escalation rules the
// API and the scheduler use, and cut at the end of the demo history: what was still open then stays
// open, with the escalations the scheduler would have made by then.

export interface StoryCustomer {
  id: string;
  kind: CustomerKind;
  audiences: string[];
  lifecycle: 'ACTIVE' | 'INACTIVE' | 'LOST';
  country: string | null;
}

export interface StoryPlan {
  number: number;
  customer: StoryCustomer;
  createdAt: Date;
  category: DemoCategory;
  channel: TicketChannel;
  requestedPriority: TicketPriority | null;
}

export interface StoryEvent {
  topic: string;
  occurredAt: Date;
  actorId: string | null;
  payload: Record<string, unknown>;
}

export interface StoryRows {
  ticket: Record<string, unknown>;
  messages: Record<string, unknown>[];
  statusChanges: Record<string, unknown>[];
  escalations: Record<string, unknown>[];
  events: StoryEvent[];
  csat: { score: number; comment: string | null; at: Date; agentId: string | null } | null;
}

const HOUR = 3_600_000;
// The scheduler's pace: an escalation lands a little after it falls due.
const SCHEDULER_LAG_MS = 20_000;

const FIRST_REPLIES = [
  'Hola, gracias por escribirnos. Ya estamos revisando tu caso y te contamos enseguida.',
  'Buenos días. Hemos localizado tu pedido y lo estamos comprobando con el almacén.',
  'Gracias por avisarnos. Para ayudarte mejor, ¿nos envías una foto o el número de pedido?',
];
const RESOLUTIONS = [
  'Todo resuelto: te hemos enviado la confirmación por correo. ¡Gracias por tu paciencia!',
  'Hemos tramitado el reembolso; lo verás en tu cuenta en 3 a 5 días laborables.',
  'El cambio está hecho. Si necesitas algo más, responde a este mensaje.',
];
const CUSTOMER_REPLIES = ['Adjunto la foto que me pedíais.', 'Gracias, el número de pedido es el que aparece en el correo.', 'Sigue sin funcionar, ¿podéis revisarlo?'];
const COMMENTS_GOOD = ['Muy rápidos y amables.', 'Solucionado a la primera, gracias.', null, null];
const COMMENTS_BAD = ['Tardasteis demasiado en contestar.', 'Tuve que llamar tres veces.', null];

export function playStory(plan: StoryPlan, desk: DemoDesk, dice: DemoDice, tenantId: string, now: Date): StoryRows {
  const { category, customer } = plan;
  const parent = category.parentId ? desk.categories.find((candidate) => candidate.id === category.parentId) : undefined;
  const lineage = [category, ...(parent ? [parent] : [])];
  const decision = routeTicket(desk.rules, {
    kind: category.kind,
    categoryLineage: lineage,
    channel: plan.channel,
    priority: plan.requestedPriority ?? 'NORMAL',
    customer: { audiences: customer.audiences as never, lifecycle: customer.lifecycle, country: customer.country, kind: customer.kind },
  });
  const defaultQueue = desk.queues.find((queue) => queue.isDefault)!;
  const routedQueue = (decision.rule?.queueId && desk.queues.find((queue) => queue.id === decision.rule!.queueId)) || defaultQueue;
  const priority: TicketPriority = plan.requestedPriority ?? decision.rule?.priority ?? 'NORMAL';
  const routingReason = explainRouting(decision, {
    queueName: routedQueue.name,
    priority,
    chosenBy: { queue: routedQueue === defaultQueue && !decision.rule?.queueId ? 'default' : 'rule', priority: plan.requestedPriority ? 'input' : decision.rule?.priority ? 'rule' : 'default' },
  });
  const policy = selectPolicy(desk.policies, { priority, kind: category.kind, categoryLineage: lineage.map((entry) => entry.id) })!;
  const calendar: BusinessCalendar = desk.calendars.find((entry) => entry.id === policy.calendarId)!.spec;
  const targets: SlaTargets = { firstResponseMinutes: policy.firstResponseMinutes, resolutionMinutes: policy.resolutionMinutes, warningPercent: policy.warningPercent };

  const ticketId = dice.uuidV7(plan.createdAt);
  const kind: TicketKind = category.kind;
  const createdBy = ['EMAIL', 'WEB', 'MOBILE_APP', 'SOCIAL'].includes(plan.channel) ? `integration:${plan.channel.toLowerCase()}` : dice.pick(desk.queues.find((queue) => queue.id === routedQueue.id)!.agents);
  const state = {
    status: 'NEW' as TicketStatus,
    clock: startClock(plan.createdAt) as SlaClock,
    level: 0,
    queueId: routedQueue.id,
    assigneeId: null as string | null,
    resolvedAt: null as Date | null,
    closedAt: null as Date | null,
    reopenCount: 0,
    updatedAt: plan.createdAt,
    ended: false,
  };
  const rows: StoryRows = { ticket: {}, messages: [], statusChanges: [], escalations: [], events: [], csat: null };
  const facts = () => ({ number: plan.number, status: state.status, priority, queueId: globalIdOf('TicketQueue', state.queueId) });
  const emit = (topic: string, at: Date, actorId: string | null, payload: Record<string, unknown>) => rows.events.push({ topic, occurredAt: at, actorId, payload: { ...facts(), ...payload } });
  const recordStatus = (from: TicketStatus | null, to: TicketStatus, at: Date, actorId: string | null, note: string | null) => {
    rows.statusChanges.push({ id: dice.uuidV7(at), tenantId, ticketId, fromStatus: from, toStatus: to, changedAt: at.toISOString(), actorId, note });
  };
  const queueOf = (id: string) => desk.queues.find((queue) => queue.id === id)!;

  /** What the scheduler would have done before `until` (never past the end of the history). */
  const escalateUntil = (until: Date) => {
    for (;;) {
      const deadlines = schedule(state.clock, targets, calendar, state.level);
      if (!deadlines.nextEscalationAt) return;
      const at = new Date(deadlines.nextEscalationAt.getTime() + SCHEDULER_LAG_MS);
      if (at > until || at > now) return;
      const due = escalationDue(deadlines, state.level, at);
      if (!due) return;
      const dueAt = due.reason.startsWith('FIRST_RESPONSE') ? deadlines.firstResponseDueAt : deadlines.resolutionDueAt;
      const fromQueueId = state.queueId;
      state.clock = checkpoint(state.clock, targets, calendar, at, { running: state.clock.slaRunning });
      state.level = due.level;
      if (due.level === BREACHED_LEVEL) {
        const escalationQueueId = queueOf(state.queueId).escalationQueueId;
        if (escalationQueueId) {
          state.queueId = escalationQueueId;
          state.assigneeId = null;
        }
        if (state.status !== 'ESCALATED' && canMove(state.status, 'ESCALATED')) {
          const from = state.status;
          state.status = 'ESCALATED';
          recordStatus(from, 'ESCALATED', at, SCHEDULER_ACTOR, `Escalated by the scheduler: ${due.reason}`);
          emit('ticket.statusChanged', at, SCHEDULER_ACTOR, { from, to: 'ESCALATED', note: due.reason });
        }
      }
      rows.escalations.push({ id: dice.uuidV7(at), tenantId, ticketId, level: due.level, reason: due.reason, escalatedAt: at.toISOString(), fromQueueId, toQueueId: state.queueId });
      emit('ticket.escalated', at, SCHEDULER_ACTOR, { level: due.level, reason: due.reason, fromQueueId: globalIdOf('TicketQueue', fromQueueId), dueAt: iso(dueAt) });
      state.updatedAt = at;
    }
  };

  /** Plays one step at `at` unless the history ends first; false once it has. */
  const step = (at: Date): boolean => {
    escalateUntil(at);
    if (state.ended || at > now) {
      state.ended = true;
      return false;
    }
    state.updatedAt = at;
    return true;
  };

  const move = (to: TicketStatus, at: Date, actorId: string | null, note: string | null, change: Partial<ClockChange> = {}) => {
    if (to === state.status) {
      if (change.firstResponse) state.clock = checkpoint(state.clock, targets, calendar, at, { running: state.clock.slaRunning, firstResponse: true });
      return;
    }
    const from = state.status;
    state.clock = checkpoint(state.clock, targets, calendar, at, {
      running: clockRunsIn(to),
      firstResponse: change.firstResponse || to === 'RESOLVED',
      resolved: to === 'RESOLVED',
      reopened: to === 'REOPENED',
    });
    state.status = to;
    if (to === 'RESOLVED') state.resolvedAt = at;
    if (to === 'REOPENED') {
      state.resolvedAt = null;
      state.reopenCount += 1;
    }
    if (to === 'CLOSED') state.closedAt = at;
    recordStatus(from, to, at, actorId, note);
    emit('ticket.statusChanged', at, actorId, { from, to, note });
  };

  const agentOfQueue = () => dice.pick(queueOf(state.queueId).agents);
  const reply = (author: 'AGENT' | 'CUSTOMER', at: Date, body: string, then: TicketStatus | null): boolean => {
    if (!step(at)) return false;
    const agent = author === 'AGENT' ? (state.assigneeId ?? agentOfQueue()) : null;
    if (agent) state.assigneeId = agent;
    const messageId = dice.uuidV7(at);
    rows.messages.push({ id: messageId, tenantId, ticketId, kind: 'PUBLIC_REPLY', author, authorId: agent, body, createdAt: at.toISOString() });
    if (author === 'CUSTOMER') {
      if (state.status === 'PENDING_CUSTOMER') move('OPEN', at, null, 'The customer replied');
      else if (state.status === 'RESOLVED') move('REOPENED', at, null, 'The customer replied after resolution');
    } else {
      const firstResponse = state.clock.firstRespondedAt === null;
      move(then ?? state.status, at, agent, null, { firstResponse });
    }
    emit('ticket.replied', at, agent, { messageId, author });
    return true;
  };

  // Opened.
  recordStatus(null, 'NEW', plan.createdAt, createdBy, null);
  emit('ticket.created', plan.createdAt, createdBy, {
    subject: dice.pick(category.subjects), kind, categoryId: globalIdOf('TicketCategory', category.id), channel: plan.channel, routingRule: decision.rule?.name ?? null, routingReason,
  });
  const subject = (rows.events[0]!.payload as { subject: string }).subject;

  // First response: usually well within the target, sometimes late.
  let at = addBusinessMs(calendar, plan.createdAt, targets.firstResponseMinutes * 60_000 * dice.logNormal(0.35, 0.7));
  const waitsOnCustomer = dice.chance(0.3);
  if (reply('AGENT', at, dice.pick(FIRST_REPLIES), waitsOnCustomer ? 'PENDING_CUSTOMER' : 'OPEN') && waitsOnCustomer) {
    at = new Date(at.getTime() + dice.logNormal(20, 0.8) * HOUR);
    reply('CUSTOMER', at, dice.pick(CUSTOMER_REPLIES), null);
  }
  // Resolution after the rest of the work, sometimes past the target.
  const workMs = Math.max(targets.resolutionMinutes * 60_000 * dice.logNormal(0.35, 0.65) - state.clock.slaElapsedSeconds * 1000, 30 * 60_000);
  at = addBusinessMs(calendar, at, workMs);
  let resolvedOnce = reply('AGENT', at, dice.pick(RESOLUTIONS), 'RESOLVED');
  if (resolvedOnce && dice.chance(0.07)) {
    at = new Date(at.getTime() + dice.logNormal(30, 0.6) * HOUR);
    if (reply('CUSTOMER', at, dice.pick(CUSTOMER_REPLIES), null)) {
      at = addBusinessMs(calendar, at, 2 * HOUR * dice.logNormal(1, 0.6));
      resolvedOnce = reply('AGENT', at, dice.pick(RESOLUTIONS), 'RESOLVED');
    }
  }
  if (resolvedOnce && state.status === 'RESOLVED') {
    const closeAt = new Date(state.resolvedAt!.getTime() + 72 * HOUR);
    const rateAt = dice.chance(0.45) ? new Date(state.resolvedAt!.getTime() + dice.logNormal(10, 0.9) * HOUR) : null;
    const breached = state.clock.firstResponseBreachedAt !== null || state.clock.resolutionBreachedAt !== null;
    const rate = () => {
      if (!rateAt || !step(rateAt)) return;
      const score = breached ? dice.weighted([[1, 3], [2, 4], [3, 3], [4, 1], [5, 1]] as const) : dice.weighted([[1, 0.3], [2, 0.5], [3, 1], [4, 4], [5, 6]] as const);
      const comment = dice.pick(score <= 2 ? COMMENTS_BAD : COMMENTS_GOOD);
      rows.csat = { score, comment, at: rateAt, agentId: state.assigneeId };
      emit('ticket.satisfactionRecorded', rateAt, 'integration:survey', { score, comment });
    };
    const close = () => {
      if (step(closeAt)) move('CLOSED', closeAt, 'system:auto-close', 'Closed 72 hours after resolution');
    };
    if (rateAt && rateAt < closeAt) {
      rate();
      close();
    } else {
      close();
      rate();
    }
  }
  escalateUntil(now);

  const columns = slaColumns(state.clock, targets, calendar, state.level);
  rows.ticket = {
    id: ticketId,
    tenantId,
    number: plan.number,
    customerId: customer.id,
    channel: plan.channel,
    kind,
    categoryId: category.id,
    priority,
    status: state.status,
    subject,
    description: `${subject}. ${dice.pick(['Lo necesito cuanto antes.', 'Es la segunda vez que me pasa.', 'Gracias de antemano.', 'Quedo a la espera.'])}`,
    queueId: state.queueId,
    assigneeId: state.assigneeId,
    createdBy,
    routingRuleId: decision.rule?.id ?? null,
    routingReason,
    slaPolicyId: policy.id,
    slaCalendarId: policy.calendarId,
    firstResponseTargetMinutes: targets.firstResponseMinutes,
    resolutionTargetMinutes: targets.resolutionMinutes,
    warningPercent: targets.warningPercent,
    slaElapsedSeconds: columns.slaElapsedSeconds,
    slaCheckpointAt: columns.slaCheckpointAt.toISOString(),
    slaRunning: columns.slaRunning,
    firstResponseWarnAt: iso(columns.firstResponseWarnAt),
    firstResponseDueAt: iso(columns.firstResponseDueAt),
    resolutionWarnAt: iso(columns.resolutionWarnAt),
    resolutionDueAt: iso(columns.resolutionDueAt),
    firstResponseBreachedAt: iso(columns.firstResponseBreachedAt),
    resolutionBreachedAt: iso(columns.resolutionBreachedAt),
    firstRespondedAt: iso(columns.firstRespondedAt),
    firstResponseSeconds: columns.firstResponseSeconds,
    resolutionSeconds: columns.resolutionSeconds,
    resolvedAt: iso(state.resolvedAt),
    closedAt: iso(state.closedAt),
    reopenCount: state.reopenCount,
    escalationLevel: state.level,
    nextEscalationAt: iso(columns.nextEscalationAt),
    deadlineSortKey: columns.deadlineSortKey.toISOString(),
    csatScore: rows.csat?.score ?? null,
    csatComment: rows.csat?.comment ?? null,
    csatAt: iso(rows.csat?.at ?? null),
    csatInteractionId: null,
    createdAt: plan.createdAt.toISOString(),
    updatedAt: state.updatedAt.toISOString(),
  };
  return rows;
}

function iso(date: Date | null): string | null {
  return date ? date.toISOString() : null;
}

/** The frame of an outbox row for a ticket event (see ticketEventFrame, which the API uses). */
export function eventFrame(ticket: { id: string; channel: string; kind: string }, customer: StoryCustomer) {
  return {
    subjectId: globalIdOf('Ticket', ticket.id),
    customerId: customer.id,
    customerNodeId: customerGlobalId({ id: customer.id, kind: customer.kind }),
    channel: ticket.channel,
    kind: ticket.kind,
  };
}
