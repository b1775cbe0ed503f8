import type { TenantDb } from '../db/tenant-db.ts';
import type { Topic } from './topic.ts';

export interface EventInput<Payload> {
  /** Global id (or other stable id) of the record the event is about. */
  subjectId: string;
  /** Database id of the customer concerned, when there is one: it puts the event on that customer's timeline. */
  customerId?: string | null;
  payload: Payload;
}

export interface EmittedEvent {
  id: bigint;
  topic: string;
}

/**
 * Writes outbox rows through the operation's transaction, so an event exists exactly when the
 * change that caused it was committed.
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

  async emit<Payload extends Record<string, unknown>>(topic: Topic<Payload>, event: EventInput<Payload>): Promise<EmittedEvent> {
    if (!this.knownTopics.has(topic.name)) {
      throw new Error(`Topic "${topic.name}" is not declared by any enabled plugin's manifest`);
    }
    const db = this.db();
    const [row] = await db.$queryRaw<{ id: bigint }[]>`
      INSERT INTO "OutboxEvent" ("tenantId", topic, "subjectId", "customerId", "actorId", payload)
      VALUES (current_setting('app.tenant_id'), ${topic.name}, ${event.subjectId}, ${event.customerId ?? null}::uuid,
              ${this.actor()}, ${JSON.stringify(event.payload)}::jsonb)
      RETURNING id`;
    return { id: row!.id, topic: topic.name };
  }
}
