import { newRowId } from '../../src/ids.ts';
import { decodeGlobalID, encodeGlobalID } from '@pothos/plugin-relay';
import { randomBytes } from 'node:crypto';
import { runRounds } from '../lib/closed-loop.ts';
import { say } from '../lib/progress.ts';
import { bothSides, callBaseline, canonicalJson, figuresOf, graphql, roundsOptions, sidesOf, statementsOf, type NexoBuild, type WorkloadContext, type WorkloadResult } from './context.ts';
import type { SampleCustomer } from './sample.ts';

const OPERATION = 'RecordInteraction';
/** The subject of the write token: Nexo records it as the event's actor, and so does the baseline. */
export const WRITER = 'bench-writer';
const RECORD_INTERACTION = /* GraphQL */ `
  mutation ${OPERATION}($input: RecordInteractionInput!) {
    recordInteraction(input: $input) {
      __typename
      ... on RecordInteractionPayload { duplicate interaction { id } }
      ... on Error { code message }
    }
  }`;

/** A point-of-sale purchase: what most of the write traffic of a retailer is. */
function purchase(customer: SampleCustomer, source: string, externalId: string) {
  return {
    customerId: customer.globalId,
    channel: 'POINT_OF_SALE',
    direction: 'INBOUND',
    kind: 'PURCHASE',
    occurredAt: new Date().toISOString(),
    summary: 'Bought 2 × Ceramic mug',
    amount: '25.80',
    currency: 'EUR',
    productLines: [{ sku: 'MUG-001', name: 'Ceramic mug', quantity: 2, unitPrice: '12.90' }],
    source,
    externalId,
  };
}

/**
 * The baseline: the same two rows recordInteraction writes — the Interaction and its
 * `interaction.recorded` outbox event, with the NOTIFY that wakes the relay — in one statement,
 * inside a transaction with the tenant set. The customer must be a live one of the tenant, as
 * Nexo checks; the event payload is built from the stored row, as Nexo builds it.
 */
const RECORD_SQL = `
WITH customer AS (
  SELECT id FROM "Customer"
  WHERE "tenantId" = current_setting('app.tenant_id') AND id = $2::uuid AND kind = 'PERSON' AND "archivedAt" IS NULL
), stored AS (
  INSERT INTO "Interaction" (id, "tenantId", "customerId", channel, direction, kind, "occurredAt", summary, metadata, amount, currency,
                             "productLines", source, "externalId", "recordedAt")
  SELECT $1::uuid, current_setting('app.tenant_id'), customer.id, $3::"InteractionChannel", $4::"InteractionDirection", $5::"InteractionKind",
         $6::timestamp(3), $7, '{}'::jsonb, $8::numeric, $9, $10::jsonb, $11, $12, now() AT TIME ZONE 'UTC'
  FROM customer
  ON CONFLICT ("tenantId", source, "externalId") DO NOTHING
  RETURNING *
), event AS (
  INSERT INTO "OutboxEvent" ("tenantId", topic, "subjectId", "customerId", "customerNodeId", channel, kind, "actorId", payload, "occurredAt")
  SELECT s."tenantId", 'interaction.recorded', $13, s."customerId", $14, s.channel::text, s.kind::text, $15,
         jsonb_build_object('channel', s.channel, 'kind', s.kind, 'direction', s.direction, 'summary', s.summary, 'amount', s.amount::text,
                            'currency', s.currency, 'surveyScore', s."surveyScore", 'source', s.source, 'externalId', s."externalId"),
         s."occurredAt"
  FROM stored s
  RETURNING 1
)
SELECT s.id::text AS id, pg_notify('nexo_outbox', '') FROM stored s`;

/** The baseline endpoint's handler. */
export function recordInteractionBaseline(context: Pick<WorkloadContext, 'sql'>, input: { customer: SampleCustomer; externalId: string }): Promise<string> {
  return recordBaseline(context, input.customer, input.externalId);
}

async function recordBaseline(context: Pick<WorkloadContext, 'sql'>, customer: SampleCustomer, externalId: string): Promise<string> {
  const input = purchase(customer, 'bench-sql', externalId);
  const id = newRowId();
  const rows = await context.sql.transaction(async (client) =>
    (
      await client.query<{ id: string }>({
        name: 'bench_record_interaction',
        text: RECORD_SQL,
        values: [
          id, customer.id, input.channel, input.direction, input.kind, input.occurredAt.replace('Z', ''), input.summary, input.amount, input.currency,
          JSON.stringify(input.productLines), input.source, input.externalId, encodeGlobalID('Interaction', id), customer.globalId, WRITER,
        ],
      })
    ).rows,
  );
  if (rows.length !== 1) throw new Error(`write: the baseline stored nothing for ${customer.id} (unknown customer or a repeated externalId)`);
  return rows[0]!.id;
}

/** Each side writes under a source of its own, so the (source, externalId) of every call stays unique. */
const sourceOf = (context: WorkloadContext, build: NexoBuild) => (build === context.nexo ? 'bench-nexo' : 'bench-against');

async function recordNexo(context: WorkloadContext, build: NexoBuild, customer: SampleCustomer, externalId: string): Promise<string> {
  const data = await graphql<{ recordInteraction: { __typename: string; duplicate?: boolean; interaction?: { id: string }; message?: string } }>(
    build,
    context.writeToken,
    RECORD_INTERACTION,
    { input: purchase(customer, sourceOf(context, build), externalId) },
  );
  const payload = data.recordInteraction;
  if (payload.__typename !== 'RecordInteractionPayload' || payload.duplicate !== false) throw new Error(`write: recordInteraction answered ${JSON.stringify(payload)}`);
  return payload.interaction!.id;
}

/** Compares the rows one write of each side left (ids, source, externalId and times aside): they must be the same. */
async function checkSameRows(context: WorkloadContext, nexoId: string, otherId: string): Promise<void> {
  const rows = await context.sql.transaction(async (client) =>
    (
      await client.query<{ id: string; interaction: Record<string, unknown>; event: Record<string, unknown> }>(
        `SELECT i.id::text AS id,
                to_jsonb(i) - 'id' - 'source' - 'externalId' - 'occurredAt' - 'recordedAt' AS interaction,
                (SELECT to_jsonb(e) - 'id' - 'position' - 'subjectId' - 'occurredAt' - 'recordedAt'
                        || jsonb_build_object('payload', e.payload - 'source' - 'externalId')
                   FROM "OutboxEvent" e WHERE e."tenantId" = i."tenantId" AND e."customerId" = i."customerId"
                    AND e."subjectId" = encode(convert_to('Interaction:' || i.id::text, 'UTF8'), 'base64')) AS event
         FROM "Interaction" i WHERE i.id = ANY($1::uuid[])`,
        [[nexoId, otherId]],
      )
    ).rows,
  );
  const nexo = rows.find((row) => row.id === nexoId);
  const other = rows.find((row) => row.id === otherId);
  const labels = [context.nexo.label, context.opponent.label];
  if (!nexo?.event || !other?.event) throw new Error(`write: an interaction or its outbox event is missing (${labels[0]} ${Boolean(nexo?.event)}, ${labels[1]} ${Boolean(other?.event)})`);
  const width = Math.max(...labels.map((label) => label.length));
  for (const part of ['interaction', 'event'] as const) {
    if (canonicalJson(nexo[part]) !== canonicalJson(other[part])) {
      throw new Error(`write: the ${part} rows of ${bothSides(context)} differ:\n  ${labels[0]!.padEnd(width)} ${canonicalJson(nexo[part])}\n  ${labels[1]!.padEnd(width)} ${canonicalJson(other[part])}`);
    }
  }
}

export async function runRecordInteraction(context: WorkloadContext, sample: readonly SampleCustomer[]): Promise<WorkloadResult> {
  const run = randomBytes(4).toString('hex');
  const pick = (sequence: number) => sample[sequence % sample.length]!;
  const first = sample[0]!;
  const nexoId = decodeGlobalID(await recordNexo(context, context.nexo, first, `${run}-check`)).id;
  const otherId =
    context.opponent.kind === 'build'
      ? decodeGlobalID(await recordNexo(context, context.opponent.build, first, `${run}-check`)).id
      : await callBaseline<string>(context, 'record-interaction', { customer: first, externalId: `${run}-check` });
  await checkSameRows(context, nexoId, otherId);
  say(`write                  ${bothSides(context)} write the same Interaction and OutboxEvent rows`);

  const figures = await runRounds(
    sidesOf(
      context,
      (build) => async (sequence) => void (await recordNexo(context, build, pick(sequence), `${run}-${sequence}`)),
      async (sequence) => void (await callBaseline<string>(context, 'record-interaction', { customer: pick(sequence), externalId: `${run}-${sequence}` })),
    ),
    roundsOptions(context, 'write', 'write'),
  );
  return {
    name: 'write',
    ...figuresOf(context, figures),
    statementsPerRequest: await statementsOf(context, OPERATION),
    statementVariants: null,
    details: {
      input: 'a point-of-sale purchase with one product line, a unique (source, externalId) per call',
      baselineQuery: 'one statement (CTE: check the customer, INSERT Interaction, INSERT OutboxEvent, pg_notify) in a transaction with app.tenant_id set',
    },
  };
}
