import type { Context } from '../../src/plugin-api.ts';
import { NotFoundError, ValidationError, viewerOf } from '../../src/plugin-api.ts';
import { resolveCustomerReferences, type CustomerReference, type CustomerRow } from '../profile/plugin.ts';
import { checkInteraction, type InteractionInput, type ValidInteraction } from './interaction-inputs.ts';
import { interactionSourceKey, newInteractionRow, type InteractionRow } from './store/interaction-rows.ts';
import { insertInteractions, interactionsBySourceKeys } from './store/interaction-writes.ts';

export type { InteractionRow };

/** An input that is stored: now, or already before (`duplicate`). */
export type Recorded = { index: number; interaction: InteractionRow; duplicate: boolean };
/** An input that was refused, and why. */
export type Failed = { index: number; error: ValidationError | NotFoundError };
/** What became of one input. */
export type ItemResult = Recorded | Failed;

interface Accepted {
  index: number;
  row: InteractionRow;
  customer: CustomerRow;
  key: string;
}

/**
 * Records a batch set-wise, whatever its size: every input is checked in memory, the customers
 * are found live in one statement (two when some are named by external reference), and all new
 * rows go in with one INSERT … ON CONFLICT DO NOTHING that also writes their events. Only when
 * that insert skipped some (already stored) are they read back, in one more statement. A bad
 * input fails alone; the others are recorded.
 */
export async function recordInteractions(context: Context, inputs: readonly InteractionInput[], pathOf: (index: number) => string[]): Promise<ItemResult[]> {
  const now = context.clock.now();
  const results: ItemResult[] = new Array(inputs.length);
  const valid: { index: number; input: ValidInteraction }[] = [];
  inputs.forEach((raw, index) => {
    const checked = checkInteraction(raw, pathOf(index), now);
    if (checked.ok) valid.push({ index, input: checked.value });
    else results[index] = { index, error: new ValidationError(checked.errors) };
  });
  if (valid.length === 0) return results;

  return context.mutate(async (db) => {
    const tenantId = viewerOf(context).tenantId;
    const customers = await resolveCustomerReferences(context, valid.map(({ input }) => input.customer));
    // The first input with a given (source, externalId) is the one inserted; later ones repeat it.
    const first = new Map<string, Accepted>();
    const repeats: Accepted[] = [];
    valid.forEach(({ index, input }, position) => {
      const customer = customers[position];
      if (!customer) {
        results[index] = { index, error: new NotFoundError('Customer', describeReference(input.customer)) };
        return;
      }
      const accepted = { index, row: newInteractionRow(tenantId, customer.id, input, now), customer, key: interactionSourceKey(input.source, input.externalId) };
      if (first.has(accepted.key)) repeats.push(accepted);
      else first.set(accepted.key, accepted);
    });
    if (first.size === 0) return results;

    const inserted = await insertInteractions(context, [...first.values()]);
    const stored = new Map(inserted.map((row) => [interactionSourceKey(row.source, row.externalId), row]));
    const skipped = [...first.values()].filter(({ key }) => !stored.has(key)).map(({ row }) => row);
    const earlier = await interactionsBySourceKeys(db, tenantId, skipped);
    settle(first, repeats, stored, new Map(earlier.map((row) => [interactionSourceKey(row.source, row.externalId), row])), results);
    return results;
  });
}

/** The results of inputs that were inserted now (`stored`) or before (`earlier`), and of their repeats. */
function settle(first: Map<string, Accepted>, repeats: readonly Accepted[], stored: Map<string, InteractionRow>, earlier: Map<string, InteractionRow>, results: ItemResult[]): void {
  for (const accepted of first.values()) {
    const fresh = stored.get(accepted.key);
    if (fresh) {
      results[accepted.index] = { index: accepted.index, interaction: fresh, duplicate: false };
    } else {
      const existing = earlier.get(accepted.key);
      if (!existing) throw new Error(`Interaction ${accepted.row.source}:${accepted.row.externalId} was neither inserted nor found`);
      results[accepted.index] = { index: accepted.index, interaction: existing, duplicate: true };
    }
  }
  for (const repeat of repeats) {
    const original = results[first.get(repeat.key)!.index] as Recorded;
    results[repeat.index] = { index: repeat.index, interaction: original.interaction, duplicate: true };
  }
}

function describeReference(reference: CustomerReference): string {
  return 'id' in reference ? reference.id : `${reference.source}:${reference.externalId}`;
}
