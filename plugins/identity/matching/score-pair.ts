import type { PairFeatures } from '../store/match-candidates.ts';
import { compareNames } from './compare-names.ts';
import { SIGNAL_LEVELS, type MatchLevel, type MatchSignal, type MatchSignalResult, type MatchWeights } from './signals.ts';

export interface ScoredPair {
  score: number;
  signals: MatchSignalResult[];
}

// Contributions are kept to three decimals: a score is then exactly their sum, as a person adds it.
const round = (value: number) => Math.round(value * 1000) / 1000;

/** log2(m/u) of an agreement at `level`. */
export function agreementWeight(weights: MatchWeights, signal: MatchSignal, level: MatchLevel): number {
  const { m, u } = weights[signal][level]!;
  return round(Math.log2(m / u));
}

/** log2((1 − Σm)/(1 − Σu)) over the signal's levels. */
export function disagreementWeight(weights: MatchWeights, signal: MatchSignal): number {
  let m = 0;
  let u = 0;
  for (const level of SIGNAL_LEVELS[signal]) {
    m += weights[signal][level]!.m;
    u += weights[signal][level]!.u;
  }
  return round(Math.log2((1 - m) / (1 - u)));
}

type Outcome = { level: MatchLevel; detail: string } | { disagree: string } | { missing: string };

/** Scores one compared pair: every signal's outcome and contribution, and their sum. */
export function scorePair(pair: PairFeatures, weights: MatchWeights): ScoredPair {
  const signals: MatchSignalResult[] = [];
  const add = (signal: MatchSignal, outcome: Outcome) => {
    if ('level' in outcome) {
      signals.push({
        signal,
        outcome: outcome.level === 'EXACT' ? 'AGREE' : 'PARTIAL',
        level: outcome.level,
        contribution: agreementWeight(weights, signal, outcome.level),
        detail: outcome.detail,
      });
    } else if ('disagree' in outcome) {
      signals.push({ signal, outcome: 'DISAGREE', level: null, contribution: disagreementWeight(weights, signal), detail: outcome.disagree });
    } else {
      signals.push({ signal, outcome: 'MISSING', level: null, contribution: 0, detail: outcome.missing });
    }
  };
  const shared = (value: string | null, both: boolean, same: string, different: string, missing: string): Outcome =>
    value !== null ? { level: 'EXACT', detail: `${same} ${value}` } : both ? { disagree: different } : { missing };

  add('EMAIL', shared(pair.sharedEmail, pair.bothEmail, 'same e-mail', 'different e-mails', 'no e-mail on one side'));
  add('PHONE', shared(pair.sharedPhone, pair.bothPhone, 'same phone', 'different phones', 'no phone on one side'));
  add(
    'TAX_ID',
    pair.taxA && pair.taxB
      ? pair.taxA === pair.taxB
        ? { level: 'EXACT', detail: `same tax id ${pair.taxA}` }
        : { disagree: `different tax ids (${pair.taxA} / ${pair.taxB})` }
      : { missing: 'no tax id on one side' },
  );
  add('EXTERNAL_REF', shared(pair.sharedRef, pair.bothRef, 'same external id', 'different external ids', 'no external id on one side'));

  const name = compareNames({ name: pair.nameA, first: pair.firstA, last: pair.lastA }, { name: pair.nameB, first: pair.firstB, last: pair.lastB }, pair.nameSimilarity);
  const names = `${pair.nameA} / ${pair.nameB}`;
  if (name.level === 'EXACT') add('NAME', { level: 'EXACT', detail: `same name ${pair.nameA}` });
  else if (name.level) add('NAME', { level: name.level, detail: `names ${name.similarity.toFixed(2)} alike${name.swapped ? ', first and last swapped' : ''} (${names})` });
  else if (pair.nameA && pair.nameB) add('NAME', { disagree: `different names (${names})` });
  else add('NAME', { missing: 'no name on one side' });

  add('NAME_SOUND', nameSound(pair, name.level));
  add(
    'BIRTH_DATE',
    pair.birthA && pair.birthB
      ? pair.birthA === pair.birthB
        ? { level: 'EXACT', detail: `same birth date ${pair.birthA}` }
        : { disagree: `different birth dates (${pair.birthA} / ${pair.birthB})` }
      : { missing: 'no birth date on one side' },
  );
  const address = shared(pair.sharedAddress?.replace('|', ' ') ?? null, pair.bothAddress, 'same address', 'different addresses', 'no address on one side');
  add('ADDRESS', address);
  // The same address is the same postal code: counting both would count one fact twice.
  add(
    'POSTAL_CODE',
    'level' in address ? { missing: 'counted in the address' } : shared(pair.sharedPostalCode, pair.bothPostalCode, 'same postal code', 'different postal codes', 'no postal code on one side'),
  );
  add(
    'ORGANIZATION',
    pair.sharedOrganization !== null
      ? { level: 'EXACT', detail: 'members of the same organization' }
      : pair.bothOrganization
        ? { disagree: 'members of different organizations' }
        : { missing: 'no organization on one side' },
  );

  return { score: round(signals.reduce((sum, signal) => sum + signal.contribution, 0)), signals };
}

/**
 * The sound of the names tells something only when their spelling does not already: it is
 * compared when the names are not exactly or highly alike (a typo that changes every trigram).
 */
function nameSound(pair: PairFeatures, nameLevel: MatchLevel | null): Outcome {
  if (nameLevel === 'EXACT' || nameLevel === 'HIGH') return { missing: 'counted in the name' };
  const a = [pair.firstSoundA, pair.lastSoundA];
  const b = [pair.firstSoundB, pair.lastSoundB];
  if (!a[0] || !a[1] || !b[0] || !b[1]) return { missing: 'no first and last name on one side' };
  if ((a[0] === b[0] && a[1] === b[1]) || (a[0] === b[1] && a[1] === b[0])) return { level: 'EXACT', detail: `names sound alike (${a[0]} ${a[1]})` };
  return { disagree: `names sound different (${a.join(' ')} / ${b.join(' ')})` };
}
