import type pg from 'pg';
import { sql } from '../db/sql.ts';
import { outboxColumns, toActivityEvent, type ActivityEvent, type OutboxRow } from './activity-event.ts';
import type { ReactionConsumer } from './reaction-consumers.ts';

// The statements of event reactions on their progress and on the event log. All but the last two
// run in the tenant's transaction (src/db/sql.ts), where Row-Level Security applies.

/**
 * Locks the consumer's progress in the tenant and returns where it stands, creating it at 0 on
 * first use; null when another transaction holds it (another instance is on it). The lock is tried
 * first, so that a held row costs one statement and no wait.
 */
export async function claimProgress(consumer: string, tenantId: string, now: Date): Promise<bigint | null> {
  const [locked] = await sql<{ position: string }>`
    SELECT position::text FROM "EventReactionProgress" WHERE consumer = ${consumer} AND "tenantId" = ${tenantId} FOR UPDATE SKIP LOCKED`;
  if (locked) return BigInt(locked.position);
  // Only when no row is visible: a row that another transaction holds is left alone without waiting.
  const [created] = await sql<{ position: string }>`
    INSERT INTO "EventReactionProgress" (consumer, "tenantId", position, "updatedAt")
    SELECT ${consumer}, ${tenantId}, 0, ${now}::timestamp(3)
    WHERE NOT EXISTS (SELECT FROM "EventReactionProgress" WHERE consumer = ${consumer} AND "tenantId" = ${tenantId})
    ON CONFLICT DO NOTHING
    RETURNING position::text`;
  return created ? BigInt(created.position) : null;
}

export interface NextEvents {
  /** At most `limit` events of the topics after the position, in position order. */
  events: ActivityEvent[];
  /**
   * Where the progress moves once they are handled: the last of them when `limit` came back (more
   * may follow), otherwise the tenant's highest position seen, so that the events of other topics
   * in between are passed over for good. Null when the tenant has no event after the position.
   */
  through: bigint | null;
}

/** One statement, so the events and the highest position come from one snapshot. */
export async function nextEvents(tenantId: string, after: bigint, topics: readonly string[], limit: number): Promise<NextEvents> {
  const rows = await sql.query<OutboxRow & { headPosition: string | null }>(
    `SELECT ${outboxColumns('e')}, head.position::text AS "headPosition"
     FROM (SELECT MAX(position) AS position FROM "OutboxEvent" WHERE "tenantId" = $1 AND position > $2::bigint) head
     LEFT JOIN LATERAL (
       SELECT * FROM "OutboxEvent" WHERE "tenantId" = $1 AND position > $2::bigint AND topic = ANY ($3::text[]) ORDER BY position LIMIT $4
     ) e ON true
     ORDER BY e.position`,
    [tenantId, after.toString(), topics, limit],
  );
  const head = rows[0]?.headPosition;
  if (head === null || head === undefined) return { events: [], through: null };
  const events = rows.filter((row) => row.id !== null).map(toActivityEvent);
  return { events, through: events.length === limit ? BigInt(events.at(-1)!.position!) : BigInt(head) };
}

export async function moveProgress(consumer: string, tenantId: string, position: bigint, now: Date): Promise<void> {
  await sql`UPDATE "EventReactionProgress" SET position = ${position.toString()}::bigint, "updatedAt" = ${now}::timestamp(3) WHERE consumer = ${consumer} AND "tenantId" = ${tenantId}`;
}

export type QueryWithoutTenant = <Row>(text: string, values: readonly unknown[]) => Promise<Row[]>;

/**
 * The (consumer, tenant) pairs with events of the consumer's topics after its progress, across
 * tenants, at most `limit`: through event_reactions_due (defined by the migration), which returns
 * names and ids only.
 */
export function reactionsDue(query: QueryWithoutTenant, consumers: readonly ReactionConsumer[], limit: number): Promise<{ consumer: string; tenantId: string }[]> {
  const pairs = consumers.flatMap((consumer) => consumer.reaction.topics.map((topic) => [consumer.name, topic] as const));
  return query(`SELECT consumer, "tenantId" FROM event_reactions_due($1::text[], $2::text[], $3::int)`, [pairs.map(([name]) => name), pairs.map(([, topic]) => topic), limit]);
}

/**
 * Starts the consumers after the tenant's events so far, on `client`'s open transaction with the
 * tenant set: the demo seed's history is computed by the seeds themselves, not reacted to.
 */
export async function startAfterHistory(client: pg.ClientBase, tenantId: string, consumers: readonly string[], now: Date): Promise<void> {
  if (consumers.length === 0) return;
  await client.query(
    `INSERT INTO "EventReactionProgress" (consumer, "tenantId", position, "updatedAt")
     SELECT name, $1, (SELECT COALESCE(MAX(position), 0) FROM "OutboxEvent" WHERE "tenantId" = $1), $3::timestamp(3) FROM unnest($2::text[]) AS name
     ON CONFLICT (consumer, "tenantId") DO UPDATE SET position = EXCLUDED.position, "updatedAt" = EXCLUDED."updatedAt"`,
    [tenantId, consumers, now.toISOString()],
  );
}
