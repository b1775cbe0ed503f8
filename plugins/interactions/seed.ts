import type { SeedContext } from '../../src/plugin-api.ts';
import { Calendar } from './demo/calendar.ts';
import { HistoryWriter, type InteractionRow, type SeedCustomer } from './demo/history.ts';
import { DemoRandom } from './demo/random.ts';
import { interactionRecorded } from './events.ts';

const HISTORY_YEARS = 2;
// Rows are generated and written a slice of customers at a time, so a 50,000-customer tenant
// never holds its half a million interactions in memory at once.
const CUSTOMERS_PER_SLICE = 5_000;

/**
 * Two years of contacts for every customer the profile seed wrote, and the `interaction.recorded`
 * event of each, so timelines show the history. Events are derived from the stored rows in one
 * statement, positioned in the order they happened after every event already positioned: history
 * is not news, so the relay has nothing to number and publish when the server first starts.
 */
export async function seedInteractions(context: SeedContext): Promise<void> {
  const { rows: customers } = await context.sql.query<SeedCustomer>(
    `SELECT id::text, kind::text, country, audiences::text[] AS audiences, lifecycle::text, "lifecycleChangedAt", "createdAt", "ownerId",
            traits->>'preferredStore' AS "preferredStore"
     FROM "Customer" WHERE "tenantId" = $1 AND "archivedAt" IS NULL ORDER BY id`,
    [context.tenantId],
  );
  const writer = new HistoryWriter(context.tenantId, new DemoRandom(context.faker.number.int(0xffff_ffff)), new Calendar(context.now, HISTORY_YEARS));
  for (let start = 0; start < customers.length; start += CUSTOMERS_PER_SLICE) {
    const rows: InteractionRow[] = [];
    for (const customer of customers.slice(start, start + CUSTOMERS_PER_SLICE)) {
      for (const row of writer.historyOf(customer)) rows.push(row);
    }
    await context.insert('interactions', 'Interaction', rows);
  }

  const { rows: counted } = await context.sql.query<{ count: number }>(`SELECT count(*)::int AS count FROM "Interaction" WHERE "tenantId" = $1`, [context.tenantId]);
  context.progress.step('interaction events', counted[0]!.count);
  // The same event recordInteraction emits (see interactionRecordedEvent), written by the database
  // from the rows: global ids are base64 of "Type:id", as the API encodes them.
  const { rowCount } = await context.sql.query(
    `INSERT INTO "OutboxEvent" ("tenantId", topic, "subjectId", "customerId", "customerNodeId", channel, kind, "actorId", payload, "occurredAt", "recordedAt", position)
     SELECT i."tenantId", $2, encode(convert_to('Interaction:' || i.id::text, 'UTF8'), 'base64'), i."customerId",
            encode(convert_to(CASE c.kind WHEN 'PERSON' THEN 'Person:' ELSE 'Organization:' END || c.id::text, 'UTF8'), 'base64'),
            i.channel::text, i.kind::text, i."agentId",
            jsonb_build_object('channel', i.channel, 'kind', i.kind, 'direction', i.direction, 'summary', i.summary, 'amount', i.amount::text,
                               'currency', i.currency, 'surveyScore', i."surveyScore", 'source', i.source, 'externalId', i."externalId"),
            i."occurredAt", i."occurredAt",
            (SELECT COALESCE(MAX(position), 0) FROM "OutboxEvent") + row_number() OVER (ORDER BY i."occurredAt", i.id)
     FROM "Interaction" i JOIN "Customer" c ON c."tenantId" = i."tenantId" AND c.id = i."customerId"
     WHERE i."tenantId" = $1
     ORDER BY i."occurredAt", i.id`,
    [context.tenantId, interactionRecorded.name],
  );
  context.progress.advance(rowCount ?? 0);
}
