import { createContextCache } from '@pothos/core';
import DataLoader from 'dataloader';
import type { Context, InteractionChannel, InteractionKind, Prisma } from '../../src/plugin-api.ts';
import { ValidationError, viewerOf } from '../../src/plugin-api.ts';

type InteractionRow = Prisma.InteractionModel;

/** The filters of `Customer.interactions`. */
export interface InteractionFilter {
  channels?: readonly InteractionChannel[] | null;
  kinds?: readonly InteractionKind[] | null;
  since?: Date | null;
  until?: Date | null;
}

/** One page request, as Pothos' resolveCursorConnection describes it (newest first unless inverted). */
export interface PageRequest {
  filter: InteractionFilter;
  after?: string | undefined;
  before?: string | undefined;
  limit: number;
  inverted: boolean;
}

/** Opaque cursor of an interaction in the newest-first order: when it happened, then its id. */
export function cursorOf(interaction: Pick<InteractionRow, 'occurredAt' | 'id'>): string {
  return Buffer.from(`${interaction.occurredAt.toISOString()}|${interaction.id}`).toString('base64url');
}

function parseCursor(cursor: string, argument: string): { occurredAt: string; id: string } {
  const [occurredAt, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  if (!occurredAt || !id || Number.isNaN(Date.parse(occurredAt)) || !/^[0-9a-f-]{36}$/i.test(id)) {
    throw ValidationError.at([argument], 'is not a cursor of this list');
  }
  return { occurredAt, id };
}

/**
 * Pages of many customers' interactions, and their counts, each in one statement: the customers
 * of a list page are asked for together, so a page of 100 customers with their latest interactions
 * costs two statements, not two hundred. Keyed per request.
 */
export const interactionPages = createContextCache((context: Context) => ({
  page: new DataLoader<{ customerId: string; request: PageRequest }, InteractionRow[], string>(
    (keys) => batchBySameRequest(keys, (customerIds, request) => loadPages(context, customerIds, request)),
    { cacheKeyFn: (key) => JSON.stringify(key) },
  ),
  count: new DataLoader<{ customerId: string; request: InteractionFilter }, number, string>(
    (keys) => batchBySameRequest(keys, (customerIds, filter) => loadCounts(context, customerIds, filter)),
    { cacheKeyFn: (key) => JSON.stringify(key) },
  ),
}));

/** Customers asked for with the same arguments share a statement; the answers go back in key order. */
async function batchBySameRequest<Request, Result>(
  keys: readonly { customerId: string; request: Request }[],
  load: (customerIds: string[], request: Request) => Promise<Map<string, Result>>,
): Promise<Result[]> {
  const groups = new Map<string, { request: Request; customerIds: string[] }>();
  for (const key of keys) {
    const shape = JSON.stringify(key.request);
    const group = groups.get(shape) ?? { request: key.request, customerIds: [] };
    group.customerIds.push(key.customerId);
    groups.set(shape, group);
  }
  const answers = new Map<string, Map<string, Result>>();
  await Promise.all([...groups].map(async ([shape, group]) => answers.set(shape, await load([...new Set(group.customerIds)], group.request))));
  return keys.map((key) => answers.get(JSON.stringify(key.request))!.get(key.customerId)!);
}

function filterSql(filter: InteractionFilter, parameters: unknown[]): string {
  const parameter = (value: unknown) => {
    parameters.push(value);
    return `$${parameters.length}`;
  };
  let sql = '';
  if (filter.channels?.length) sql += ` AND i.channel = ANY(${parameter(filter.channels)}::"InteractionChannel"[])`;
  if (filter.kinds?.length) sql += ` AND i.kind = ANY(${parameter(filter.kinds)}::"InteractionKind"[])`;
  if (filter.since) sql += ` AND i."occurredAt" >= ${parameter(new Date(filter.since).toISOString())}::timestamp(3)`;
  if (filter.until) sql += ` AND i."occurredAt" < ${parameter(new Date(filter.until).toISOString())}::timestamp(3)`;
  return sql;
}

async function loadPages(context: Context, customerIds: string[], request: PageRequest): Promise<Map<string, InteractionRow[]>> {
  const parameters: unknown[] = [customerIds, viewerOf(context).tenantId];
  let conditions = filterSql(request.filter, parameters);
  // Newest first: "after" a cursor is older than it, "before" is newer.
  for (const [argument, cursor, older] of [['after', request.after, true], ['before', request.before, false]] as const) {
    if (!cursor) continue;
    const { occurredAt, id } = parseCursor(cursor, argument);
    parameters.push(occurredAt, id);
    conditions += ` AND (i."occurredAt", i.id) ${older ? '<' : '>'} ($${parameters.length - 1}::timestamp(3), $${parameters.length}::uuid)`;
  }
  parameters.push(request.limit);
  const direction = request.inverted ? 'ASC' : 'DESC';
  const rows = await context.db.$queryRawUnsafe<InteractionRow[]>(
    `SELECT page.* FROM unnest($1::uuid[]) AS wanted(id)
     CROSS JOIN LATERAL (
       SELECT i.* FROM "Interaction" i
       WHERE i."tenantId" = $2 AND i."customerId" = wanted.id${conditions}
       ORDER BY i."occurredAt" ${direction}, i.id ${direction}
       LIMIT $${parameters.length}
     ) page`,
    ...parameters,
  );
  const pages = new Map<string, InteractionRow[]>(customerIds.map((id) => [id, []]));
  for (const row of rows) pages.get(row.customerId)!.push(row);
  return pages;
}

async function loadCounts(context: Context, customerIds: string[], filter: InteractionFilter): Promise<Map<string, number>> {
  const parameters: unknown[] = [customerIds, viewerOf(context).tenantId];
  const conditions = filterSql(filter, parameters);
  const rows = await context.db.$queryRawUnsafe<{ customerId: string; count: number }[]>(
    `SELECT i."customerId"::text AS "customerId", count(*)::int AS count FROM "Interaction" i
     WHERE i."customerId" = ANY($1::uuid[]) AND i."tenantId" = $2${conditions}
     GROUP BY i."customerId"`,
    ...parameters,
  );
  const counts = new Map<string, number>(customerIds.map((id) => [id, 0]));
  for (const row of rows) counts.set(row.customerId, row.count);
  return counts;
}
