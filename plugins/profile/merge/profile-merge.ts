import type { CustomerMergeParticipant } from '../../../src/plugin-api.ts';
import { aliasesMerge } from '../store/merge-aliases.ts';
import { consentsMerge } from '../store/merge-consents.ts';
import { contactPointsMerge } from '../store/merge-contact-points.ts';
import { externalRefsMerge } from '../store/merge-external-refs.ts';
import { membershipsMerge } from '../store/merge-memberships.ts';
import type { MergePart } from '../store/merge-rows.ts';
import { survivorMerge } from '../store/merge-survivor.ts';

// In this order for a merge, the reverse for an unmerge: the survivor's fields last, so that
// undoing them first still sees the merged records as the merge left them.
const PARTS: readonly MergePart[] = [contactPointsMerge, consentsMerge, externalRefsMerge, membershipsMerge, aliasesMerge, survivorMerge];

/** The profile's part in a merge: its tables only, each kind of row by its own part. */
export const profileMergeParticipant: CustomerMergeParticipant = {
  async preview(scope, plan) {
    const counts = [];
    for (const part of PARTS) counts.push(...(await part.preview(scope, plan)));
    return counts;
  },

  async merge(scope, plan) {
    const changes = [];
    for (const part of PARTS) changes.push(...(await part.merge(scope, plan)));
    return changes;
  },

  async unmerge(scope, plan, changes) {
    for (const part of [...PARTS].reverse()) {
      const rows = new Set(part.rows);
      await part.unmerge(
        scope,
        plan,
        changes.filter((change) => rows.has(change.rows)),
      );
    }
  },
};
