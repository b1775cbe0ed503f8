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

/** The select list that reads an OutboxRow from "OutboxEvent" aliased as `table`. */
export function outboxColumns(table: string): string {
  return ['id', 'position', '"tenantId"', 'topic', '"subjectId"', '"customerNodeId"', 'channel', 'kind', '"actorId"', 'payload', '"occurredAt"', '"recordedAt"']
    .map((column) => `${table}.${column}`)
    .concat(`${table}."customerId"::text AS "customerId"`)
    .join(', ');
}
