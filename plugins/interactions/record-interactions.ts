import type { Context, Prisma, TenantDb } from '../../src/plugin-api.ts';
import { Decimal, newRowId, NotFoundError, ValidationError, viewerOf } from '../../src/plugin-api.ts';
import { claimCustomers, liveCustomerCondition, resolveCustomerReferences, type ClaimedCustomer, type CustomerReference } from '../profile/plugin.ts';
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
  customer: ClaimedCustomer;
  key: string;
}

type Entry = { index: number; input: ValidInteraction };

/**
 * Records a batch set-wise, whatever its size: every input is checked in memory, and all new rows
 * go in with one INSERT … ON CONFLICT DO NOTHING that also checks each row's customer is live and
 * writes the events. That is the whole of the usual write: one statement when customers are named
 * by id. What it left out (a repeated (source, externalId), or a customer that is not live) is
 * then settled carefully: customers read first, a second insert, the rows already stored read
 * back. A bad input fails alone; the others are recorded.
 */
export async function recordInteractions(context: Context, inputs: readonly InteractionInput[], pathOf: (index: number) => string[]): Promise<ItemResult[]> {
  const now = context.clock.now();
  const results: ItemResult[] = new Array(inputs.length);
  const valid: Entry[] = [];
  inputs.forEach((raw, index) => {
    const checked = checkInteraction(raw, pathOf(index), now);
    if (checked.ok) valid.push({ index, input: checked.value });
    else results[index] = { index, error: new ValidationError(checked.errors) };
  });
  if (valid.length === 0) return results;

  return context.mutate(async (db) => {
    const tenantId = viewerOf(context).tenantId;
    const claimed = await claimCustomers(context, valid.map(({ input }) => input.customer));
    const leftOver = await store(context, db, tenantId, valid, claimed, results, 'optimistic');
    if (leftOver.length > 0) {
      const live = await resolveCustomerReferences(context, leftOver.map(({ input }) => input.customer));
      await store(context, db, tenantId, leftOver, live, results, 'settled');
    }
    return results;
  });
}

/**
 * One pass over `entries`, whose customers are `customers` (same order; null: not found). The
 * first input with a given (source, externalId) is the one inserted; later ones repeat it. In an
 * optimistic pass the customers are only claimed, so an input the insert skipped may have a
 * customer that is not live or a key already stored: it is returned, with its repeats, for a
 * settled pass, whose customers were read and found live, so that a skipped input there is a
 * duplicate.
 */
async function store(
  context: Context,
  db: TenantDb,
  tenantId: string,
  entries: readonly Entry[],
  customers: readonly (ClaimedCustomer | null)[],
  results: ItemResult[],
  pass: 'optimistic' | 'settled',
): Promise<Entry[]> {
  const first = new Map<string, Accepted>();
  const repeats: Accepted[] = [];
  entries.forEach(({ index, input }, position) => {
    const customer = customers[position];
    if (!customer) {
      results[index] = { index, error: new NotFoundError('Customer', describeReference(input.customer)) };
      return;
    }
    const accepted = { index, input, customer, key: sourceKey(input.source, input.externalId) };
    if (first.has(accepted.key)) repeats.push(accepted);
    else first.set(accepted.key, accepted);
  });
  if (first.size === 0) return [];

  const inserted = await insertNew(context, tenantId, [...first.values()]);
  const stored = new Map(inserted.map((row) => [sourceKey(row.source, row.externalId), row]));
  const skipped = [...first.values()].filter(({ key }) => !stored.has(key));
  if (pass === 'optimistic' && skipped.length > 0) {
    const unsettled = new Set(skipped.map(({ key }) => key));
    for (const key of unsettled) first.delete(key);
    const leftOver = [...skipped, ...repeats.filter(({ key }) => unsettled.has(key))];
    settle(first, repeats.filter(({ key }) => !unsettled.has(key)), stored, new Map(), results);
    return leftOver.sort((a, b) => a.index - b.index).map(({ index, input }) => ({ index, input }));
  }
  settle(first, repeats, stored, await storedEarlier(db, tenantId, skipped), results);
  return [];
}

/** The results of inputs that were inserted now (`stored`) or before (`earlier`), and of their repeats. */
function settle(first: Map<string, Accepted>, repeats: readonly Accepted[], stored: Map<string, InteractionRow>, earlier: Map<string, InteractionRow>, results: ItemResult[]): void {
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
 * writes in the same statement; a row whose customer is not live is skipped, and so is a row whose
 * (source, externalId) is already stored, by the unique index, also when another request stored it
 * a moment ago; a skipped row gets no event. Returns
 * the rows written. Raw SQL: for a batch of 1,000, Prisma's createManyAndReturn took longer to
 * build the statement than PostgreSQL took to run it, and more than the rest of the request together.
 */
async function insertNew(context: Context, tenantId: string, accepted: readonly Accepted[]): Promise<InteractionRow[]> {
  const parameters: unknown[] = [];
  const parameter = (value: unknown) => `$${parameters.push(value)}`;
  const ids = accepted.map(() => newRowId());
  const now = context.clock.now();
  const recordedAt = parameter(now.toISOString());
  const tuples = accepted.map(({ input, customer }, row) => {
    const values = [
      ids[row], tenantId, customer.id, input.channel, input.direction, input.kind, input.occurredAt.toISOString(), input.summary, input.agentId,
      JSON.stringify(input.metadata), input.amount, input.currency, input.productLines && JSON.stringify(input.productLines), input.surveyScore,
      input.source, input.externalId,
    ];
    const placeholders = values.map((value, column) => `${parameter(value)}::${CASTS[column]}`);
    // The columns are UTC timestamps without zone: an ISO text's UTC digits are stored as written.
    return `(${placeholders.join(', ')}, ${recordedAt}::timestamp(3), ${parameter(customer.kind)}::text)`;
  });
  const events = context.events.alongside(
    interactionRecorded,
    accepted.map(({ input, customer }, row) => ({ ...interactionRecordedEvent(rowOf(ids[row]!, tenantId, customer, input, now), customer), rowId: ids[row]! })),
    'SELECT id FROM inserted',
    parameter,
  );
  const rows = await context.sql.query<Omit<InteractionRow, 'amount'> & { amount: string | null }>(
    `WITH inserted AS (
       INSERT INTO "Interaction" (${COLUMNS.join(', ')})
       SELECT ${COLUMNS.map((column) => `candidate.${column}`).join(', ')}
       FROM (VALUES ${tuples.join(', ')}) AS candidate(${COLUMNS.join(', ')}, "customerKind")
       WHERE ${liveCustomerCondition('candidate."customerId"', 'candidate."customerKind"')}
       ON CONFLICT ("tenantId", source, "externalId") DO NOTHING
       RETURNING *
     ), ${events.ctes}
     SELECT inserted.*, ${events.wakeRelay} FROM inserted`,
    parameters,
  );
  return rows.map(({ wokeRelay: _woke, ...row }: typeof rows[number] & { wokeRelay?: unknown }) => ({ ...row, amount: row.amount === null ? null : new Decimal(row.amount) }));
}

/** The row an input becomes, as far as its event tells of it (the event is written with the row, in one statement). */
function rowOf(id: string, tenantId: string, customer: ClaimedCustomer, input: ValidInteraction, recordedAt: Date): InteractionRow {
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
    recordedAt,
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
