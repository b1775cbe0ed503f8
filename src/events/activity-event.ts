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
  return eventOf(row, (time) => new Date(time).toISOString());
}

/** An OutboxRow as `json_agg` writes it: ids as numbers, zone-less timestamps as text. */
export type OutboxJsonRow = Omit<OutboxRow, 'occurredAt' | 'recordedAt'> & { occurredAt: string; recordedAt: string };

/**
 * The same event from a JSON row, its times made canonical by text, without a Date in between. A
 * row read for some fields only (see outboxColumns) gives an event with only those fields.
 */
export function activityEventFromJson(row: OutboxJsonRow): ActivityEvent {
  return eventOf(row, (time) => isoFromJsonTimestamp(time as string));
}

function eventOf(row: OutboxRow | OutboxJsonRow, iso: (time: Date | string) => string): ActivityEvent {
  return {
    id: String(row.id),
    position: row.position === null || row.position === undefined ? row.position : String(row.position),
    tenantId: row.tenantId,
    topic: row.topic,
    subjectId: row.subjectId,
    customerId: row.customerId,
    customerNodeId: row.customerNodeId,
    channel: row.channel,
    kind: row.kind,
    actorId: row.actorId,
    payload: (row.payload ?? {}) as Record<string, unknown>,
    occurredAt: iso(row.occurredAt),
    recordedAt: row.recordedAt === undefined ? row.recordedAt : iso(row.recordedAt),
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

const OUTBOX_COLUMNS: Readonly<Record<keyof OutboxRow, string>> = {
  id: 'id',
  position: 'position',
  tenantId: '"tenantId"',
  topic: 'topic',
  subjectId: '"subjectId"',
  customerNodeId: '"customerNodeId"',
  channel: 'channel',
  kind: 'kind',
  actorId: '"actorId"',
  payload: 'payload',
  occurredAt: '"occurredAt"',
  recordedAt: '"recordedAt"',
  customerId: '"customerId"::text',
};

/** The column each field of the GraphQL type ActivityEvent (schema/activity-types.ts) shows. */
const COLUMN_OF_EVENT_FIELD: Readonly<Record<string, keyof OutboxRow>> = {
  id: 'id',
  position: 'position',
  topic: 'topic',
  occurredAt: 'occurredAt',
  recordedAt: 'recordedAt',
  subjectId: 'subjectId',
  customerId: 'customerNodeId',
  channel: 'channel',
  kind: 'kind',
  actorId: 'actorId',
  payload: 'payload',
};

/**
 * The select list that reads an OutboxRow from "OutboxEvent" aliased as `table`. Given the
 * ActivityEvent fields a query selects, only their columns and the ones a page's cursor is made of;
 * a field it does not know (another plugin's) brings them all.
 */
export function outboxColumns(table: string, eventFields?: ReadonlySet<string>): string {
  let names = Object.keys(OUTBOX_COLUMNS) as (keyof OutboxRow)[];
  if (eventFields && [...eventFields].every((field) => field === '__typename' || field in COLUMN_OF_EVENT_FIELD)) {
    const wanted = new Set<keyof OutboxRow>(['id', 'occurredAt', ...[...eventFields].flatMap((field) => COLUMN_OF_EVENT_FIELD[field] ?? [])]);
    names = names.filter((name) => wanted.has(name));
  }
  return names.map((name) => (OUTBOX_COLUMNS[name] === name ? `${table}.${name}` : `${table}.${OUTBOX_COLUMNS[name]} AS "${name}"`)).join(', ');
}
