// The signals two customer records are compared on, and how much each says (Fellegi–Sunter):
// for each level of agreement an m probability (records of the same customer agree so) and a u
// probability (records of two different customers agree so). Agreement at a level adds
// log2(m/u); disagreement adds log2((1 − Σm)/(1 − Σu)) over the signal's levels; a value missing on
// either side adds nothing. docs/decisions/2026-12-07-duplicate-matching.md gives the reasons.

export const MATCH_SIGNALS = [
  'EMAIL',
  'PHONE',
  'TAX_ID',
  'EXTERNAL_REF',
  'NAME',
  'NAME_SOUND',
  'BIRTH_DATE',
  'ADDRESS',
  'POSTAL_CODE',
  'ORGANIZATION',
] as const;
export type MatchSignal = (typeof MATCH_SIGNALS)[number];

/** How close an agreement is: every signal has EXACT; names also HIGH and MEDIUM similarity. */
export const MATCH_LEVELS = ['EXACT', 'HIGH', 'MEDIUM'] as const;
export type MatchLevel = (typeof MATCH_LEVELS)[number];

export const MATCH_OUTCOMES = ['AGREE', 'PARTIAL', 'DISAGREE', 'MISSING'] as const;
export type MatchOutcome = (typeof MATCH_OUTCOMES)[number];

export interface Probabilities {
  /** P(agree at this level | same customer). */
  m: number;
  /** P(agree at this level | different customers). */
  u: number;
}

/** Per signal, per level: the probabilities in force (defaults overridden by the tenant's). */
export type MatchWeights = Readonly<Record<MatchSignal, Readonly<Partial<Record<MatchLevel, Probabilities>>>>>;

/** The levels each signal has: names are graded, everything else agrees exactly or not. */
export const SIGNAL_LEVELS: Readonly<Record<MatchSignal, readonly MatchLevel[]>> = {
  EMAIL: ['EXACT'],
  PHONE: ['EXACT'],
  TAX_ID: ['EXACT'],
  EXTERNAL_REF: ['EXACT'],
  NAME: ['EXACT', 'HIGH', 'MEDIUM'],
  NAME_SOUND: ['EXACT'],
  BIRTH_DATE: ['EXACT'],
  ADDRESS: ['EXACT'],
  POSTAL_CODE: ['EXACT'],
  ORGANIZATION: ['EXACT'],
};

export const DEFAULT_WEIGHTS: MatchWeights = {
  EMAIL: { EXACT: { m: 0.6, u: 0.00001 } },
  PHONE: { EXACT: { m: 0.6, u: 0.00005 } },
  TAX_ID: { EXACT: { m: 0.95, u: 0.000001 } },
  EXTERNAL_REF: { EXACT: { m: 0.3, u: 0.000001 } },
  NAME: { EXACT: { m: 0.7, u: 0.0005 }, HIGH: { m: 0.22, u: 0.001 }, MEDIUM: { m: 0.07, u: 0.01 } },
  NAME_SOUND: { EXACT: { m: 0.6, u: 0.003 } },
  BIRTH_DATE: { EXACT: { m: 0.95, u: 0.00005 } },
  ADDRESS: { EXACT: { m: 0.6, u: 0.0002 } },
  POSTAL_CODE: { EXACT: { m: 0.25, u: 0.005 } },
  ORGANIZATION: { EXACT: { m: 0.3, u: 0.002 } },
};

/** Score (log2 of the odds ratio) from which a pair is the same customer, unless the tenant tunes it. */
export const DEFAULT_LIKELY_THRESHOLD = 16;
/** Score from which a pair is worth a look (kept, offered for review); below it pairs are not kept. */
export const DEFAULT_POSSIBLE_THRESHOLD = 8;

/** One signal of a compared pair: how it came out and what it added to the score. */
export interface MatchSignalResult {
  signal: MatchSignal;
  outcome: MatchOutcome;
  /** The level of an agreement (AGREE is EXACT; PARTIAL is HIGH or MEDIUM); null otherwise. */
  level: MatchLevel | null;
  /** log2 of the likelihood ratio this outcome contributes (0 when missing). */
  contribution: number;
  /** A short reason a person reads: "same e-mail ana.garcia@gmail.com", "names 0.86 similar". */
  detail: string;
}

/** The weights in force: the defaults with the tenant's overrides (per signal and level) on top. */
export function weightsWith(overrides: unknown): MatchWeights {
  const merged = Object.fromEntries(MATCH_SIGNALS.map((signal) => [signal, { ...DEFAULT_WEIGHTS[signal] }])) as Record<MatchSignal, Partial<Record<MatchLevel, Probabilities>>>;
  if (overrides && typeof overrides === 'object') {
    for (const [signal, levels] of Object.entries(overrides as Record<string, unknown>)) {
      if (!(MATCH_SIGNALS as readonly string[]).includes(signal) || !levels || typeof levels !== 'object') continue;
      for (const [level, value] of Object.entries(levels as Record<string, unknown>)) {
        if (!SIGNAL_LEVELS[signal as MatchSignal].includes(level as MatchLevel)) continue;
        const { m, u } = (value ?? {}) as Partial<Probabilities>;
        if (typeof m === 'number' && typeof u === 'number') merged[signal as MatchSignal][level as MatchLevel] = { m, u };
      }
    }
  }
  return merged;
}
