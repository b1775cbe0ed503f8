import type { Prisma, TicketChannel, TicketKind, TicketPriority, TicketStatus } from '../../src/plugin-api.ts';
import { ValidationError } from '../../src/plugin-api.ts';
import { decodeCustomerId } from '../profile/plugin.ts';
import type { CategoryRow } from './config/service-config.ts';
import { parseGlobalId } from './ids.ts';
import type { SlaState } from './sla/sla-view.ts';

// The filters and orders of ticket lists, as Prisma conditions. SLA states are read from the
// stored deadlines against the area's clock, so "breached" is right even between scheduler passes.

export interface TicketFilterArgs {
  queueIds?: readonly (string | number)[] | null;
  statuses?: readonly TicketStatus[] | null;
  priorities?: readonly TicketPriority[] | null;
  kinds?: readonly TicketKind[] | null;
  categoryIds?: readonly (string | number)[] | null;
  channels?: readonly TicketChannel[] | null;
  assigneeIds?: readonly string[] | null;
  unassigned?: boolean | null;
  customerId?: string | number | null;
  slaStates?: readonly SlaState[] | null;
  escalated?: boolean | null;
  createdAfter?: Date | null;
  createdBefore?: Date | null;
  search?: string | null;
}

export type TicketOrderField = 'CREATED_AT' | 'UPDATED_AT' | 'PRIORITY' | 'NUMBER' | 'DEADLINE';

export function ticketWhere(tenantId: string, filter: TicketFilterArgs | null | undefined, categories: ReadonlyMap<string, CategoryRow>, now: Date): Prisma.TicketWhereInput {
  const and: Prisma.TicketWhereInput[] = [{ tenantId }];
  if (!filter) return and[0]!;
  if (filter.queueIds?.length) and.push({ queueId: { in: filter.queueIds.map((id, index) => parseGlobalId(id, 'TicketQueue', ['filter', 'queueIds', String(index)])) } });
  if (filter.statuses?.length) and.push({ status: { in: [...filter.statuses] } });
  if (filter.priorities?.length) and.push({ priority: { in: [...filter.priorities] } });
  if (filter.kinds?.length) and.push({ kind: { in: [...filter.kinds] } });
  if (filter.channels?.length) and.push({ channel: { in: [...filter.channels] } });
  if (filter.categoryIds?.length) {
    const wanted = filter.categoryIds.map((id, index) => parseGlobalId(id, 'TicketCategory', ['filter', 'categoryIds', String(index)]));
    and.push({ categoryId: { in: withDescendants(categories, wanted) } });
  }
  const assignees: Prisma.TicketWhereInput[] = [];
  if (filter.assigneeIds?.length) assignees.push({ assigneeId: { in: [...filter.assigneeIds] } });
  if (filter.unassigned) assignees.push({ assigneeId: null });
  if (assignees.length) and.push({ OR: assignees });
  if (filter.customerId != null) {
    const customer = decodeCustomerId(String(filter.customerId));
    if (!customer) throw ValidationError.at(['filter', 'customerId'], 'is not a customer id');
    and.push({ customerId: customer.id });
  }
  if (filter.slaStates?.length) and.push({ OR: filter.slaStates.map((state) => slaStateWhere(state, now)) });
  if (filter.escalated != null) and.push(filter.escalated ? { escalationLevel: { gt: 0 } } : { escalationLevel: 0 });
  if (filter.createdAfter) and.push({ createdAt: { gte: filter.createdAfter } });
  if (filter.createdBefore) and.push({ createdAt: { lt: filter.createdBefore } });
  const search = filter.search?.trim();
  if (search) {
    const number = /^#?(\d{1,9})$/.exec(search)?.[1];
    and.push({ OR: [{ subject: { contains: search, mode: 'insensitive' } }, ...(number ? [{ number: Number(number) }] : [])] });
  }
  return { AND: and };
}

/** The categories and all their subcategories. */
function withDescendants(categories: ReadonlyMap<string, CategoryRow>, roots: readonly string[]): string[] {
  const found = new Set(roots);
  let grew = true;
  while (grew) {
    grew = false;
    for (const category of categories.values()) {
      if (category.parentId && found.has(category.parentId) && !found.has(category.id)) {
        found.add(category.id);
        grew = true;
      }
    }
  }
  return [...found];
}

/**
 * The same states `Ticket.sla.state` reports (see sla-view.ts), as conditions on stored columns.
 * Nulls are spelled out: NOT over a comparison with NULL would drop rows.
 */
export function slaStateWhere(state: SlaState, now: Date): Prisma.TicketWhereInput {
  const hasPolicy: Prisma.TicketWhereInput = { slaPolicyId: { not: null } };
  const breached: Prisma.TicketWhereInput = {
    OR: [
      { firstResponseBreachedAt: { not: null } },
      { resolutionBreachedAt: { not: null } },
      { slaRunning: true, firstResponseDueAt: { lt: now } },
      { slaRunning: true, resolutionDueAt: { lt: now } },
    ],
  };
  const notBreached: Prisma.TicketWhereInput = {
    firstResponseBreachedAt: null,
    resolutionBreachedAt: null,
    OR: [{ slaRunning: false }, { AND: [{ OR: [{ firstResponseDueAt: null }, { firstResponseDueAt: { gte: now } }] }, { OR: [{ resolutionDueAt: null }, { resolutionDueAt: { gte: now } }] }] }],
  };
  const warned: Prisma.TicketWhereInput = { OR: [{ firstResponseWarnAt: { lte: now } }, { resolutionWarnAt: { lte: now } }] };
  const notWarned: Prisma.TicketWhereInput = {
    AND: [{ OR: [{ firstResponseWarnAt: null }, { firstResponseWarnAt: { gt: now } }] }, { OR: [{ resolutionWarnAt: null }, { resolutionWarnAt: { gt: now } }] }],
  };
  switch (state) {
    case 'BREACHED':
      return { AND: [hasPolicy, breached] };
    case 'AT_RISK':
      return { AND: [hasPolicy, notBreached, { slaRunning: true }, warned] };
    case 'ON_TRACK':
      return { AND: [hasPolicy, notBreached, { slaRunning: true }, notWarned] };
    case 'PAUSED':
      return { AND: [hasPolicy, notBreached, { slaRunning: false, resolutionSeconds: null }] };
    case 'MET':
      return { AND: [hasPolicy, notBreached, { resolutionSeconds: { not: null } }] };
  }
}

export function ticketOrder(order: { field: TicketOrderField; direction?: 'ASC' | 'DESC' | null } | null | undefined): Prisma.TicketOrderByWithRelationInput[] {
  const field = order?.field ?? 'CREATED_AT';
  const direction = (order?.direction ?? (field === 'DEADLINE' ? 'ASC' : 'DESC')) === 'ASC' ? 'asc' : 'desc';
  const column = { CREATED_AT: 'createdAt', UPDATED_AT: 'updatedAt', PRIORITY: 'priority', NUMBER: 'number', DEADLINE: 'deadlineSortKey' }[field];
  // The id breaks ties, so keyset pages never skip or repeat tickets.
  if (field === 'PRIORITY') return [{ priority: direction }, { deadlineSortKey: 'asc' }, { id: direction }];
  return [{ [column]: direction }, { id: direction }];
}
