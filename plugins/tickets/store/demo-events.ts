import type { SeedContext } from '../../../src/plugin-api.ts';

/** A demo event as the seed plays it; the outbox columns besides its position. */
export interface DemoEvent {
  tenantId: string;
  topic: string;
  subjectId: string;
  customerId: string;
  customerNodeId: string;
  channel: string;
  kind: string;
  actorId: string | null;
  payload: Record<string, unknown>;
  occurredAt: Date;
}

/**
 * Writes the demo history's events in the order given, positioned after every event already in
 * the outbox, as if each had been recorded when it happened.
 */
export async function insertDemoEvents(context: SeedContext, label: string, events: readonly DemoEvent[]): Promise<void> {
  const { rows } = await context.sql.query<{ position: string }>(`SELECT COALESCE(MAX(position), 0)::text AS position FROM "OutboxEvent"`);
  const base = BigInt(rows[0]!.position);
  await context.insert(
    label,
    'OutboxEvent',
    events.map((event, index) => ({ ...event, occurredAt: event.occurredAt.toISOString(), recordedAt: event.occurredAt.toISOString(), position: String(base + BigInt(index + 1)) })),
  );
}
