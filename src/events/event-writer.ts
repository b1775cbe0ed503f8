import type { Clock } from '../clock.ts';
import { sql } from '../db/sql.ts';
import type { Topic } from './topic.ts';

/** PostgreSQL channel the relay listens on; a NOTIFY is delivered only when its transaction commits. */
export const OUTBOX_CHANNEL = 'nexo_outbox';

export interface EventInput<Payload> {
  /** Global id (or other stable id) of the record the event is about. */
  subjectId: string;
  /** The customer concerned, when there is one: puts the event on that customer's timeline. */
  customer?: { id: string; nodeId: string } | null;
  /** For a contact with the customer: its channel and kind (e.g. CALL_CENTER_INBOUND, COMPLAINT). */
  channel?: string | null;
  kind?: string | null;
  /** When it happened, if not now (an interaction recorded after the fact). */
  occurredAt?: Date;
  payload: Payload;
}

/**
 * Writes outbox rows in the operation's transaction, so an event exists exactly when the
 * change that caused it was committed, and wakes the relay on commit.
 */
export class EventWriter {
  private readonly actor: () => string | null;
  private readonly knownTopics: ReadonlySet<string>;
  private readonly clock: Clock;

  constructor(actor: () => string | null, knownTopics: ReadonlySet<string>, clock: Clock) {
    this.actor = actor;
    this.knownTopics = knownTopics;
    this.clock = clock;
  }

  async emit<Payload extends Record<string, unknown>>(topic: Topic<Payload>, event: EventInput<Payload>): Promise<void> {
    await this.emitMany(topic, [event]);
  }

  /** One statement for any number of events of a topic (batch ingestion). */
  async emitMany<Payload extends Record<string, unknown>>(topic: Topic<Payload>, events: readonly EventInput<Payload>[]): Promise<void> {
    this.checkTopic(topic);
    if (events.length === 0) return;
    const values: unknown[] = [];
    const parameter = (value: unknown) => `$${values.push(value)}`;
    // One statement text whatever the number of events, so its plan is prepared once per connection.
    await sql.query(`WITH written AS (${this.outboxInsert(topic, events, parameter)} RETURNING 1) SELECT ${wakeRelayOnCommit('written')}`, values);
  }

  /**
   * The events of rows that another statement inserts, written by that same statement: a
   * statement fewer for a write that inserts and emits. `rowIds` is the SQL (over the statement's
   * own data-modifying CTE) of the ids it inserted; each event is written only when its `rowId` is
   * among them, so a row skipped by ON CONFLICT DO NOTHING gets no event. Returns the CTEs to add to
   * the statement's WITH and the select-list entry that wakes the relay on commit.
   */
  alongside<Payload extends Record<string, unknown>>(
    topic: Topic<Payload>,
    events: readonly (EventInput<Payload> & { rowId: string })[],
    rowIds: string,
    parameter: (value: unknown) => string,
  ): { ctes: string; wakeRelay: string } {
    this.checkTopic(topic);
    const rowIdsParameter = parameter(events.map((event) => event.rowId));
    const insert = this.outboxInsert(topic, events, parameter, `e.ordinal IN (SELECT ordinal FROM unnest(${rowIdsParameter}::uuid[]) WITH ORDINALITY AS r(id, ordinal) WHERE r.id IN (${rowIds}))`);
    return { ctes: `events_written AS (${insert} RETURNING 1)`, wakeRelay: wakeRelayOnCommit('events_written') };
  }

  private checkTopic(topic: Topic<Record<string, unknown>>): void {
    if (!this.knownTopics.has(topic.name)) {
      throw new Error(`Topic "${topic.name}" is not declared by any enabled plugin's manifest`);
    }
  }

  private outboxInsert<Payload extends Record<string, unknown>>(topic: Topic<Payload>, events: readonly EventInput<Payload>[], parameter: (value: unknown) => string, condition = 'true'): string {
    return `INSERT INTO "OutboxEvent" ("tenantId", topic, "subjectId", "customerId", "customerNodeId", channel, kind, "actorId", payload, "occurredAt")
        SELECT current_setting('app.tenant_id'), ${parameter(topic.name)}, e."subjectId", e."customerId", e."customerNodeId", e.channel, e.kind, ${parameter(this.actor())}, e.payload, e."occurredAt"
        FROM unnest(${parameter(events.map((event) => event.subjectId))}::text[], ${parameter(events.map((event) => event.customer?.id ?? null))}::uuid[],
                    ${parameter(events.map((event) => event.customer?.nodeId ?? null))}::text[], ${parameter(events.map((event) => event.channel ?? null))}::text[],
                    ${parameter(events.map((event) => event.kind ?? null))}::text[], ${parameter(events.map((event) => JSON.stringify(event.payload)))}::jsonb[],
                    ${parameter(events.map((event) => (event.occurredAt ?? this.clock.now()).toISOString()))}::timestamp(3)[])
             WITH ORDINALITY AS e("subjectId", "customerId", "customerNodeId", channel, kind, payload, "occurredAt", ordinal)
        WHERE ${condition}
        ORDER BY e.ordinal`;
  }
}

/** A select-list entry that notifies the relay (on commit, as NOTIFY is) when the CTE `written` wrote anything. */
function wakeRelayOnCommit(written: string): string {
  return `(SELECT pg_notify('${OUTBOX_CHANNEL}', '') FROM (SELECT 1 FROM ${written} LIMIT 1) AS any_written) AS "wokeRelay"`;
}
