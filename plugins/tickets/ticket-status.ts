import type { TicketStatus } from './store/enums.ts';

/**
 * The legal moves of a ticket. CLOSED is final (a new contact opens a new ticket); a RESOLVED
 * ticket is either confirmed (CLOSED) or reopened. ESCALATED is reached by hand or by the
 * escalation scheduler, and left by taking the ticket up again (OPEN).
 */
export const TRANSITIONS: Readonly<Record<TicketStatus, readonly TicketStatus[]>> = {
  NEW: ['OPEN', 'PENDING_CUSTOMER', 'ESCALATED', 'RESOLVED'],
  OPEN: ['PENDING_CUSTOMER', 'ESCALATED', 'RESOLVED'],
  PENDING_CUSTOMER: ['OPEN', 'ESCALATED', 'RESOLVED'],
  ESCALATED: ['OPEN', 'PENDING_CUSTOMER', 'RESOLVED'],
  RESOLVED: ['CLOSED', 'REOPENED'],
  CLOSED: [],
  REOPENED: ['OPEN', 'PENDING_CUSTOMER', 'ESCALATED', 'RESOLVED'],
};

/** Statuses of a ticket someone still has to work on. */
export const OPEN_STATUSES: readonly TicketStatus[] = ['NEW', 'OPEN', 'PENDING_CUSTOMER', 'ESCALATED', 'REOPENED'];

export function canMove(from: TicketStatus, to: TicketStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** The SLA clock runs in every open status but the one that waits on the customer. */
export function clockRunsIn(status: TicketStatus): boolean {
  return status !== 'PENDING_CUSTOMER' && status !== 'RESOLVED' && status !== 'CLOSED';
}

export function isOpen(status: TicketStatus): boolean {
  return OPEN_STATUSES.includes(status);
}
