import type { TicketChannel, TicketKind, TicketPriority, TicketStatus } from './enums.ts';
import { SqlConditions, ValidationError } from '../../../src/plugin-api.ts';
import { decodeCustomerId } from '../../profile/plugin.ts';
import type { CategoryRow } from '../config/service-config.ts';
import { parseGlobalId } from '../ids.ts';
import type { SlaState } from '../sla/sla-view.ts';

// The filters of ticket lists, as SQL conditions. SLA states are read from the stored deadlines
// against the area's clock, so "breached" is right even between scheduler passes.

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

/**
 * The filter as SQL conditions on the ticket alias `t` (every id checked first: a malformed one is a ValidationError at
 * its place in the filter). `categories` is read only when the filter names some.
 */
export async function ticketConditions(
  tenantId: string,
  filter: TicketFilterArgs | null | undefined,
  categories: () => Promise<ReadonlyMap<string, CategoryRow>>,
  now: Date,
): Promise<SqlConditions> {
  const conditions = new SqlConditions();
  conditions.add((p) => `t."tenantId" = ${p(tenantId)}`);
  if (!filter) return conditions;
  if (filter.queueIds?.length) {
    const ids = filter.queueIds.map((id, index) => parseGlobalId(id, 'TicketQueue', ['filter', 'queueIds', String(index)]));
    conditions.add((p) => `t."queueId" = ANY(${p(ids)}::uuid[])`);
  }
  const anyOf = (column: string, type: string, values: readonly string[] | null | undefined) => {
    if (values?.length) conditions.add((p) => `t."${column}" = ANY(${p(values)}::"${type}"[])`);
  };
  anyOf('status', 'TicketStatus', filter.statuses);
  anyOf('priority', 'TicketPriority', filter.priorities);
  anyOf('kind', 'TicketKind', filter.kinds);
  anyOf('channel', 'TicketChannel', filter.channels);
  if (filter.categoryIds?.length) {
    const wanted = filter.categoryIds.map((id, index) => parseGlobalId(id, 'TicketCategory', ['filter', 'categoryIds', String(index)]));
    const ids = withDescendants(await categories(), wanted);
    conditions.add((p) => `t."categoryId" = ANY(${p(ids)}::uuid[])`);
  }
  if (filter.assigneeIds?.length && filter.unassigned) conditions.add((p) => `(t."assigneeId" = ANY(${p(filter.assigneeIds)}::text[]) OR t."assigneeId" IS NULL)`);
  else if (filter.assigneeIds?.length) conditions.add((p) => `t."assigneeId" = ANY(${p(filter.assigneeIds)}::text[])`);
  else if (filter.unassigned) conditions.add(() => `t."assigneeId" IS NULL`);
  if (filter.customerId != null) {
    const customer = decodeCustomerId(String(filter.customerId));
    if (!customer) throw ValidationError.at(['filter', 'customerId'], 'is not a customer id');
    conditions.add((p) => `t."customerId" = ${p(customer.id)}::uuid`);
  }
  if (filter.slaStates?.length) {
    const states = filter.slaStates;
    conditions.add((p) => {
      const at = `${p(now)}::timestamp(3)`;
      return `(${states.map((state) => slaStateCondition(state, at)).join(' OR ')})`;
    });
  }
  if (filter.escalated != null) conditions.add(() => (filter.escalated ? 't."escalationLevel" > 0' : 't."escalationLevel" = 0'));
  if (filter.createdAfter) conditions.add((p) => `t."createdAt" >= ${p(filter.createdAfter)}::timestamp(3)`);
  if (filter.createdBefore) conditions.add((p) => `t."createdAt" < ${p(filter.createdBefore)}::timestamp(3)`);
  const search = filter.search?.trim();
  if (search) {
    const number = /^#?(\d{1,9})$/.exec(search)?.[1];
    // LIKE wildcards in the text are literal characters to the user, not patterns.
    const pattern = `%${search.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
    conditions.add((p) => `(t.subject ILIKE ${p(pattern)}${number ? ` OR t.number = ${p(Number(number))}` : ''})`);
  }
  return conditions;
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
 * The same states `Ticket.sla.state` reports (see sla-view.ts), as a condition on stored columns
 * against the instant `at` (SQL). Nulls are spelled out: NOT over a comparison with NULL would drop rows.
 */
export function slaStateCondition(state: SlaState, at: string): string {
  const hasPolicy = 't."slaPolicyId" IS NOT NULL';
  const breached = `(t."firstResponseBreachedAt" IS NOT NULL OR t."resolutionBreachedAt" IS NOT NULL
    OR (t."slaRunning" AND (t."firstResponseDueAt" < ${at} OR t."resolutionDueAt" < ${at})))`;
  const notBreached = `(t."firstResponseBreachedAt" IS NULL AND t."resolutionBreachedAt" IS NULL
    AND (NOT t."slaRunning" OR ((t."firstResponseDueAt" IS NULL OR t."firstResponseDueAt" >= ${at}) AND (t."resolutionDueAt" IS NULL OR t."resolutionDueAt" >= ${at}))))`;
  const warned = `(t."firstResponseWarnAt" <= ${at} OR t."resolutionWarnAt" <= ${at})`;
  const notWarned = `((t."firstResponseWarnAt" IS NULL OR t."firstResponseWarnAt" > ${at}) AND (t."resolutionWarnAt" IS NULL OR t."resolutionWarnAt" > ${at}))`;
  switch (state) {
    case 'BREACHED':
      return `(${hasPolicy} AND ${breached})`;
    case 'AT_RISK':
      return `(${hasPolicy} AND ${notBreached} AND t."slaRunning" AND ${warned})`;
    case 'ON_TRACK':
      return `(${hasPolicy} AND ${notBreached} AND t."slaRunning" AND ${notWarned})`;
    case 'PAUSED':
      return `(${hasPolicy} AND ${notBreached} AND NOT t."slaRunning" AND t."resolutionSeconds" IS NULL)`;
    case 'MET':
      return `(${hasPolicy} AND ${notBreached} AND t."resolutionSeconds" IS NOT NULL)`;
  }
}

