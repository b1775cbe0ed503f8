import type { Sql } from '../db/sql.ts';
import { keysetCursor, keysetWindow, type KeysetOrder } from '../db/keyset.ts';
import { activityEventFromJson, outboxColumns, toActivityEvent, type ActivityEvent, type OutboxJsonRow, type OutboxRow } from './activity-event.ts';

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
  /** The ActivityEvent fields the query selects of each entry: only their columns are read (all when absent). */
  eventFields?: ReadonlySet<string>;
}

/** One entry, shaped as a connection's edge, so a timeline field can answer with the entries as they are. */
export interface TimelineEntry {
  readonly node: ActivityEvent;
  /** Encoded when read: most queries of a timeline never select it. */
  readonly cursor: string;
}

export interface TimelinePage {
  entries: TimelineEntry[];
  hasNextPage: boolean;
}

/**
 * One customer's history, newest first, from the event log every area writes to: an area puts
 * entries on timelines by emitting events with the customer, not by being known to the reader.
 * Keyset-paged on (occurredAt, id).
 */
export async function readCustomerTimeline(sql: Sql, query: TimelineQuery): Promise<TimelinePage> {
  const values: unknown[] = [query.customerId];
  const parameter = (value: unknown) => `$${values.push(value)}`;
  const rows = await sql.query<OutboxRow>(timelineSelect(query, '$1::uuid', parameter), values);
  return pageOf(rows.map(toActivityEvent), query.first);
}

/**
 * The same page as a SQL expression over another statement's customer row (`customerId` is its
 * id column): one JSON array of the entries, for `timelineFromJson`.
 */
export function customerTimelineExpression(query: Omit<TimelineQuery, 'customerId'>, customerId: string, parameter: (value: unknown) => string): string {
  return `(SELECT coalesce(json_agg(page ORDER BY page."occurredAt" DESC, page.id DESC), '[]') FROM (${timelineSelect(query, customerId, parameter)}) page)`;
}

/** The page from `customerTimelineExpression`'s value. */
export function timelineFromJson(value: unknown, first: number): TimelinePage {
  return pageOf((value as OutboxJsonRow[]).map(activityEventFromJson), first);
}

/** Newest first, served by the (tenant, customer, occurredAt desc, id desc) index. */
const TIMELINE_ORDER: KeysetOrder<ActivityEvent> = {
  name: 'TIMELINE',
  columns: [
    { expression: 'e."occurredAt"', kind: 'timestamp', ascending: false, valueOf: (event) => event.occurredAt },
    { expression: 'e.id', kind: 'bigint', ascending: false, valueOf: (event) => event.id },
  ],
};

function timelineSelect(query: Omit<TimelineQuery, 'customerId'>, customerId: string, parameter: (value: unknown) => string): string {
  const window = keysetWindow(TIMELINE_ORDER, { after: query.after ?? undefined, limit: query.first + 1, inverted: false }, parameter);
  const conditions = [`e."customerId" = ${customerId}`, `e.topic = ANY(${parameter(query.topics)}::text[])`, ...window.conditions];
  if (query.channels?.length) conditions.push(`e.channel = ANY(${parameter(query.channels)}::text[])`);
  if (query.kinds?.length) conditions.push(`e.kind = ANY(${parameter(query.kinds)}::text[])`);
  if (query.since) conditions.push(`e."occurredAt" >= ${parameter(query.since)}::timestamp`);
  if (query.until) conditions.push(`e."occurredAt" < ${parameter(query.until)}::timestamp`);
  return `SELECT ${outboxColumns('e', query.eventFields)} FROM "OutboxEvent" e
     WHERE e."tenantId" = current_setting('app.tenant_id') AND ${conditions.join(' AND ')}
     ORDER BY ${window.orderBy}
     LIMIT ${parameter(window.limit)}`;
}

function pageOf(events: readonly ActivityEvent[], first: number): TimelinePage {
  const entries = events.slice(0, first).map((event) => new LazyCursorEntry(event));
  return { entries, hasNextPage: events.length > first };
}

class LazyCursorEntry implements TimelineEntry {
  readonly node: ActivityEvent;

  constructor(node: ActivityEvent) {
    this.node = node;
  }

  get cursor(): string {
    return keysetCursor(TIMELINE_ORDER, this.node);
  }
}
