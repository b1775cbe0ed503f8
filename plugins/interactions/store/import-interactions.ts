import type { Sql, TenantScope } from '../../../src/plugin-api.ts';
import { Decimal, newRowId } from '../../../src/plugin-api.ts';
import type { CustomerKind } from '../../profile/plugin.ts';
import { interactionRecorded, interactionRecordedEvent } from '../events.ts';
import { checkInteraction, type InteractionInput } from '../interaction-inputs.ts';
import { InteractionChannel, InteractionDirection, InteractionKind } from './enums.ts';
import type { InteractionRow } from './interaction-rows.ts';

/** Where an import writes interactions: a tenant's transaction (a request's or a background job's) and its clock. */
export interface InteractionImportScope {
  sql: Sql;
  tenantId: string;
  now: Date;
  events: Pick<TenantScope['events'], 'emitMany'>;
}

/** One interaction of an import, its customer already found (live). */
export interface ImportedInteraction {
  customer: { id: string; kind: CustomerKind };
  input: Omit<InteractionInput, 'customerId' | 'customerRef'>;
}

export type InteractionImportResult = { outcome: 'CREATED' | 'UNCHANGED' } | { outcome: 'REFUSED'; reason: string };

/** The values an import may name, for reading them from files. */
export const INTERACTION_CHANNELS: readonly string[] = Object.values(InteractionChannel);
export const INTERACTION_DIRECTIONS: readonly string[] = Object.values(InteractionDirection);
export const INTERACTION_KINDS: readonly string[] = Object.values(InteractionKind);

/**
 * Records an import's interactions under the rules of `recordInteractions`, in two statements
 * whatever the batch: one INSERT … ON CONFLICT DO NOTHING on (source, externalId), so that a second
 * import of an interaction is recognised (UNCHANGED) rather than stored twice, and the
 * `interaction.recorded` events of the rows it wrote. A refused input fails alone, with why.
 */
export async function importInteractions(scope: InteractionImportScope, items: readonly ImportedInteraction[]): Promise<InteractionImportResult[]> {
  const results: InteractionImportResult[] = new Array(items.length);
  const firstOf = new Map<string, { index: number; row: InteractionRow; customer: ImportedInteraction['customer'] }>();
  items.forEach((item, index) => {
    // The customer is already found: the reference only satisfies the check, which then judges the rest.
    const checked = checkInteraction({ ...item.input, customerId: null, customerRef: { source: 'import', externalId: item.customer.id } }, [], scope.now);
    if (!checked.ok) {
      results[index] = { outcome: 'REFUSED', reason: checked.errors.map((error) => `${error.path.join('.')} ${error.message}`).join('; ') };
      return;
    }
    const input = checked.value;
    const key = `${input.source}\u0000${input.externalId}`;
    if (firstOf.has(key)) {
      results[index] = { outcome: 'UNCHANGED' };
      return;
    }
    firstOf.set(key, {
      index,
      customer: item.customer,
      row: {
        id: newRowId(),
        tenantId: scope.tenantId,
        customerId: item.customer.id,
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
        recordedAt: scope.now,
      },
    });
  });
  const accepted = [...firstOf.values()];
  if (accepted.length === 0) return results;

  const of = <Key extends keyof InteractionRow>(key: Key) => accepted.map(({ row }) => row[key]);
  const inserted = await scope.sql<{ id: string }>`
    INSERT INTO "Interaction" (id, "tenantId", "customerId", channel, direction, kind, "occurredAt", summary, "agentId", metadata, amount, currency,
                               "productLines", "surveyScore", source, "externalId", "recordedAt")
    SELECT i.id, ${scope.tenantId}, i."customerId", i.channel::"InteractionChannel", i.direction::"InteractionDirection", i.kind::"InteractionKind",
           i."occurredAt", i.summary, i."agentId", i.metadata, i.amount, i.currency, i."productLines", i."surveyScore", i.source, i."externalId", ${scope.now}::timestamp(3)
    FROM unnest(${of('id')}::uuid[], ${of('customerId')}::uuid[], ${of('channel')}::text[], ${of('direction')}::text[], ${of('kind')}::text[],
                ${accepted.map(({ row }) => row.occurredAt.toISOString())}::timestamp(3)[], ${of('summary')}::text[], ${of('agentId')}::text[],
                ${accepted.map(({ row }) => JSON.stringify(row.metadata))}::jsonb[], ${accepted.map(({ row }) => row.amount?.toFixed(2) ?? null)}::numeric[],
                ${of('currency')}::text[], ${accepted.map(({ row }) => (row.productLines === null ? null : JSON.stringify(row.productLines)))}::jsonb[],
                ${of('surveyScore')}::int[], ${of('source')}::text[], ${of('externalId')}::text[])
      AS i(id, "customerId", channel, direction, kind, "occurredAt", summary, "agentId", metadata, amount, currency, "productLines", "surveyScore", source, "externalId")
    ON CONFLICT ("tenantId", source, "externalId") DO NOTHING
    RETURNING id::text`;
  const written = new Set(inserted.map((row) => row.id));
  for (const { index, row } of accepted) results[index] = { outcome: written.has(row.id) ? 'CREATED' : 'UNCHANGED' };
  await scope.events.emitMany(
    interactionRecorded,
    accepted.filter(({ row }) => written.has(row.id)).map(({ row, customer }) => interactionRecordedEvent(row, customer)),
  );
  return results;
}
