import { importInteractions, type ImportedInteraction } from '../../interactions/plugin.ts';
import { findImportKeyHolders } from '../../profile/plugin.ts';
import type { BatchOutcome } from './customer-batch.ts';
import type { ImportOptions } from './import-options.ts';
import type { ImportScope } from './import-scope.ts';
import { readInteractionRow } from './normalize/interaction-row.ts';
import type { MappedRow } from './read/import-records.ts';

/**
 * One batch of an interactions file: each row read, its customer found (by id in the source
 * system or by e-mail, one statement for the batch), and recorded by the interactions area in two
 * statements. An interaction imported before (the same source and id) is counted unchanged.
 */
export async function importInteractionBatch(scope: ImportScope, rows: readonly MappedRow[], options: ImportOptions): Promise<BatchOutcome> {
  const outcome: BatchOutcome = { counts: { created: 0, updated: 0, unchanged: 0, held: 0, rejected: 0 }, rejected: [], held: [] };
  const reject = (row: MappedRow, reason: string) => {
    outcome.rejected.push({ line: row.line, reason, content: row.content });
    outcome.counts.rejected += 1;
  };
  const readings = rows.map((row) => ({ row, reading: readInteractionRow(row.values, options) }));
  const valid = readings.flatMap(({ row, reading }) => {
    if (reading.ok) return [{ row, value: reading.value }];
    reject(row, reading.problems.join('; '));
    return [];
  });
  const holders = await findImportKeyHolders(scope, {
    refs: valid.flatMap(({ value }) => ('ref' in value.customer ? [value.customer.ref] : [])),
    emails: valid.flatMap(({ value }) => ('email' in value.customer ? [value.customer.email] : [])),
    phones: [],
  });
  const items: { row: MappedRow; item: ImportedInteraction }[] = [];
  for (const { row, value } of valid) {
    const key = value.customer;
    const holder = 'ref' in key ? holders.byRef.get(`${key.ref.source}\u0000${key.ref.externalId}`) : holders.byEmail.get(key.email);
    if (!holder || holder.archived) {
      reject(row, 'ref' in key ? `no customer has ${key.ref.source} id ${key.ref.externalId}` : `no customer has the e-mail ${key.email}`);
      continue;
    }
    items.push({ row, item: { customer: { id: holder.id, kind: holder.kind }, input: value.input } });
  }
  const results = await importInteractions(scope, items.map(({ item }) => item));
  results.forEach((result, index) => {
    if (result.outcome === 'REFUSED') reject(items[index]!.row, result.reason);
    else outcome.counts[result.outcome === 'CREATED' ? 'created' : 'unchanged'] += 1;
  });
  return outcome;
}
