import type { Context, Prisma, TenantDb } from '../../../src/plugin-api.ts';
import type { TicketStatus } from './enums.ts';
import { customerNodeIds } from '../../profile/plugin.ts';
import type { ConfigReader } from '../config/service-config.ts';

// Reading a ticket for a write (locked) and writing it back with its history. Used by the
// mutations and by the escalation scheduler alike.

export type TicketRow = Prisma.TicketModel;
/** A ticket read for a write, with the global id of its customer, which every event of it names. */
export type LockedTicket = TicketRow & { customerNodeId: string };

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
  const rows = await scope.db.$queryRaw<TicketRow[]>`
    SELECT t.* FROM "Ticket" t
    WHERE t."tenantId" = ${scope.tenantId} AND t.id = ${ticketId}::uuid
    FOR UPDATE`;
  const [ticket] = await withCustomerNodeIds(scope.db, rows);
  return ticket ?? null;
}

/**
 * Those of the given tickets whose next escalation has come, locked, soonest first. A ticket
 * another writer holds is skipped (`SKIP LOCKED`): it is looked at again by a later pass.
 */
export async function lockDueTickets(scope: WriteScope, ticketIds: readonly string[]): Promise<LockedTicket[]> {
  const rows = await scope.db.$queryRaw<TicketRow[]>`
    SELECT t.* FROM "Ticket" t
    WHERE t."tenantId" = ${scope.tenantId} AND t.id = ANY(${[...ticketIds]}::uuid[]) AND t."nextEscalationAt" <= ${scope.now}
    ORDER BY t."nextEscalationAt"
    FOR UPDATE SKIP LOCKED`;
  return withCustomerNodeIds(scope.db, rows);
}

/** The tickets with their customers' global ids, asked of the profile in one statement for all of them. */
async function withCustomerNodeIds(db: TenantDb, tickets: readonly TicketRow[]): Promise<LockedTicket[]> {
  if (tickets.length === 0) return [];
  const nodeIds = await customerNodeIds(db, tickets.map((ticket) => ticket.customerId));
  return tickets.map((ticket) => {
    const customerNodeId = nodeIds.get(ticket.customerId);
    // The foreign key keeps every ticket's customer: a missing one is a broken database, not a user error.
    if (!customerNodeId) throw new Error(`The customer of ticket ${ticket.id} was not found`);
    return { ...ticket, customerNodeId };
  });
}

/** The next number of the tenant's tickets (#1, #2 …), counted under the counter row's lock. */
export async function nextTicketNumber(scope: WriteScope): Promise<number> {
  const [row] = await scope.db.$queryRaw<{ last: number }[]>`
    INSERT INTO "TicketCounter" ("tenantId", last) VALUES (${scope.tenantId}, 1)
    ON CONFLICT ("tenantId") DO UPDATE SET last = "TicketCounter".last + 1
    RETURNING last`;
  return row!.last;
}

export async function saveTicket(scope: WriteScope, ticket: LockedTicket, data: Prisma.TicketUncheckedUpdateInput): Promise<LockedTicket> {
  const saved = await scope.db.ticket.update({ where: { tenantId_id: { tenantId: scope.tenantId, id: ticket.id } }, data: { ...data, updatedAt: scope.now } });
  return { ...saved, customerNodeId: ticket.customerNodeId };
}

export async function recordStatusChange(scope: WriteScope, ticketId: string, from: TicketStatus | null, to: TicketStatus, note: string | null = null): Promise<void> {
  await scope.db.ticketStatusChange.create({
    data: { tenantId: scope.tenantId, ticketId, fromStatus: from, toStatus: to, changedAt: scope.now, actorId: scope.actorId, note },
  });
}

/**
 * Records an escalation step of the ticket; false when that level was recorded already (the
 * unique key on ticket and level is the last word: a level is never escalated twice).
 */
export async function recordEscalation(scope: WriteScope, step: { ticketId: string; level: number; reason: string; fromQueueId: string; toQueueId: string }): Promise<boolean> {
  const rows = await scope.db.$queryRaw<{ id: string }[]>`
    INSERT INTO "TicketEscalation" (id, "tenantId", "ticketId", level, reason, "escalatedAt", "fromQueueId", "toQueueId")
    VALUES (gen_random_uuid(), ${scope.tenantId}, ${step.ticketId}::uuid, ${step.level}, ${step.reason}, ${scope.now}, ${step.fromQueueId}::uuid, ${step.toQueueId}::uuid)
    ON CONFLICT ("ticketId", level) DO NOTHING
    RETURNING id::text`;
  return rows.length > 0;
}
