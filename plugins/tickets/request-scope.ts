import type { Context, TenantDb } from '../../src/plugin-api.ts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError, viewerOf } from '../../src/plugin-api.ts';
import { requestConfig } from './config/service-config.ts';
import { parseGlobalId } from './ids.ts';
import { lockTicket, type LockedTicket, type WriteScope } from './store/ticket-writes.ts';

// What every ticket mutation shares: the permission, the errors it may answer, its write scope
// and the ticket it changes.

export const WRITE = { permission: 'tickets:write' } as const;
export const WRITE_ERRORS = [ValidationError, NotFoundError, ConflictError, ForbiddenError];

/** The write scope of a request: its savepoint's transaction, its events, its viewer, the area's clock. */
export function requestScope(context: Context, db: TenantDb): WriteScope {
  return { db, tenantId: viewerOf(context).tenantId, events: context.events, actorId: viewerOf(context).subject, config: requestConfig(context), now: context.clock.now() };
}

/** The ticket behind a global id, locked for this write; NOT_FOUND for an unknown id or another tenant's. */
export async function requireTicket(scope: WriteScope, globalId: string | number, path: string[]): Promise<LockedTicket> {
  const ticket = await lockTicket(scope, parseGlobalId(globalId, 'Ticket', path));
  if (!ticket) throw new NotFoundError('Ticket', String(globalId));
  return ticket;
}
