import type { Builder } from '../../../src/plugin-api.ts';
import { MATCH_LEVELS, MATCH_OUTCOMES, MATCH_SIGNALS, type MatchLevel, type MatchOutcome, type MatchSignal } from './signals.ts';

const SIGNALS: Record<MatchSignal, string> = {
  EMAIL: 'An e-mail address as its provider reads it (case; dots and +tags where Gmail and others ignore them).',
  PHONE: 'A phone number (E.164).',
  TAX_ID: 'The tax id, without spaces, dashes or an EU VAT country prefix.',
  EXTERNAL_REF: 'The same id in another system, whatever the source it came from.',
  NAME: "The name, accents folded: a person's first and last names compared each on its own (also swapped) by Jaro–Winkler, an organization's whole name (legal form dropped) by trigram similarity.",
  NAME_SOUND: 'The Double Metaphone codes of both names (compared when the spelling is not already exactly or highly alike).',
  BIRTH_DATE: 'The date of birth.',
  ADDRESS: 'A postal address: postal code and street with its number, abbreviations folded (c/ is calle).',
  POSTAL_CODE: 'A postal code (compared when no address is the same).',
  ORGANIZATION: 'Membership of the same organization.',
};

const OUTCOMES: Record<MatchOutcome, string> = {
  AGREE: 'Both records have the value and it is the same: adds log2(m/u).',
  PARTIAL: 'The values are alike but not the same (names highly or somewhat similar): adds log2(m/u) of that level.',
  DISAGREE: 'Both records have a value and they differ: adds log2((1 − m)/(1 − u)), a negative weight.',
  MISSING: 'One record lacks the value (or another signal already counts it): adds nothing.',
};

const LEVELS: Record<MatchLevel, string> = {
  EXACT: 'The same value.',
  HIGH: 'Names highly alike (a typo, an accent, swapped first and last name, a dropped second surname).',
  MEDIUM: 'Names somewhat alike.',
};

/** The enums of matching: signals, outcomes, agreement levels and the two likelihoods. */
export function registerMatchEnums(builder: Builder) {
  const describe = <Value extends string>(descriptions: Record<Value, string>) =>
    Object.fromEntries(Object.entries(descriptions).map(([value, description]) => [value, { description }])) as Record<Value, { description: string }>;
  return {
    Signal: builder.enumType('MatchSignalKind', {
      description: 'What two customer records are compared on.',
      values: describe(Object.fromEntries(MATCH_SIGNALS.map((signal) => [signal, SIGNALS[signal]])) as Record<MatchSignal, string>),
    }),
    Outcome: builder.enumType('MatchOutcome', {
      description: 'How one signal of a compared pair came out.',
      values: describe(Object.fromEntries(MATCH_OUTCOMES.map((outcome) => [outcome, OUTCOMES[outcome]])) as Record<MatchOutcome, string>),
    }),
    Level: builder.enumType('MatchLevel', {
      description: 'How close an agreement is; every signal has EXACT, names also HIGH and MEDIUM.',
      values: describe(Object.fromEntries(MATCH_LEVELS.map((level) => [level, LEVELS[level]])) as Record<MatchLevel, string>),
    }),
    Likelihood: builder.enumType('DuplicateLikelihood', {
      description: "Where a pair's score stands against the tenant's thresholds.",
      values: {
        LIKELY: { description: 'At or above the likely threshold: the same customer.' },
        POSSIBLE: { description: 'Between the possible and the likely thresholds: uncertain, worth a look.' },
      },
    }),
  };
}

export type MatchEnums = ReturnType<typeof registerMatchEnums>;
