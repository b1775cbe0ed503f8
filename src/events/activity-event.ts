/** A committed event as the relay publishes it and subscribers receive it (JSON-safe). */
export interface ActivityEvent {
  /** Outbox row id, as a string. */
  id: string;
  /** The public, gap-free order of delivery: what `activity(after:)` resumes from. */
  position: string | null;
  tenantId: string;
  topic: string;
  subjectId: string;
  customerId: string | null;
  customerNodeId: string | null;
  channel: string | null;
  kind: string | null;
  actorId: string | null;
  payload: Record<string, unknown>;
  /** UTC, exactly as `toISOString` writes it (the DateTime scalar passes such strings through). */
  occurredAt: string;
  recordedAt: string;
}

export interface OutboxRow {
  id: bigint | string;
  position: bigint | string | null;
  tenantId: string;
  topic: string;
  subjectId: string;
  customerId: string | null;
  customerNodeId: string | null;
  channel: string | null;
  kind: string | null;
  actorId: string | null;
  payload: unknown;
  occurredAt: Date | string;
  recordedAt: Date | string;
}

export function toActivityEvent(row: OutboxRow): ActivityEvent {
  return {
    id: String(row.id),
    position: row.position === null ? null : String(row.position),
    tenantId: row.tenantId,
    topic: row.topic,
    subjectId: row.subjectId,
    customerId: row.customerId,
    customerNodeId: row.customerNodeId,
    channel: row.channel,
    kind: row.kind,
    actorId: row.actorId,
    payload: (row.payload ?? {}) as Record<string, unknown>,
    occurredAt: new Date(row.occurredAt).toISOString(),
    recordedAt: new Date(row.recordedAt).toISOString(),
  };
}

/** An OutboxRow as `json_agg` writes it: ids as numbers, zone-less timestamps as text. */
export type OutboxJsonRow = Omit<OutboxRow, 'occurredAt' | 'recordedAt'> & { occurredAt: string; recordedAt: string };

/** The same event from a JSON row, its times made canonical by text, without a Date in between. */
export function activityEventFromJson(row: OutboxJsonRow): ActivityEvent {
  return {
    id: String(row.id),
    position: row.position === null ? null : String(row.position),
    tenantId: row.tenantId,
    topic: row.topic,
    subjectId: row.subjectId,
    customerId: row.customerId,
    customerNodeId: row.customerNodeId,
    channel: row.channel,
    kind: row.kind,
    actorId: row.actorId,
    payload: (row.payload ?? {}) as Record<string, unknown>,
    occurredAt: isoFromJsonTimestamp(row.occurredAt),
    recordedAt: isoFromJsonTimestamp(row.recordedAt),
  };
}

/**
 * PostgreSQL's JSON of a `timestamp(3)` ("2026-08-14T12:44:50.6", trailing zeros of the fraction
 * left out, no zone: it is UTC) as `toISOString` writes it.
 */
export function isoFromJsonTimestamp(text: string): string {
  const dot = text.indexOf('.', 19);
  if (dot === -1) return `${text}.000Z`;
  const fraction = text.slice(dot + 1, dot + 4);
  return `${text.slice(0, dot)}.${fraction.padEnd(3, '0')}Z`;
}

/** The select list that reads an OutboxRow from "OutboxEvent" aliased as `table`. */
export function outboxColumns(table: string): string {
  return ['id', 'position', '"tenantId"', 'topic', '"subjectId"', '"customerNodeId"', 'channel', 'kind', '"actorId"', 'payload', '"occurredAt"', '"recordedAt"']
    .map((column) => `${table}.${column}`)
    .concat(`${table}."customerId"::text AS "customerId"`)
    .join(', ');
}
