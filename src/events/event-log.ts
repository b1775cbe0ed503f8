import type { Sql } from '../db/sql.ts';
import { ValidationError } from '../errors.ts';
import { outboxColumns, toActivityEvent, type ActivityEvent, type OutboxRow } from './activity-event.ts';

export interface TimelineQuery {
  /** The customer's row id. */
  customerId: string;
  /** Only events of these topics: the ones the viewer may read (Context.readableTopics). */
  topics: readonly string[];
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
export async function readCustomerTimeline(sql: Sql, query: TimelineQuery): Promise<TimelinePage> {
  const cursor = query.after ? decodeCursor(query.after) : null;
  const values: unknown[] = [query.customerId];
  const conditions = ['e."customerId" = $1::uuid'];
  const parameter = (value: unknown) => `$${values.push(value)}`;
  conditions.push(`e.topic = ANY(${parameter(query.topics)}::text[])`);
  if (cursor) conditions.push(`(e."occurredAt", e.id) < (${parameter(cursor.occurredAt)}::timestamp, ${parameter(cursor.id)}::bigint)`);
  if (query.channels?.length) conditions.push(`e.channel = ANY(${parameter(query.channels)}::text[])`);
  if (query.kinds?.length) conditions.push(`e.kind = ANY(${parameter(query.kinds)}::text[])`);
  if (query.since) conditions.push(`e."occurredAt" >= ${parameter(query.since)}::timestamp`);
  if (query.until) conditions.push(`e."occurredAt" < ${parameter(query.until)}::timestamp`);
  const rows = await sql.query<OutboxRow>(
    `SELECT ${outboxColumns('e')} FROM "OutboxEvent" e
     WHERE e."tenantId" = current_setting('app.tenant_id') AND ${conditions.join(' AND ')}
     ORDER BY e."occurredAt" DESC, e.id DESC
     LIMIT ${parameter(query.first + 1)}`,
    values,
  );
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
