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

  constructor(actor: () => string | null, knownTopics: ReadonlySet<string>) {
    this.actor = actor;
    this.knownTopics = knownTopics;
  }

  async emit<Payload extends Record<string, unknown>>(topic: Topic<Payload>, event: EventInput<Payload>): Promise<void> {
    await this.emitMany(topic, [event]);
  }

  /** One statement for any number of events of a topic (batch ingestion). */
  async emitMany<Payload extends Record<string, unknown>>(topic: Topic<Payload>, events: readonly EventInput<Payload>[]): Promise<void> {
    if (!this.knownTopics.has(topic.name)) {
      throw new Error(`Topic "${topic.name}" is not declared by any enabled plugin's manifest`);
    }
    if (events.length === 0) return;
    // One statement text whatever the number of events, so its plan is prepared once per connection.
    await sql`
      WITH written AS (
        INSERT INTO "OutboxEvent" ("tenantId", topic, "subjectId", "customerId", "customerNodeId", channel, kind, "actorId", payload, "occurredAt")
        SELECT current_setting('app.tenant_id'), ${topic.name}, e."subjectId", e."customerId", e."customerNodeId", e.channel, e.kind, ${this.actor()}, e.payload, e."occurredAt"
        FROM unnest(${events.map((event) => event.subjectId)}::text[], ${events.map((event) => event.customer?.id ?? null)}::uuid[],
                    ${events.map((event) => event.customer?.nodeId ?? null)}::text[], ${events.map((event) => event.channel ?? null)}::text[],
                    ${events.map((event) => event.kind ?? null)}::text[], ${events.map((event) => JSON.stringify(event.payload))}::jsonb[],
                    ${events.map((event) => (event.occurredAt ?? new Date()).toISOString())}::timestamp(3)[])
             WITH ORDINALITY AS e("subjectId", "customerId", "customerNodeId", channel, kind, payload, "occurredAt", ordinal)
        ORDER BY e.ordinal
        RETURNING 1
      )
      SELECT pg_notify(${OUTBOX_CHANNEL}, '') FROM (SELECT 1 FROM written LIMIT 1) AS any_written`;
  }
}
