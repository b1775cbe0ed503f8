import type { Prisma } from '../../src/plugin-api.ts';
import type { TicketStatus } from './store/enums.ts';
import { ConflictError } from '../../src/plugin-api.ts';
import { ticketEventFrame, ticketFacts, ticketStatusChanged } from './events.ts';
import { globalIdOf } from './ids.ts';
import { checkpoint, type ClockChange } from './sla/sla-clock.ts';
import { calendarOf, clockOf, slaColumns, targetsOf } from './sla/ticket-sla.ts';
import { canMove, clockRunsIn, TRANSITIONS } from './ticket-status.ts';
import { recordStatusChange, saveTicket, type LockedTicket, type WriteScope } from './store/ticket-writes.ts';

/**
 * Moves a locked ticket to `to` if that move is legal: checkpoints its SLA clock (stopping it while
 * the ticket waits on the customer, completing the resolution target on RESOLVED, running it again
 * on REOPENED), writes the status history and emits `ticket.statusChanged`. An illegal move is a
 * ConflictError naming the moves that are allowed; nothing is written.
 */
export async function moveTicket(
  scope: WriteScope,
  ticket: LockedTicket,
  to: TicketStatus,
  options: { note?: string | null; firstResponse?: boolean; extra?: Prisma.TicketUncheckedUpdateInput } = {},
): Promise<LockedTicket> {
  if (!canMove(ticket.status, to)) {
    const allowed = TRANSITIONS[ticket.status];
    throw new ConflictError(
      `Ticket #${ticket.number} is ${ticket.status} and cannot become ${to}${allowed.length ? `: it can become ${allowed.join(', ')}` : ': it is closed for good'}`,
      globalIdOf('Ticket', ticket.id),
    );
  }
  const saved = await saveTicket(scope, ticket, {
    ...(await clockAfter(scope, ticket, {
      running: clockRunsIn(to),
      // Resolving answers the customer: it counts as the first response when none came before.
      firstResponse: options.firstResponse || to === 'RESOLVED',
      resolved: to === 'RESOLVED',
      reopened: to === 'REOPENED',
    })),
    status: to,
    ...(to === 'RESOLVED' ? { resolvedAt: scope.now } : {}),
    ...(to === 'REOPENED' ? { resolvedAt: null, reopenCount: { increment: 1 } } : {}),
    ...(to === 'CLOSED' ? { closedAt: scope.now } : {}),
    ...options.extra,
  });
  await recordStatusChange(scope, ticket.id, ticket.status, to, options.note ?? null);
  await scope.events.emit(ticketStatusChanged, {
    ...ticketEventFrame(saved, scope.now),
    payload: { ...ticketFacts(saved), from: ticket.status, to, note: options.note ?? null },
  });
  return saved;
}

/** The SLA columns after a checkpoint of the ticket's clock now, with its current targets and calendar. */
export async function clockAfter(scope: WriteScope, ticket: LockedTicket, change: ClockChange) {
  const targets = targetsOf(ticket);
  const calendar = await calendarOf(scope.config, ticket.slaCalendarId);
  return slaColumns(checkpoint(clockOf(ticket), targets, calendar, scope.now, change), targets, calendar, ticket.escalationLevel);
}
