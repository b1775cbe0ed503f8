import type { Prisma } from '../../../src/plugin-api.ts';

// A list of tickets reads only the columns its selected fields need.

type TicketRow = Prisma.TicketModel;

const SLA_COLUMNS = [
  'slaPolicyId', 'slaCalendarId', 'firstResponseTargetMinutes', 'resolutionTargetMinutes', 'warningPercent', 'slaElapsedSeconds',
  'slaCheckpointAt', 'slaRunning', 'firstResponseWarnAt', 'firstResponseDueAt', 'resolutionWarnAt', 'resolutionDueAt',
  'firstResponseBreachedAt', 'resolutionBreachedAt', 'firstRespondedAt', 'firstResponseSeconds', 'resolutionSeconds', 'resolvedAt',
] as const;

/** The columns behind each field of Ticket that is not a column of its own name. */
const COLUMNS_OF_FIELD: Readonly<Record<string, readonly (keyof TicketRow)[]>> = {
  allowedTransitions: ['status'],
  category: ['categoryId'],
  categoryPath: ['categoryId'],
  serviceScript: ['categoryId'],
  queue: ['queueId'],
  customer: ['customerId'],
  routing: ['routingRuleId', 'routingReason'],
  sla: SLA_COLUMNS,
  satisfaction: ['csatScore', 'csatComment', 'csatAt', 'csatInteractionId'],
};
const PLAIN_FIELDS = new Set<string>([
  'number', 'subject', 'description', 'status', 'priority', 'kind', 'channel', 'assigneeId', 'createdBy',
  'escalationLevel', 'reopenCount', 'firstRespondedAt', 'resolvedAt', 'closedAt', 'createdAt', 'updatedAt',
]);

/**
 * The select list (over the alias `t`) for the selected fields of each ticket and the `required`
 * columns. The id and tenant are always read: relations (conversation, history) are found by them.
 */
export function ticketColumns(fields: ReadonlySet<string>, required: readonly (keyof TicketRow)[] = []): string {
  const columns = new Set<string>(['id', 'tenantId', ...required]);
  for (const field of fields) {
    if (PLAIN_FIELDS.has(field)) columns.add(field);
    for (const column of COLUMNS_OF_FIELD[field] ?? []) columns.add(column);
  }
  return [...columns].map((column) => `t."${column}"`).join(', ');
}
