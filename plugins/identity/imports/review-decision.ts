import { ConflictError, NotFoundError, ValidationError } from '../../../src/plugin-api.ts';
import { importCustomers, type ImportedCustomer } from '../../profile/plugin.ts';
import { decideReviewItem, lockReviewItem } from '../store/import-jobs.ts';
import type { HeldCustomerRow } from './customer-batch.ts';
import { importOptionsSchema } from './import-options.ts';
import type { ImportScope } from './import-scope.ts';

/**
 * Decides a held row in the caller's transaction: writes it as the import would have (a new
 * customer, or into the one chosen, with the import's field policy), through the profile, then
 * marks the item. Refused (ConflictError) when already decided, or when the row can no longer be
 * written (its e-mail now belongs to another customer …).
 */
export async function decideHeldRow(
  scope: ImportScope,
  itemId: string,
  decision: 'CREATE' | 'MERGE_INTO' | 'DISMISS',
  target: { id: string; kind: string } | null,
  decidedBy: string,
  itemGlobalId: string,
  targetGlobalId: string | null,
): Promise<{ itemId: string; customerId: string | null }> {
  const item = await lockReviewItem(scope, itemId);
  if (!item) throw new NotFoundError('ImportReviewItem', itemGlobalId);
  if (item.status !== 'PENDING') throw new ConflictError(`This row was already decided (${item.status})`);
  const customer = (item.row as unknown as HeldCustomerRow).customer as ImportedCustomer;
  if (decision === 'DISMISS') {
    await decideReviewItem(scope, itemId, 'DISMISSED', decidedBy, scope.now);
    return { itemId, customerId: null };
  }
  if (target && target.kind !== customer.kind) throw ValidationError.at(['input', 'customerId'], `must be a ${customer.kind === 'PERSON' ? 'Person' : 'Organization'}, as the row is`);
  const options = importOptionsSchema.parse(item.options);
  const [result] = await importCustomers(
    scope,
    [target ? { action: 'UPDATE', customerId: target.id, customer } : { action: 'CREATE', customer }],
    { overwrite: options.fieldPolicy === 'OVERWRITE', ownerId: options.ownerId, consentSource: options.source },
  );
  if (!result || result.outcome === 'REFUSED') {
    if (target && result?.reason.startsWith('the customer it matched')) throw new NotFoundError(target.kind === 'PERSON' ? 'Person' : 'Organization', targetGlobalId ?? target.id);
    throw new ConflictError(`The row cannot be imported: ${result?.reason ?? 'refused'}`);
  }
  await decideReviewItem(scope, itemId, target ? 'MERGED_INTO' : 'CREATED', decidedBy, scope.now);
  return { itemId, customerId: result.customerId };
}
