import type { Builder, PluginComposition } from '../../../src/plugin-api.ts';
import { viewerOf } from '../../../src/plugin-api.ts';
import { MERGEABLE_FIELDS } from '../../profile/plugin.ts';
import type { CustomerMergeRow } from '../store/merge-records.ts';
import { MERGE, MERGE_ERRORS } from './access.ts';
import { MAX_MERGED, parseMergeInput, type MergeCustomersInput } from './merge-input.ts';
import { mergeScopeOf } from './merge-scope.ts';
import type { MergePreviewRef } from './merge-preview.ts';
import type { MergeTypes } from './merge-types.ts';
import { performMerge, previewMerge, type MergePreview } from './run-merge.ts';

interface MergeOutcome {
  merge: CustomerMergeRow | null;
  preview: MergePreview | null;
}

/** `mergeCustomers`: several records of one customer made one, or a dry run of it. */
export function registerMergeCustomers(builder: Builder, composition: PluginComposition, types: MergeTypes, MergePreviewRef: MergePreviewRef): void {
  const MergeCustomersInputRef = builder.inputType('MergeCustomersInput', {
    description: 'Which customers to merge into which, and which values the survivor takes.',
    fields: (t) => ({
      survivorId: t.id({ required: true, description: 'The customer that remains (global id of a Person or Organization).' }),
      otherIds: t.idList({
        required: true,
        description: `The customers merged into it, of the same kind (1 to ${MAX_MERGED}); their ids will name the survivor.`,
        extensions: { maxItems: MAX_MERGED },
      }),
      fieldChoices: t.field({
        type: [types.MergeFieldChoiceInput],
        extensions: { maxItems: Object.keys(MERGEABLE_FIELDS).length },
        description: 'Fields to take from a given customer of the merge; the others keep the survivor’s value (blanks filled from the merged records).',
      }),
      dryRun: t.boolean({ description: 'Only show what the merge would do (`preview`); nothing is written. Default false.' }),
    }),
  });

  const MergeCustomersPayload = builder.objectRef<MergeOutcome>('MergeCustomersPayload').implement({
    description: 'The merge made, or, for a dry run, what it would do.',
    fields: (t) => ({
      merge: t.field({ type: 'CustomerMerge', nullable: true, description: 'The merge, now in force; null for a dry run.', resolve: (outcome) => outcome.merge }),
      preview: t.field({ type: MergePreviewRef, nullable: true, description: 'What the merge would do; only for a dry run.', resolve: (outcome) => outcome.preview }),
    }),
  });

  builder.mutationField('mergeCustomers', (t) =>
    t.field({
      type: MergeCustomersPayload,
      authScopes: MERGE,
      errors: { types: MERGE_ERRORS },
      description:
        'Merges customers into one, in one transaction: every area re-points their rows (interactions, deals, leads, tickets, memberships, contact points without duplicates, consents with the strictest answer, external references, segment membership) and the merged records become aliases whose ids resolve to the survivor. `customer.merged` goes on its timeline. Undo with `unmergeCustomers`. Problems are a VALIDATION error listing each at its path; an unknown id (or another tenant’s) is NOT_FOUND.',
      args: { input: t.arg({ type: MergeCustomersInputRef, required: true, description: 'The merge.' }) },
      resolve: async (_root, args, context) => {
        const request = parseMergeInput(args.input as MergeCustomersInput);
        const participants = composition.customerMergeParticipants;
        return context.mutate(async (db) => {
          const scope = mergeScopeOf(context, db);
          if (args.input.dryRun) return { merge: null, preview: await previewMerge(scope, participants, request) };
          return { merge: await performMerge(scope, participants, request, viewerOf(context).subject), preview: null };
        });
      },
    }),
  );
}
