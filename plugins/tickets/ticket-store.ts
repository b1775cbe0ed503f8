import type { Context, CustomerKind, Prisma, TenantDb, TicketStatus } from '../../src/plugin-api.ts';
import { customerGlobalId } from '../profile/plugin.ts';
import type { ConfigReader } from './config/service-config.ts';
import { globalIdOf } from './ids.ts';

// Reading a ticket for a write (locked), writing it back with its history, and the event frame
// every ticket event shares. Used by the mutations and by the escalation scheduler alike.

export type TicketRow = Prisma.TicketModel;
export type LockedTicket = TicketRow & { customerKind: CustomerKind };

/** What a write needs, whoever makes it: a request or the scheduler. */
export interface WriteScope {
  db: TenantDb;
  tenantId: string;
  events: Pick<Context['events'], 'emit'>;
  /** The user, or "system:tickets" for the scheduler. */
  actorId: string | null;
  config: ConfigReader;
  /** The instant of the write, from the area's clock. */
  now: Date;
}

/**
 * The ticket, locked until the transaction ends, so two writers (two agents, an agent and the
 * scheduler) apply their changes one after the other instead of overwriting each other.
 */
export async function lockTicket(scope: WriteScope, ticketId: string): Promise<LockedTicket | null> {
  const rows = await scope.db.$queryRaw<LockedTicket[]>`
    SELECT t.*, c.kind AS "customerKind" FROM "Ticket" t
    JOIN "Customer" c ON c."tenantId" = t."tenantId" AND c.id = t."customerId"
    WHERE t."tenantId" = ${scope.tenantId} AND t.id = ${ticketId}::uuid
    FOR UPDATE OF t`;
  return rows[0] ?? null;
}

export async function saveTicket(scope: WriteScope, ticket: LockedTicket, data: Prisma.TicketUncheckedUpdateInput): Promise<LockedTicket> {
  const saved = await scope.db.ticket.update({ where: { tenantId_id: { tenantId: scope.tenantId, id: ticket.id } }, data: { ...data, updatedAt: scope.now } });
  return { ...saved, customerKind: ticket.customerKind };
}

export async function recordStatusChange(scope: WriteScope, ticketId: string, from: TicketStatus | null, to: TicketStatus, note: string | null = null): Promise<void> {
  await scope.db.ticketStatusChange.create({
    data: { tenantId: scope.tenantId, ticketId, fromStatus: from, toStatus: to, changedAt: scope.now, actorId: scope.actorId, note },
  });
}

/** The part of every ticket event that places it: on the customer's timeline, with the ticket's channel and kind. */
export function ticketEventFrame(ticket: Pick<TicketRow, 'id' | 'customerId' | 'channel' | 'kind'> & { customerKind: CustomerKind }, at: Date) {
  return {
    subjectId: globalIdOf('Ticket', ticket.id),
    customer: { id: ticket.customerId, nodeId: customerGlobalId({ id: ticket.customerId, kind: ticket.customerKind }) },
    channel: ticket.channel,
    kind: ticket.kind,
    occurredAt: at,
  };
}

/** The facts every ticket event payload carries, so a wallboard can move the ticket without loading it (ids are global ids). */
export function ticketFacts(ticket: Pick<TicketRow, 'number' | 'status' | 'priority' | 'queueId'>) {
  return { number: ticket.number, status: ticket.status, priority: ticket.priority, queueId: globalIdOf('TicketQueue', ticket.queueId) };
}
