import { ticketEscalated, ticketEventFrame, ticketFacts, ticketStatusChanged } from '../events.ts';
import { globalIdOf } from '../ids.ts';
import { checkpoint, escalationDue, BREACHED_LEVEL } from '../sla/sla-clock.ts';
import { calendarOf, clockOf, slaColumns, targetsOf } from '../sla/ticket-sla.ts';
import { canMove } from '../ticket-status.ts';
import { lockDueTickets, recordEscalation, recordStatusChange, saveTicket, type LockedTicket, type WriteScope } from '../store/ticket-writes.ts';

/**
 * Claims the given tickets that are still due (`FOR UPDATE SKIP LOCKED`: a ticket another
 * instance is escalating, or an agent is changing, is left to it and looked at again next time) and
 * escalates each one. Counts the escalations made, and those the unique key refused (which would
 * mean two writers claimed the same ticket: the claim is meant to make that impossible).
 */
export async function escalateDueTickets(scope: WriteScope, ticketIds: readonly string[]): Promise<{ escalated: number; refused: number }> {
  const claimed = await lockDueTickets(scope, ticketIds);
  const counts = { escalated: 0, refused: 0 };
  for (const ticket of claimed) {
    const outcome = await escalateTicket(scope, ticket);
    if (outcome !== 'not-due') counts[outcome] += 1;
  }
  return counts;
}

/**
 * One step up for a claimed ticket: at risk (level 1) notifies; breached (level 2) also moves it to
 * its queue's escalation queue (unassigned, so the desk there picks it up) and marks it ESCALATED.
 * A ticket that was due at both levels while no scheduler ran goes straight to the one it reached.
 */
export async function escalateTicket(scope: WriteScope, ticket: LockedTicket): Promise<'escalated' | 'refused' | 'not-due'> {
  const due = escalationDue(ticket, ticket.escalationLevel, scope.now);
  if (!due) return 'not-due';
  const queues = await scope.config.queues();
  const escalationQueueId = due.level === BREACHED_LEVEL ? (queues.get(ticket.queueId)?.escalationQueueId ?? null) : null;
  const toQueueId = escalationQueueId ?? ticket.queueId;
  const recorded = await recordEscalation(scope, { ticketId: ticket.id, level: due.level, reason: due.reason, fromQueueId: ticket.queueId, toQueueId });
  if (!recorded) return 'refused';

  const targets = targetsOf(ticket);
  const calendar = await calendarOf(scope.config, ticket.slaCalendarId);
  // Checkpointing records the breach at the instant it happened.
  const clock = checkpoint(clockOf(ticket), targets, calendar, scope.now, { running: ticket.slaRunning });
  const becomesEscalated = due.level === BREACHED_LEVEL && ticket.status !== 'ESCALATED' && canMove(ticket.status, 'ESCALATED');
  const saved = await saveTicket(scope, ticket, {
    ...slaColumns(clock, targets, calendar, due.level),
    escalationLevel: due.level,
    ...(toQueueId !== ticket.queueId ? { queueId: toQueueId, assigneeId: null } : {}),
    ...(becomesEscalated ? { status: 'ESCALATED' as const } : {}),
  });
  const frame = ticketEventFrame(saved, scope.now);
  if (becomesEscalated) {
    await recordStatusChange(scope, ticket.id, ticket.status, 'ESCALATED', `Escalated by the scheduler: ${due.reason}`);
    await scope.events.emit(ticketStatusChanged, { ...frame, payload: { ...ticketFacts(saved), from: ticket.status, to: 'ESCALATED', note: due.reason } });
  }
  const dueAt = due.reason.startsWith('FIRST_RESPONSE') ? ticket.firstResponseDueAt : ticket.resolutionDueAt;
  await scope.events.emit(ticketEscalated, {
    ...frame,
    payload: { ...ticketFacts(saved), level: due.level, reason: due.reason, fromQueueId: globalIdOf('TicketQueue', ticket.queueId), dueAt: dueAt?.toISOString() ?? null },
  });
  return 'escalated';
}
