import type { z } from 'zod';
import { ConflictError, ValidationError } from '../../src/plugin-api.ts';
import { requireConfigRow } from './config/config-kit.ts';
import { ticketAssigned, ticketEventFrame, ticketFacts, ticketUpdated } from './events.ts';
import { globalIdOf } from './ids.ts';
import { checkpoint, type SlaClock, type SlaTargets } from './sla/sla-clock.ts';
import { calendarOf, clockOf, slaColumns, slaSetupFor, targetsOf } from './sla/ticket-sla.ts';
import { saveTicket, type LockedTicket, type WriteScope } from './store/ticket-writes.ts';
import type { assignTicketSchema, updateTicketSchema } from './ticket-inputs.ts';

// Edits of an open ticket: its case (subject, description, priority, category, channel) and who
// works it (queue, assignee). A CLOSED ticket changes no more.

function refuseClosed(ticket: LockedTicket): void {
  if (ticket.status === 'CLOSED') throw new ConflictError(`Ticket #${ticket.number} is closed`, globalIdOf('Ticket', ticket.id));
}

/**
 * Changes the fields given; a new priority or category applies the SLA policy for it, keeping the
 * time already used. Nothing is written when nothing changes.
 */
export async function editTicket(scope: WriteScope, current: LockedTicket, input: z.output<typeof updateTicketSchema>): Promise<LockedTicket> {
  refuseClosed(current);
  const category = input.categoryId == null ? null : await requireConfigRow(await scope.config.categories(), input.categoryId, 'TicketCategory', ['input', 'categoryId']);
  if (category && !category.active && category.id !== current.categoryId) throw ValidationError.at(['input', 'categoryId'], 'is an inactive category');
  const next = {
    subject: input.subject ?? current.subject,
    description: input.description ?? current.description,
    priority: input.priority ?? current.priority,
    categoryId: category?.id ?? current.categoryId,
    kind: category?.kind ?? current.kind,
    channel: input.channel ?? current.channel,
  };
  const changed = (Object.keys(next) as (keyof typeof next)[]).filter((field) => next[field] !== current[field]);
  if (changed.length === 0) return current;
  let sla = {};
  if (changed.includes('priority') || changed.includes('categoryId')) {
    // The clock keeps the time already used; the policy for the new priority or category sets the targets.
    const used = checkpoint(clockOf(current), targetsOf(current), await calendarOf(scope.config, current.slaCalendarId), scope.now, { running: current.slaRunning });
    const setup = await slaSetupFor(scope.config, next);
    const targets = targetsOf(setup);
    sla = { ...setup, ...slaColumns(breachesUnder(used, targets, scope.now), targets, await calendarOf(scope.config, setup.slaCalendarId), current.escalationLevel) };
  }
  const saved = await saveTicket(scope, current, { ...next, ...sla });
  await scope.events.emit(ticketUpdated, { ...ticketEventFrame(saved, scope.now), payload: { ...ticketFacts(saved), changed: changed.filter((field) => field !== 'kind') } });
  return saved;
}

/**
 * Moves the ticket to another active queue and/or gives it to an agent; `given` names the input
 * fields the client sent, so that an absent assignee keeps it and a null one unassigns.
 */
export async function reassignTicket(scope: WriteScope, current: LockedTicket, input: z.output<typeof assignTicketSchema>, given: readonly string[]): Promise<LockedTicket> {
  refuseClosed(current);
  let queueId = current.queueId;
  if (input.queueId != null) {
    const queue = await requireConfigRow(await scope.config.queues(), input.queueId, 'TicketQueue', ['input', 'queueId']);
    if (!queue.active) throw ValidationError.at(['input', 'queueId'], 'is an inactive queue');
    queueId = queue.id;
  } else if (given.includes('queueId')) {
    throw ValidationError.at(['input', 'queueId'], 'a ticket always has a queue');
  }
  const assigneeId = given.includes('assigneeId') ? (input.assigneeId ?? null) : current.assigneeId;
  if (queueId === current.queueId && assigneeId === current.assigneeId) return current;
  const saved = await saveTicket(scope, current, { queueId, assigneeId });
  await scope.events.emit(ticketAssigned, {
    ...ticketEventFrame(saved, scope.now),
    payload: { ...ticketFacts(saved), fromQueueId: globalIdOf('TicketQueue', current.queueId), assigneeId, fromAssigneeId: current.assigneeId },
  });
  return saved;
}

/**
 * Under new targets, a target the clock has already passed counts as breached from the moment the
 * targets changed: the clock's own history cannot say when it crossed a target it did not have.
 */
function breachesUnder(clock: SlaClock, targets: SlaTargets | null, now: Date): SlaClock {
  if (!targets) return clock;
  const next = { ...clock };
  if (next.firstRespondedAt === null && next.firstResponseBreachedAt === null && next.slaElapsedSeconds > targets.firstResponseMinutes * 60) next.firstResponseBreachedAt = now;
  if (next.resolutionSeconds === null && next.resolutionBreachedAt === null && next.slaElapsedSeconds > targets.resolutionMinutes * 60) next.resolutionBreachedAt = now;
  return next;
}
