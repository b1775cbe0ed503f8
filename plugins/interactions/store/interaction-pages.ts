import type { Context, KeysetOrder, KeysetRequest } from '../../../src/plugin-api.ts';
import type { InteractionChannel, InteractionKind } from './enums.ts';
import { keysetWindow, viewerOf } from '../../../src/plugin-api.ts';
import { interactionFromStored, type InteractionRow, type StoredInteraction } from './interaction-rows.ts';

/** The filters of `Customer.interactions`. */
export interface InteractionFilter {
  channels?: readonly InteractionChannel[] | null;
  kinds?: readonly InteractionKind[] | null;
  since?: Date | null;
  until?: Date | null;
}

/** A customer's interactions newest first: when they happened, then the id, so pages never skip or repeat one. */
export const NEWEST_FIRST: KeysetOrder<InteractionRow> = {
  name: 'interactions-newest-first',
  columns: [
    { expression: 'i."occurredAt"', kind: 'timestamp', ascending: false, valueOf: (interaction) => interaction.occurredAt },
    { expression: 'i.id', kind: 'uuid', ascending: false, valueOf: (interaction) => interaction.id },
  ],
};

/**
 * One page of each customer's interactions in one statement (a lateral read per customer, each an
 * index range scan), by customer id; an invalid cursor is a ValidationError at its argument.
 */
export async function readInteractionPages(context: Context, customerIds: readonly string[], filter: InteractionFilter, request: KeysetRequest): Promise<Map<string, InteractionRow[]>> {
  const parameters: unknown[] = [customerIds, viewerOf(context).tenantId];
  const parameter = (value: unknown) => `$${parameters.push(value)}`;
  const conditions = filterConditions(filter, parameter);
  const window = keysetWindow(NEWEST_FIRST, request, parameter);
  const rows = await context.sql.query<StoredInteraction>(
    `SELECT page.* FROM unnest($1::uuid[]) AS wanted(id)
     CROSS JOIN LATERAL (
       SELECT i.* FROM "Interaction" i
       WHERE ${['i."tenantId" = $2', 'i."customerId" = wanted.id', ...conditions, ...window.conditions].join(' AND ')}
       ORDER BY ${window.orderBy}
       LIMIT ${parameter(window.limit)}
     ) page`,
    parameters,
  );
  const pages = new Map<string, InteractionRow[]>(customerIds.map((id) => [id, []]));
  for (const row of rows) pages.get(row.customerId)!.push(interactionFromStored(row));
  return pages;
}

/** How many interactions match the filter, per customer id, in one statement. */
export async function countInteractions(context: Context, customerIds: readonly string[], filter: InteractionFilter): Promise<Map<string, number>> {
  const parameters: unknown[] = [customerIds, viewerOf(context).tenantId];
  const parameter = (value: unknown) => `$${parameters.push(value)}`;
  const conditions = filterConditions(filter, parameter);
  const rows = await context.sql.query<{ customerId: string; count: number }>(
    `SELECT i."customerId"::text AS "customerId", count(*)::int AS count FROM "Interaction" i
     WHERE ${['i."customerId" = ANY($1::uuid[])', 'i."tenantId" = $2', ...conditions].join(' AND ')}
     GROUP BY i."customerId"`,
    parameters,
  );
  const counts = new Map<string, number>(customerIds.map((id) => [id, 0]));
  for (const row of rows) counts.set(row.customerId, row.count);
  return counts;
}

function filterConditions(filter: InteractionFilter, parameter: (value: unknown) => string): string[] {
  const conditions: string[] = [];
  if (filter.channels?.length) conditions.push(`i.channel = ANY(${parameter(filter.channels)}::"InteractionChannel"[])`);
  if (filter.kinds?.length) conditions.push(`i.kind = ANY(${parameter(filter.kinds)}::"InteractionKind"[])`);
  if (filter.since) conditions.push(`i."occurredAt" >= ${parameter(new Date(filter.since).toISOString())}::timestamp(3)`);
  if (filter.until) conditions.push(`i."occurredAt" < ${parameter(new Date(filter.until).toISOString())}::timestamp(3)`);
  return conditions;
}
