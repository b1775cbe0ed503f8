import type { Context, Prisma, TenantDb } from '../../src/plugin-api.ts';
import { Decimal, newRowId, NotFoundError, ValidationError } from '../../src/plugin-api.ts';
import { resolveCustomerReferences, type CustomerReference, type CustomerRow } from '../profile/plugin.ts';
import { interactionRecorded, interactionRecordedEvent } from './events.ts';
import { checkInteraction, type InteractionInput, type ValidInteraction } from './interaction-inputs.ts';

export type InteractionRow = Prisma.InteractionModel;

/** What became of one input: stored now, already stored (a duplicate), or refused with the reason. */
export type ItemResult =
  | { index: number; interaction: InteractionRow; duplicate: boolean }
  | { index: number; error: ValidationError | NotFoundError };

interface Accepted {
  index: number;
  input: ValidInteraction;
  customer: CustomerRow;
  key: string;
}

/**
 * Records a batch set-wise, whatever its size: every input is checked in memory, customers are
 * found in at most two statements, all new rows go in with one INSERT … ON CONFLICT DO NOTHING,
 * the rows already stored under the same (source, externalId) are read back in one statement, and
 * one statement writes every event. A bad input fails alone; the others are recorded.
 */
export async function recordInteractions(context: Context, inputs: readonly InteractionInput[], pathOf: (index: number) => string[]): Promise<ItemResult[]> {
  const now = new Date();
  const results: ItemResult[] = new Array(inputs.length);
  const valid: { index: number; input: ValidInteraction }[] = [];
  inputs.forEach((raw, index) => {
    const checked = checkInteraction(raw, pathOf(index), now);
    if (checked.ok) valid.push({ index, input: checked.value });
    else results[index] = { index, error: new ValidationError(checked.errors) };
  });
  if (valid.length === 0) return results;

  return context.mutate(async (db) => {
    const tenantId = context.viewer!.tenantId;
    const customers = await resolveCustomerReferences(context, valid.map(({ input }) => input.customer));

    // The first input with a given (source, externalId) is the one stored; later ones repeat it.
    const first = new Map<string, Accepted>();
    const repeats: Accepted[] = [];
    valid.forEach(({ index, input }, position) => {
      const customer = customers[position];
      if (!customer) {
        results[index] = { index, error: new NotFoundError('Customer', describeReference(input.customer)) };
        return;
      }
      const accepted = { index, input, customer, key: sourceKey(input.source, input.externalId) };
      if (first.has(accepted.key)) repeats.push(accepted);
      else first.set(accepted.key, accepted);
    });
    if (first.size === 0) return results;

    const inserted = await insertNew(context, tenantId, [...first.values()]);
    const stored = new Map(inserted.map((row) => [sourceKey(row.source, row.externalId), row]));
    const earlier = await storedEarlier(db, tenantId, [...first.values()].filter(({ key }) => !stored.has(key)));

    for (const accepted of first.values()) {
      const fresh = stored.get(accepted.key);
      if (fresh) {
        results[accepted.index] = { index: accepted.index, interaction: fresh, duplicate: false };
      } else {
        const existing = earlier.get(accepted.key);
        if (!existing) throw new Error(`Interaction ${accepted.input.source}:${accepted.input.externalId} was neither inserted nor found`);
        results[accepted.index] = { index: accepted.index, interaction: existing, duplicate: true };
      }
    }
    for (const repeat of repeats) {
      const original = results[first.get(repeat.key)!.index] as { interaction: InteractionRow };
      results[repeat.index] = { index: repeat.index, interaction: original.interaction, duplicate: true };
    }
    return results;
  });
}

const COLUMNS = [
  'id', '"tenantId"', '"customerId"', 'channel', 'direction', 'kind', '"occurredAt"', 'summary', '"agentId"', 'metadata', 'amount', 'currency',
  '"productLines"', '"surveyScore"', 'source', '"externalId"', '"recordedAt"',
];
const CASTS = [
  'uuid', 'text', 'uuid', '"InteractionChannel"', '"InteractionDirection"', '"InteractionKind"', 'timestamp(3)', 'text', 'text', 'jsonb', 'numeric', 'text',
  'jsonb', 'int', 'text', 'text',
];

/**
 * One multi-row INSERT for the whole batch, with the `interaction.recorded` events of the rows it
 * writes in the same statement; a row whose (source, externalId) is already stored is skipped by
 * the unique index, also when another request stored it a moment ago, and gets no event. Returns
 * the rows written. Raw SQL: for a batch of 1,000, Prisma's createManyAndReturn took longer to
 * build the statement than PostgreSQL took to run it, and more than the rest of the request together.
 */
async function insertNew(context: Context, tenantId: string, accepted: readonly Accepted[]): Promise<InteractionRow[]> {
  const parameters: unknown[] = [];
  const parameter = (value: unknown) => `$${parameters.push(value)}`;
  const ids = accepted.map(() => newRowId());
  const tuples = accepted.map(({ input, customer }, row) => {
    const values = [
      ids[row], tenantId, customer.id, input.channel, input.direction, input.kind, input.occurredAt.toISOString(), input.summary, input.agentId,
      JSON.stringify(input.metadata), input.amount, input.currency, input.productLines && JSON.stringify(input.productLines), input.surveyScore,
      input.source, input.externalId,
    ];
    const placeholders = values.map((value, column) => `${parameter(value)}::${CASTS[column]}`);
    // The column is a UTC timestamp without zone; the session's zone must not leak into it.
    return `(${placeholders.join(', ')}, now() AT TIME ZONE 'UTC')`;
  });
  const events = context.events.alongside(
    interactionRecorded,
    accepted.map(({ input, customer }, row) => ({ ...interactionRecordedEvent(rowOf(ids[row]!, tenantId, customer, input), customer), rowId: ids[row]! })),
    'SELECT id FROM inserted',
    parameter,
  );
  const rows = await context.sql.query<Omit<InteractionRow, 'amount'> & { amount: string | null }>(
    `WITH inserted AS (
       INSERT INTO "Interaction" (${COLUMNS.join(', ')}) VALUES ${tuples.join(', ')}
       ON CONFLICT ("tenantId", source, "externalId") DO NOTHING
       RETURNING *
     ), ${events.ctes}
     SELECT inserted.*, ${events.wakeRelay} FROM inserted`,
    parameters,
  );
  return rows.map(({ wokeRelay: _woke, ...row }: typeof rows[number] & { wokeRelay?: unknown }) => ({ ...row, amount: row.amount === null ? null : new Decimal(row.amount) }));
}

/** The row an input becomes, as far as its event tells of it (the event is written with the row, in one statement). */
function rowOf(id: string, tenantId: string, customer: CustomerRow, input: ValidInteraction): InteractionRow {
  return {
    id,
    tenantId,
    customerId: customer.id,
    channel: input.channel,
    direction: input.direction,
    kind: input.kind,
    occurredAt: input.occurredAt,
    summary: input.summary,
    agentId: input.agentId,
    metadata: input.metadata as InteractionRow['metadata'],
    amount: input.amount === null ? null : new Decimal(input.amount),
    currency: input.currency,
    productLines: input.productLines as InteractionRow['productLines'],
    surveyScore: input.surveyScore,
    source: input.source,
    externalId: input.externalId,
    recordedAt: new Date(),
  };
}

/** The stored interactions behind inputs that hit the unique key: one statement, grouped by source. */
async function storedEarlier(db: TenantDb, tenantId: string, conflicted: readonly Accepted[]): Promise<Map<string, InteractionRow>> {
  if (conflicted.length === 0) return new Map();
  const bySource = new Map<string, string[]>();
  for (const { input } of conflicted) {
    const externalIds = bySource.get(input.source) ?? [];
    externalIds.push(input.externalId);
    bySource.set(input.source, externalIds);
  }
  const rows = await db.interaction.findMany({
    where: {
      tenantId,
      OR: [...bySource].map(([source, externalIds]) => ({ source, externalId: { in: externalIds } })),
    },
  });
  return new Map(rows.map((row) => [sourceKey(row.source, row.externalId), row]));
}

function sourceKey(source: string, externalId: string): string {
  return `${source}\u0000${externalId}`;
}

function describeReference(reference: CustomerReference): string {
  return 'id' in reference ? reference.id : `${reference.source}:${reference.externalId}`;
}
