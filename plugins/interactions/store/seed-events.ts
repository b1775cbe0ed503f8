import type { SeedContext } from '../../../src/plugin-api.ts';
import { interactionRecorded } from '../events.ts';

/**
 * The `interaction.recorded` event of every interaction of the seeded tenant, the same event
 * recordInteraction emits (see interactionRecordedEvent), written by the database from the rows in
 * one statement and positioned in the order they happened, after every event already positioned.
 * `customerNodeIds` gives each customer's global id by row id; the interaction's own global id is
 * base64 of "Interaction:id", as the API encodes it. Returns the number of events written.
 */
export async function writeSeededInteractionEvents(context: SeedContext, customerNodeIds: ReadonlyMap<string, string>): Promise<number> {
  const { rowCount } = await context.sql.query(
    `INSERT INTO "OutboxEvent" ("tenantId", topic, "subjectId", "customerId", "customerNodeId", channel, kind, "actorId", payload, "occurredAt", "recordedAt", position)
     SELECT i."tenantId", $2, encode(convert_to('Interaction:' || i.id::text, 'UTF8'), 'base64'), i."customerId", customer."nodeId",
            i.channel::text, i.kind::text, i."agentId",
            jsonb_build_object('channel', i.channel, 'kind', i.kind, 'direction', i.direction, 'summary', i.summary, 'amount', i.amount::text,
                               'currency', i.currency, 'surveyScore', i."surveyScore", 'source', i.source, 'externalId', i."externalId"),
            i."occurredAt", i."occurredAt",
            (SELECT COALESCE(MAX(position), 0) FROM "OutboxEvent") + row_number() OVER (ORDER BY i."occurredAt", i.id)
     FROM "Interaction" i JOIN unnest($3::uuid[], $4::text[]) AS customer(id, "nodeId") ON customer.id = i."customerId"
     WHERE i."tenantId" = $1
     ORDER BY i."occurredAt", i.id`,
    [context.tenantId, interactionRecorded.name, [...customerNodeIds.keys()], [...customerNodeIds.values()]],
  );
  return rowCount ?? 0;
}
