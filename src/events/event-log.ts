import type { TenantDb } from '../db/tenant-db.ts';
import { ValidationError } from '../errors.ts';
import { Prisma } from '../generated/prisma/client.ts';
import { outboxColumns, toActivityEvent, type ActivityEvent, type OutboxRow } from './activity-event.ts';

export interface TimelineQuery {
  /** The customer's row id. */
  customerId: string;
  first: number;
  /** Cursor of the last entry of the previous page. */
  after?: string | null;
  channels?: readonly string[] | null;
  kinds?: readonly string[] | null;
  since?: Date | null;
  until?: Date | null;
}

export interface TimelinePage {
  entries: { cursor: string; event: ActivityEvent }[];
  hasNextPage: boolean;
}

/**
 * One customer's history, newest first, from the event log every area writes to: an area puts
 * entries on timelines by emitting events with the customer, not by being known to the reader.
 * Keyset-paged on (occurredAt, id), served by the (tenant, customer, occurredAt desc, id desc) index.
 */
export async function readCustomerTimeline(db: TenantDb, query: TimelineQuery): Promise<TimelinePage> {
  const cursor = query.after ? decodeCursor(query.after) : null;
  const conditions = [Prisma.sql`e."customerId" = ${query.customerId}::uuid`];
  if (cursor) conditions.push(Prisma.sql`(e."occurredAt", e.id) < (${cursor.occurredAt}::timestamp, ${cursor.id}::bigint)`);
  if (query.channels?.length) conditions.push(Prisma.sql`e.channel IN (${Prisma.join(query.channels)})`);
  if (query.kinds?.length) conditions.push(Prisma.sql`e.kind IN (${Prisma.join(query.kinds)})`);
  if (query.since) conditions.push(Prisma.sql`e."occurredAt" >= ${query.since}`);
  if (query.until) conditions.push(Prisma.sql`e."occurredAt" < ${query.until}`);
  const rows = await db.$queryRaw<OutboxRow[]>`
    SELECT ${Prisma.raw(outboxColumns('e'))} FROM "OutboxEvent" e
    WHERE e."tenantId" = current_setting('app.tenant_id') AND ${Prisma.join(conditions, ' AND ')}
    ORDER BY e."occurredAt" DESC, e.id DESC
    LIMIT ${query.first + 1}`;
  const entries = rows.slice(0, query.first).map((row) => ({ cursor: encodeCursor(row), event: toActivityEvent(row) }));
  return { entries, hasNextPage: rows.length > query.first };
}

function encodeCursor(row: OutboxRow): string {
  return Buffer.from(`${new Date(row.occurredAt).toISOString()}|${row.id}`).toString('base64url');
}

function decodeCursor(cursor: string): { occurredAt: string; id: string } {
  const [occurredAt, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  if (!occurredAt || !id || !/^\d+$/.test(id) || Number.isNaN(Date.parse(occurredAt))) throw ValidationError.at(['after'], 'is not a cursor of this timeline');
  return { occurredAt: occurredAt.replace('Z', ''), id };
}
