import type { Builder, Context } from '../../../src/plugin-api.ts';
import { perCustomerLoader, ValidationError } from '../../../src/plugin-api.ts';
import { duplicatesOfCustomers, type DuplicatePairRow } from '../store/duplicate-pages.ts';
import { candidateOf, checkedScore, READ, type CandidateRef } from './duplicate-candidate.ts';
import { matchScopeOf, matchSettingsOf } from './request-settings.ts';

/** Pairs listed per customer at most. */
export const MAX_POSSIBLE_DUPLICATES = 20;

const loaders = new WeakMap<Context, ReturnType<typeof possibleDuplicatesLoader>>();
const possibleDuplicatesLoader = (context: Context) =>
  perCustomerLoader<{ minScore: number; first: number }, DuplicatePairRow[]>(
    (customerIds, request) => duplicatesOfCustomers(matchScopeOf(context), customerIds, request.minScore, request.first),
    [],
  );

/** `Customer.possibleDuplicates`: one statement for every customer of a page asked alike. */
export function registerPossibleDuplicates(builder: Builder, Candidate: CandidateRef): void {
  builder.interfaceField('Customer', 'possibleDuplicates', (t) =>
    t.field({
      type: [Candidate],
      authScopes: READ,
      description: 'The customers this one may be, best score first (dismissed pairs left out).',
      args: {
        minScore: t.arg.float({ description: "Only pairs scoring at least this (−500 to 500); default: the tenant's possible threshold." }),
        first: t.arg.int({ description: `How many (1–${MAX_POSSIBLE_DUPLICATES}, default 5).` }),
      },
      resolve: async (customer, args, context) => {
        const first = args.first ?? 5;
        if (!Number.isInteger(first) || first < 1 || first > MAX_POSSIBLE_DUPLICATES) throw ValidationError.at(['first'], `must be 1 to ${MAX_POSSIBLE_DUPLICATES}`);
        const minScore = checkedScore(args.minScore, ['minScore']) ?? (await matchSettingsOf(context)).possible;
        const customerId = (customer as { id: string }).id;
        let loader = loaders.get(context);
        if (!loader) loaders.set(context, (loader = possibleDuplicatesLoader(context)));
        const rows = await loader.load({ customerId, request: { minScore, first } });
        return rows.map((row) => candidateOf(row, customerId));
      },
    }),
  );
}
