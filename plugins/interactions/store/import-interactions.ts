import type { Sql, TenantScope } from '../../../src/plugin-api.ts';
import type { CustomerKind } from '../../profile/plugin.ts';
import { interactionRecorded, interactionRecordedEvent } from '../events.ts';
import { checkInteraction, type InteractionInput } from '../interaction-inputs.ts';
import { InteractionChannel, InteractionDirection, InteractionKind } from './enums.ts';
import { interactionSourceKey, newInteractionRow, type InteractionRow } from './interaction-rows.ts';
import { insertInteractionRows } from './interaction-writes.ts';

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

/** CREATED carries the row id of the interaction written; UNCHANGED: one with its (source, externalId) was stored before. */
export type InteractionImportResult = { outcome: 'CREATED'; interactionId: string } | { outcome: 'UNCHANGED' } | { outcome: 'REFUSED'; reason: string };

/** The values an import may name, for reading them from files. */
export const INTERACTION_CHANNELS: readonly string[] = Object.values(InteractionChannel);
export const INTERACTION_DIRECTIONS: readonly string[] = Object.values(InteractionDirection);
export const INTERACTION_KINDS: readonly string[] = Object.values(InteractionKind);

/**
 * Records an import's interactions under the rules of `recordInteractions`, in two statements
 * whatever the batch: the insert, which skips an interaction imported before (the same source and
 * id: UNCHANGED rather than stored twice), and the `interaction.recorded` events of the rows it
 * wrote. A refused input fails alone, with why.
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
    const key = interactionSourceKey(checked.value.source, checked.value.externalId);
    if (firstOf.has(key)) results[index] = { outcome: 'UNCHANGED' };
    else firstOf.set(key, { index, row: newInteractionRow(scope.tenantId, item.customer.id, checked.value, scope.now), customer: item.customer });
  });
  const accepted = [...firstOf.values()];
  const written = await insertInteractionRows(scope.sql, accepted.map(({ row }) => row));
  for (const { index, row } of accepted) results[index] = written.has(row.id) ? { outcome: 'CREATED', interactionId: row.id } : { outcome: 'UNCHANGED' };
  await scope.events.emitMany(
    interactionRecorded,
    accepted.filter(({ row }) => written.has(row.id)).map(({ row, customer }) => interactionRecordedEvent(row, customer)),
  );
  return results;
}
