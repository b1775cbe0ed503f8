import type { Builder } from '../../../src/plugin-api.ts';
import { ValidationError, type FieldError } from '../../../src/plugin-api.ts';
import type { MatchSettingsInForce } from '../store/match-settings.ts';
import { writeMatchSettings } from '../store/match-settings.ts';
import { MERGE, READ } from './duplicate-candidate.ts';
import { rebuildTenantMatches } from './maintain-pairs.ts';
import type { MatchEnums } from './match-enums.ts';
import { forgetMatchSettings, matchScopeOf, matchSettingsOf } from './request-settings.ts';
import { agreementWeight, disagreementWeight } from './score-pair.ts';
import { MATCH_SIGNALS, SIGNAL_LEVELS, weightsWith, type MatchLevel, type MatchSignal } from './signals.ts';

/** Thresholds a tenant may set: well beyond any useful score, so only nonsense is refused. */
const THRESHOLD_BOUND = 100;
/** The smallest probability a weight may have: log2(1/1e-9) ≈ 30 is already a near-certainty. */
const MIN_PROBABILITY = 1e-9;
const MAX_WEIGHTS = MATCH_SIGNALS.reduce((count, signal) => count + SIGNAL_LEVELS[signal].length, 0);

interface WeightRow {
  signal: MatchSignal;
  level: MatchLevel;
  m: number;
  u: number;
  agreement: number;
  disagreement: number;
  tuned: boolean;
}

function weightRows(settings: MatchSettingsInForce): WeightRow[] {
  return MATCH_SIGNALS.flatMap((signal) =>
    SIGNAL_LEVELS[signal].map((level) => ({
      signal,
      level,
      ...settings.weights[signal][level]!,
      agreement: agreementWeight(settings.weights, signal, level),
      disagreement: disagreementWeight(settings.weights, signal),
      tuned: settings.overrides[signal]?.[level] !== undefined,
    })),
  );
}

interface SettingsInput {
  likelyThreshold?: number | null;
  possibleThreshold?: number | null;
  weights?: readonly { signal: MatchSignal; level: MatchLevel; m: number; u: number }[] | null;
  resetWeights?: boolean | null;
}

/** The settings an input asks for, every problem listed at once; the current ones otherwise. */
function checkedSettings(input: SettingsInput, current: MatchSettingsInForce) {
  const problems: FieldError[] = [];
  const threshold = (value: number | null | undefined, name: string, fallback: number) => {
    if (value === null || value === undefined) return fallback;
    if (!Number.isFinite(value) || Math.abs(value) > THRESHOLD_BOUND) problems.push({ path: ['input', name], message: `must be from -${THRESHOLD_BOUND} to ${THRESHOLD_BOUND}` });
    return value;
  };
  const likely = threshold(input.likelyThreshold, 'likelyThreshold', current.likely);
  const possible = threshold(input.possibleThreshold, 'possibleThreshold', current.possible);
  if (!(possible < likely)) problems.push({ path: ['input', 'possibleThreshold'], message: `must be below the likely threshold (${likely})` });

  const overrides: Record<string, Record<string, { m: number; u: number }>> = input.resetWeights ? {} : structuredClone(current.overrides);
  const seen = new Set<string>();
  for (const [index, weight] of (input.weights ?? []).entries()) {
    const path = ['input', 'weights', String(index)];
    const key = `${weight.signal}/${weight.level}`;
    if (seen.has(key)) problems.push({ path, message: `${key} is listed twice` });
    seen.add(key);
    if (!SIGNAL_LEVELS[weight.signal].includes(weight.level)) {
      problems.push({ path: [...path, 'level'], message: `${weight.signal} has the levels ${SIGNAL_LEVELS[weight.signal].join(', ')}` });
      continue;
    }
    if (!(Number.isFinite(weight.u) && Number.isFinite(weight.m) && MIN_PROBABILITY <= weight.u && weight.u < weight.m && weight.m < 1)) {
      problems.push({ path, message: `needs ${MIN_PROBABILITY} ≤ u < m < 1 (an agreement must say more for the same customer than for two)` });
      continue;
    }
    (overrides[weight.signal] ??= {})[weight.level] = { m: weight.m, u: weight.u };
  }
  const weights = weightsWith(overrides);
  for (const signal of MATCH_SIGNALS) {
    const levels = SIGNAL_LEVELS[signal];
    const total = (key: 'm' | 'u') => levels.reduce((sum, level) => sum + weights[signal][level]![key], 0);
    if (levels.length > 1 && (total('m') >= 1 || total('u') >= 1)) {
      problems.push({ path: ['input', 'weights'], message: `the levels of ${signal} must add up to less than 1 for m and for u (a disagreement must remain possible)` });
    }
  }
  if (problems.length > 0) throw new ValidationError(problems);
  return { overrides, likely, possible };
}

/** `MatchSettings`, `matchSettings` and `updateMatchSettings`. */
export function registerMatchSettings(builder: Builder, enums: MatchEnums): void {
  const Weight = builder.objectRef<WeightRow>('MatchWeight').implement({
    description: 'The Fellegi–Sunter probabilities of one level of agreement of one signal, and the weights they give.',
    fields: (t) => ({
      signal: t.field({ type: enums.Signal, description: 'What is compared.', resolve: (row) => row.signal }),
      level: t.field({ type: enums.Level, description: 'How close the agreement is.', resolve: (row) => row.level }),
      m: t.exposeFloat('m', { description: 'P(the records agree at this level | they are the same customer).' }),
      u: t.exposeFloat('u', { description: 'P(the records agree at this level | they are two customers).' }),
      agreement: t.exposeFloat('agreement', { description: 'What agreeing at this level adds to a score: log2(m/u).' }),
      disagreement: t.exposeFloat('disagreement', { description: "What disagreeing on the signal adds: log2((1 − Σm)/(1 − Σu)) over the signal's levels." }),
      tuned: t.exposeBoolean('tuned', { description: 'The tenant set these probabilities (false: the defaults).' }),
    }),
  });
  const Settings = builder.objectRef<MatchSettingsInForce>('MatchSettings').implement({
    description: "How your tenant's customers are matched: the weights of every signal and the two thresholds.",
    fields: (t) => ({
      likelyThreshold: t.exposeFloat('likely', { description: 'From this score a pair is a likely duplicate (the same customer).' }),
      possibleThreshold: t.exposeFloat('possible', { description: 'From this score (below the likely one) a pair is kept and offered for review; an import holds such a row.' }),
      weights: t.field({ type: [Weight], description: 'Every signal and level with its probabilities in force.', resolve: (settings) => weightRows(settings) }),
      updatedAt: t.expose('updatedAt', { type: 'DateTime', nullable: true, description: 'When the tenant last changed them; null while it uses the defaults.' }),
    }),
  });

  builder.queryFields((t) => ({
    matchSettings: t.field({
      type: Settings,
      authScopes: READ,
      description: "Your tenant's matching weights and thresholds.",
      resolve: (_root, _args, context) => matchSettingsOf(context),
    }),
  }));

  const WeightInput = builder.inputType('MatchWeightInput', {
    description: 'New probabilities for one level of one signal.',
    fields: (t) => ({
      signal: t.field({ type: enums.Signal, required: true, description: 'What is compared.' }),
      level: t.field({ type: enums.Level, required: true, description: 'How close the agreement is (EXACT; for NAME also HIGH or MEDIUM).' }),
      m: t.float({ required: true, description: 'P(agree at this level | same customer), above u and below 1.' }),
      u: t.float({ required: true, description: 'P(agree at this level | two customers), at least 1e-9.' }),
    }),
  });
  const Input = builder.inputType('UpdateMatchSettingsInput', {
    description: 'Only what is given changes; every pair of the tenant is then compared and scored again.',
    fields: (t) => ({
      likelyThreshold: t.float({ description: `Score from which a pair is a likely duplicate (−${THRESHOLD_BOUND} to ${THRESHOLD_BOUND}).` }),
      possibleThreshold: t.float({ description: 'Score from which a pair is kept for review; below the likely threshold.' }),
      weights: t.field({ type: [WeightInput], description: `Probabilities to set (at most ${MAX_WEIGHTS}, one per signal and level).`, extensions: { maxItems: MAX_WEIGHTS } }),
      resetWeights: t.boolean({ description: 'Back to the default probabilities first (then `weights` apply).' }),
    }),
  });
  const Payload = builder.objectRef<{ settings: MatchSettingsInForce; pairs: number }>('UpdateMatchSettingsPayload').implement({
    description: 'The settings in force and what rescoring kept.',
    fields: (t) => ({
      settings: t.field({ type: Settings, description: 'The settings as stored.', resolve: (payload) => payload.settings }),
      pairs: t.exposeInt('pairs', { description: 'Pairs kept (at or above the possible threshold) after every pair was scored again.' }),
    }),
  });

  builder.mutationFields((t) => ({
    updateMatchSettings: t.field({
      type: Payload,
      authScopes: MERGE,
      errors: { types: [ValidationError] },
      description: "Tunes the tenant's matching (m and u per signal and level, the thresholds) and rebuilds its duplicate pairs with them; dismissed pairs stay dismissed.",
      args: { input: t.arg({ type: Input, required: true, description: 'What changes.' }) },
      resolve: async (_root, args, context) => {
        const settings = checkedSettings(args.input as SettingsInput, await matchSettingsOf(context));
        const scope = { ...matchScopeOf(context), now: context.clock.now() };
        const summary = await context.mutate(async () => {
          await writeMatchSettings(scope, settings, scope.now);
          return rebuildTenantMatches(scope);
        });
        forgetMatchSettings(context);
        return { settings: await matchSettingsOf(context), pairs: summary.kept };
      },
    }),
  }));
}
