import { Prisma } from '../generated/prisma/client.ts';
import type { TenantDb } from '../db/tenant-db.ts';
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
 * Writes outbox rows through the operation's transaction, so an event exists exactly when the
 * change that caused it was committed, and wakes the relay on commit.
 */
export class EventWriter {
  private readonly db: () => TenantDb;
  private readonly actor: () => string | null;
  private readonly knownTopics: ReadonlySet<string>;

  constructor(db: () => TenantDb, actor: () => string | null, knownTopics: ReadonlySet<string>) {
    this.db = db;
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
    const actor = this.actor();
    const rows = events.map(
      (event) =>
        Prisma.sql`(current_setting('app.tenant_id'), ${topic.name}, ${event.subjectId}, ${event.customer?.id ?? null}::uuid,
          ${event.customer?.nodeId ?? null}, ${event.channel ?? null}, ${event.kind ?? null}, ${actor},
          ${JSON.stringify(event.payload)}::jsonb, ${event.occurredAt ?? new Date()})`,
    );
    await this.db().$executeRaw`
      WITH written AS (
        INSERT INTO "OutboxEvent" ("tenantId", topic, "subjectId", "customerId", "customerNodeId", channel, kind, "actorId", payload, "occurredAt")
        VALUES ${Prisma.join(rows)}
        RETURNING 1
      )
      SELECT pg_notify(${OUTBOX_CHANNEL}, '') FROM (SELECT 1 FROM written LIMIT 1) AS any_written`;
  }
}
