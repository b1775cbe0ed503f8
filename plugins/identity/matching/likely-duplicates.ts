import type { Builder } from '../../../src/plugin-api.ts';
import { storedAsIncoming } from '../store/match-incoming.ts';
import type { CandidateRef } from './duplicate-candidate.ts';
import { findLikelyMatches } from './find-likely-matches.ts';
import { matchScopeOf } from './request-settings.ts';

/**
 * `PersonPayload.likelyDuplicates`: the check at creation. createPerson never refuses a likely
 * duplicate; it says who the new person may already be, so the client can offer a merge.
 */
export function registerLikelyDuplicates(builder: Builder, Candidate: CandidateRef): void {
  builder.objectField('PersonPayload', 'likelyDuplicates', (t) =>
    // No permission of its own: it answers whoever may create the person, about customers whose
    // profiles still need profile:read to be shown (and a payload has no route for the matrix).
    t.field({
      type: [Candidate],
      description: "Live customers this person may already be (from the tenant's possible threshold, best first, at most 5), compared as they are stored now.",
      resolve: async (payload, _args, context) => {
        const person = (payload as { person: { id: string } }).person;
        const scope = matchScopeOf(context);
        const incoming = (await storedAsIncoming(scope, [person.id])).get(person.id);
        if (!incoming) return [];
        const [matches = []] = await findLikelyMatches(scope, [incoming]);
        const now = context.clock.now();
        return matches
          .filter((match) => match.customerId !== person.id)
          .map((match) => ({ customerIds: [person.id, match.customerId] as const, score: match.score, signals: match.signals, computedAt: now, dismissedAt: null }));
      },
    }),
  );
}
