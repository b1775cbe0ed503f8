import type { Builder, PluginComposition } from '../../../src/plugin-api.ts';
import { viewerOf } from '../../../src/plugin-api.ts';
import { loadCustomer } from '../../profile/plugin.ts';
import type { CustomerMergeRow } from '../store/merge-records.ts';
import { MERGE, MERGE_ERRORS } from './access.ts';
import { parseMergeId } from './merge-ids.ts';
import { mergeScopeOf } from './merge-scope.ts';
import { performUnmerge } from './run-unmerge.ts';

/** `unmergeCustomers`: a merge undone. */
export function registerUnmergeCustomers(builder: Builder, composition: PluginComposition): void {
  const UnmergeCustomersPayload = builder.objectRef<{ merge: CustomerMergeRow }>('UnmergeCustomersPayload').implement({
    description: 'The merge undone, and the customers it gave back.',
    fields: (t) => ({
      merge: t.field({ type: 'CustomerMerge', description: 'The merge, now UNMERGED.', resolve: (outcome) => outcome.merge }),
      restored: t.field({
        type: ['Customer'],
        description: 'The merged records, customers again.',
        resolve: async (outcome, _args, context) => (await Promise.all(outcome.merge.mergedIds.map((id) => loadCustomer(context, id)))).filter((customer) => customer !== null),
      }),
      survivor: t.field({ type: 'Customer', description: 'The survivor, with what it gained since the merge.', resolve: async (outcome, _args, context) => (await loadCustomer(context, outcome.merge.survivorId))! }),
    }),
  });

  builder.mutationField('unmergeCustomers', (t) =>
    t.field({
      type: UnmergeCustomersPayload,
      authScopes: MERGE,
      errors: { types: MERGE_ERRORS },
      description:
        'Undoes a merge: the merged records are customers again and exactly the rows the merge moved go back to them; what happened to the survivor since stays with it. `customer.unmerged` goes on its timeline. A merge already undone, or whose survivor has since been merged into another customer (undo that first), is a CONFLICT.',
      args: { mergeId: t.arg.id({ required: true, description: 'The merge (global id of a CustomerMerge).' }) },
      resolve: async (_root, args, context) => {
        const mergeId = parseMergeId(String(args.mergeId), ['mergeId']);
        return context.mutate(async (db) => ({
          merge: await performUnmerge(mergeScopeOf(context, db), composition.customerMergeParticipants, mergeId, viewerOf(context).subject),
        }));
      },
    }),
  );
}
