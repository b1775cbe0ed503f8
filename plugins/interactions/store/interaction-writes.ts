import type { Context, Sql, TenantDb } from '../../../src/plugin-api.ts';
import type { CustomerKind } from '../../profile/plugin.ts';
import { interactionRecorded, interactionRecordedEvent } from '../events.ts';
import { interactionFromStored, type InteractionRow, type StoredInteraction } from './interaction-rows.ts';

/** A row to insert, with its (live) customer, whose global id its event carries. */
export interface NewInteraction {
  row: InteractionRow;
  customer: { id: string; kind: CustomerKind };
}

const COLUMNS = [
  'id', '"tenantId"', '"customerId"', 'channel', 'direction', 'kind', '"occurredAt"', 'summary', '"agentId"', 'metadata', 'amount', 'currency',
  '"productLines"', '"surveyScore"', 'source', '"externalId"', '"recordedAt"',
];
const CASTS = [
  'uuid', 'text', 'uuid', '"InteractionChannel"', '"InteractionDirection"', '"InteractionKind"', 'timestamp(3)', 'text', 'text', 'jsonb', 'numeric', 'text',
  'jsonb', 'int', 'text', 'text', 'timestamp(3)',
];

/**
 * The multi-row INSERT of `rows` as the text of a data-modifying CTE: a row whose (source,
 * externalId) is already stored is skipped by the unique index, also when another request stored
 * it a moment ago. Raw SQL: for a batch of 1,000, Prisma's createManyAndReturn took longer to
 * build the statement than PostgreSQL took to run it.
 */
function insertRowsSql(rows: readonly InteractionRow[], parameter: (value: unknown) => string, returning: string): string {
  const tuples = rows.map((row) => {
    // The columns are UTC timestamps without zone: an ISO text's UTC digits are stored as written.
    const values = [
      row.id, row.tenantId, row.customerId, row.channel, row.direction, row.kind, row.occurredAt.toISOString(), row.summary, row.agentId,
      JSON.stringify(row.metadata), row.amount === null ? null : row.amount.toFixed(2), row.currency, row.productLines === null ? null : JSON.stringify(row.productLines),
      row.surveyScore, row.source, row.externalId, row.recordedAt.toISOString(),
    ];
    return `(${values.map((value, column) => `${parameter(value)}::${CASTS[column]}`).join(', ')})`;
  });
  return `INSERT INTO "Interaction" (${COLUMNS.join(', ')}) VALUES ${tuples.join(', ')}
          ON CONFLICT ("tenantId", source, "externalId") DO NOTHING RETURNING ${returning}`;
}

/**
 * One statement for the whole batch: the rows, and the `interaction.recorded` events of those it
 * writes (a skipped row gets none). Returns the rows written.
 */
export async function insertInteractions(context: Pick<Context, 'sql' | 'events'>, candidates: readonly NewInteraction[]): Promise<InteractionRow[]> {
  if (candidates.length === 0) return [];
  const parameters: unknown[] = [];
  const parameter = (value: unknown) => `$${parameters.push(value)}`;
  const insert = insertRowsSql(candidates.map(({ row }) => row), parameter, '*');
  const events = context.events.alongside(
    interactionRecorded,
    candidates.map(({ row, customer }) => ({ ...interactionRecordedEvent(row, customer), rowId: row.id })),
    'SELECT id FROM inserted',
    parameter,
  );
  const rows = await context.sql.query<StoredInteraction & { wokeRelay?: unknown }>(
    `WITH inserted AS (${insert}), ${events.ctes}
     SELECT inserted.*, ${events.wakeRelay} FROM inserted`,
    parameters,
  );
  return rows.map(({ wokeRelay: _woke, ...row }) => interactionFromStored(row));
}

/**
 * The same insert for a writer whose events go another way (an import, whose seed writes them as
 * history): one statement, returning the ids of the rows written; the caller emits their events.
 */
export async function insertInteractionRows(sql: Sql, rows: readonly InteractionRow[]): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  const parameters: unknown[] = [];
  const written = await sql.query<{ id: string }>(insertRowsSql(rows, (value) => `$${parameters.push(value)}`, 'id::text'), parameters);
  return new Set(written.map((row) => row.id));
}

/** The stored interactions with these (source, externalId) keys: one statement, grouped by source. */
export async function interactionsBySourceKeys(db: TenantDb, tenantId: string, keys: readonly { source: string; externalId: string }[]): Promise<InteractionRow[]> {
  if (keys.length === 0) return [];
  const bySource = new Map<string, string[]>();
  for (const { source, externalId } of keys) {
    const externalIds = bySource.get(source) ?? [];
    externalIds.push(externalId);
    bySource.set(source, externalIds);
  }
  return db.interaction.findMany({
    where: {
      tenantId,
      OR: [...bySource].map(([source, externalIds]) => ({ source, externalId: { in: externalIds } })),
    },
  });
}
