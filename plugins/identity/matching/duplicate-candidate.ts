import type { Builder } from '../../../src/plugin-api.ts';
import { keysetConnection, NotFoundError, ValidationError, viewerOf } from '../../../src/plugin-api.ts';
import { CustomerKind, decodeCustomerId, loadCustomer } from '../../profile/plugin.ts';
import { dismissDuplicatePair, duplicatePage, DUPLICATE_ORDER, type DuplicatePairRow } from '../store/duplicate-pages.ts';
import type { MatchEnums } from './match-enums.ts';
import { matchScopeOf, matchSettingsOf } from './request-settings.ts';
import type { MatchSignalResult } from './signals.ts';

export const READ = { permission: 'identity:read' } as const;
export const MERGE = { permission: 'identity:merge' } as const;

/** Scores a filter may ask from: far beyond what any weights can reach, so only nonsense is refused. */
export const SCORE_BOUND = 500;

/** Two customers that may be the same, as the API shows them. */
export interface Candidate {
  customerIds: readonly [string, string];
  score: number;
  signals: readonly MatchSignalResult[];
  computedAt: Date;
  dismissedAt: Date | null;
}

export function candidateOf(row: DuplicatePairRow, first?: string): Candidate {
  const ids: [string, string] = first === row.customerB ? [row.customerB, row.customerA] : [row.customerA, row.customerB];
  return { customerIds: ids, score: row.score, signals: row.signals, computedAt: row.computedAt, dismissedAt: row.dismissedAt };
}

/** A score a client sent, checked: finite and within ±SCORE_BOUND. */
export function checkedScore(value: number | null | undefined, path: string[]): number | null {
  if (value === null || value === undefined) return null;
  if (!Number.isFinite(value) || Math.abs(value) > SCORE_BOUND) throw ValidationError.at(path, `must be a number from -${SCORE_BOUND} to ${SCORE_BOUND}`);
  return value;
}

/** The row id of a customer global id, or a ValidationError at `path`. */
export function customerRowId(globalId: string, path: string[]): string {
  const decoded = decodeCustomerId(globalId);
  if (!decoded) throw ValidationError.at(path, 'is not the id of a person or an organization');
  return decoded.id.toLowerCase();
}

/** `MatchSignal`, `DuplicateCandidate`, `duplicateCandidates` and `dismissDuplicateCandidate`. */
export function registerDuplicateCandidate(builder: Builder, enums: MatchEnums) {
  const Signal = builder.objectRef<MatchSignalResult>('MatchSignal').implement({
    description: 'One signal of a compared pair: how it came out and what it added to the score.',
    fields: (t) => ({
      signal: t.field({ type: enums.Signal, description: 'What was compared.', resolve: (signal) => signal.signal }),
      outcome: t.field({ type: enums.Outcome, description: 'How it came out.', resolve: (signal) => signal.outcome }),
      level: t.field({ type: enums.Level, nullable: true, description: 'The level of an agreement (EXACT for AGREE; HIGH or MEDIUM for PARTIAL); null otherwise.', resolve: (signal) => signal.level }),
      contribution: t.exposeFloat('contribution', { description: 'What it added to the score (log2 of its likelihood ratio; 0 when missing).' }),
      detail: t.exposeString('detail', { description: 'The reason in words, e.g. "same e-mail ana.garcia@gmail.com" or "names 0.95 alike (ana garcia / ana garica)".' }),
    }),
  });

  const Candidate = builder.objectRef<Candidate>('DuplicateCandidate').implement({
    description:
      'Two live customers that may be the same, scored in the Fellegi–Sunter manner: the score is the sum of every signal’s contribution, log2 of how much likelier the records are to be one customer than two.',
    fields: (t) => ({
      customers: t.field({
        type: ['Customer'],
        description: 'The two customers (the one asked about first, where there is one).',
        resolve: async (candidate, _args, context) => (await Promise.all(candidate.customerIds.map((id) => loadCustomer(context, id)))).filter((customer) => customer !== null),
      }),
      score: t.exposeFloat('score', { description: 'The sum of the signals’ contributions (log2 odds ratio).' }),
      likelihood: t.field({
        type: enums.Likelihood,
        description: "LIKELY from the tenant's likely threshold, POSSIBLE below it.",
        resolve: async (candidate, _args, context) => (candidate.score >= (await matchSettingsOf(context)).likely ? 'LIKELY' : 'POSSIBLE'),
      }),
      signals: t.field({ type: [Signal], description: 'Every signal compared, with its outcome and contribution, in a fixed order.', resolve: (candidate) => [...candidate.signals] }),
      computedAt: t.expose('computedAt', { type: 'DateTime', description: 'When the pair was last compared.' }),
      dismissedAt: t.expose('dismissedAt', { type: 'DateTime', nullable: true, description: 'When someone said these are different customers; null while the pair is offered.' }),
    }),
  });

  const Filter = builder.inputType('DuplicateCandidateFilter', {
    description: 'Which pairs to list.',
    fields: (t) => ({
      kind: t.field({ type: CustomerKind, description: 'Only pairs of people, or of organizations.' }),
      customerId: t.id({ description: 'Only the pairs of this customer (global id of a Person or Organization).' }),
      minScore: t.float({ description: `Only pairs scoring at least this (−${SCORE_BOUND} to ${SCORE_BOUND}); default: the tenant's possible threshold. Pairs below it are not kept.` }),
      includeDismissed: t.boolean({ description: 'Pairs someone dismissed too (default false).' }),
    }),
  });

  builder.queryFields((t) => ({
    duplicateCandidates: t.connection({
      type: Candidate,
      authScopes: READ,
      description: 'Pairs of customers of your tenant that may be the same, best score first, each with every signal that matched and its contribution.',
      args: { filter: t.arg({ type: Filter, description: 'Which pairs (default: every pair offered).' }) },
      resolve: async (_root, args, context) => {
        const filter = args.filter ?? {};
        const minScore = checkedScore(filter.minScore, ['filter', 'minScore']) ?? (await matchSettingsOf(context)).possible;
        const customerId = filter.customerId ? customerRowId(String(filter.customerId), ['filter', 'customerId']) : null;
        const kind = (filter.kind as 'PERSON' | 'ORGANIZATION' | null | undefined) ?? null;
        const page = await keysetConnection(args, DUPLICATE_ORDER, (request) =>
          duplicatePage(matchScopeOf(context), { kind, customerId, minScore, includeDismissed: filter.includeDismissed ?? false }, request),
        );
        return { ...page, edges: page.edges.map((edge) => ({ cursor: edge.cursor, node: candidateOf(edge.node, customerId ?? undefined) })) };
      },
    }),
  }));

  const Dismissed = builder.objectRef<{ candidate: Candidate }>('DismissDuplicateCandidatePayload').implement({
    description: 'The pair, dismissed.',
    fields: (t) => ({ candidate: t.field({ type: Candidate, description: 'The pair as stored, with when it was dismissed.', resolve: (payload) => payload.candidate }) }),
  });

  builder.mutationFields((t) => ({
    dismissDuplicateCandidate: t.field({
      type: Dismissed,
      authScopes: MERGE,
      errors: { types: [ValidationError, NotFoundError] },
      description: 'Says two customers are different people (or organizations): the pair is no longer offered, whatever their records later share.',
      args: {
        customerIds: t.arg.idList({ required: true, description: 'The two customers of the pair (global ids).', extensions: { maxItems: 2 } }),
      },
      resolve: async (_root, args, context) => {
        const ids = args.customerIds.map((id, index) => customerRowId(String(id), ['customerIds', String(index)]));
        if (ids.length !== 2 || ids[0] === ids[1]) throw ValidationError.at(['customerIds'], 'must be two different customers');
        const [customerA, customerB] = [...ids].sort() as [string, string];
        const row = await context.mutate(() => dismissDuplicatePair(matchScopeOf(context), { customerA, customerB }, viewerOf(context).subject, context.clock.now()));
        if (!row) throw new NotFoundError('DuplicateCandidate', args.customerIds.join(' & '));
        return { candidate: candidateOf(row, ids[0]) };
      },
    }),
  }));

  return Candidate;
}

export type CandidateRef = ReturnType<typeof registerDuplicateCandidate>;
