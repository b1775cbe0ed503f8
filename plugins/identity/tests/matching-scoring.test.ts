import { describe, expect, it } from 'vitest';
import { compareNames } from '../matching/compare-names.ts';
import { editSimilarity, jaroWinkler } from '../matching/jaro-winkler.ts';
import { disagreementWeight, scorePair } from '../matching/score-pair.ts';
import { DEFAULT_WEIGHTS, weightsWith } from '../matching/signals.ts';
import type { PairFeatures } from '../store/match-candidates.ts';

// The pure parts of matching: string similarity, name levels, Fellegi–Sunter arithmetic.

const NOTHING_SHARED: PairFeatures = {
  left: 'a',
  right: 'b',
  kind: 'PERSON',
  nameA: '',
  nameB: '',
  firstA: null,
  firstB: null,
  lastA: null,
  lastB: null,
  firstSoundA: null,
  firstSoundB: null,
  lastSoundA: null,
  lastSoundB: null,
  birthA: null,
  birthB: null,
  taxA: null,
  taxB: null,
  nameSimilarity: 0,
  sharedEmail: null,
  bothEmail: false,
  sharedPhone: null,
  bothPhone: false,
  sharedRef: null,
  bothRef: false,
  sharedAddress: null,
  bothAddress: false,
  sharedPostalCode: null,
  bothPostalCode: false,
  sharedOrganization: null,
  bothOrganization: false,
};

describe('string similarity', () => {
  it("matches Winkler's published Jaro–Winkler values", () => {
    // Winkler (1990) / the usual textbook pairs.
    expect(jaroWinkler('martha', 'marhta')).toBeCloseTo(0.961, 3);
    expect(jaroWinkler('dwayne', 'duane')).toBeCloseTo(0.84, 3);
    expect(jaroWinkler('dixon', 'dicksonx')).toBeCloseTo(0.813, 3);
    expect(jaroWinkler('abc', 'xyz')).toBe(0);
    expect(jaroWinkler('same', 'same')).toBe(1);
  });

  it('edit similarity forgives a letter inserted early in a long name', () => {
    expect(editSimilarity('ramirez alanis', 'raamirez alanis')).toBeCloseTo(1 - 1 / 15, 9);
    expect(editSimilarity('kitten', 'sitting')).toBeCloseTo(1 - 3 / 7, 9);
  });
});

describe('name levels', () => {
  const person = (first: string, last: string) => ({ name: `${first} ${last}`, first, last });

  it('grades typos, swaps and a dropped surname, and refuses another first name', () => {
    expect(compareNames(person('ana', 'garcia lopez'), person('ana', 'garcia lopez'), 1).level).toBe('EXACT');
    expect(compareNames(person('ana', 'garcia lopez'), person('ana', 'garica lopez'), 0.6).level).toBe('HIGH');
    expect(compareNames(person('ana', 'garcia lopez'), person('garcia lopez', 'ana'), 1)).toMatchObject({ level: 'HIGH', swapped: true });
    expect(compareNames(person('ana', 'garcia lopez'), person('ana', 'garcia'), 0.6).level).toBe('HIGH');
    expect(compareNames(person('maria', 'garcia'), person('mario', 'garcia'), 0.6).level).toBe('MEDIUM');
    expect(compareNames(person('ana', 'garcia lopez'), person('pedro', 'garcia lopez'), 0.5).level).toBeNull();
  });

  it('compares organizations by trigram similarity of the whole name', () => {
    const organization = (name: string) => ({ name, first: null, last: null });
    expect(compareNames(organization('acme iberia'), organization('acme iberia'), 1).level).toBe('EXACT');
    expect(compareNames(organization('acme iberia'), organization('acme iberica'), 0.8).level).toBe('HIGH');
    expect(compareNames(organization('acme iberia'), organization('acme'), 0.4).level).toBeNull();
  });
});

describe('Fellegi–Sunter scores', () => {
  it('adds nothing for what one side lacks', () => {
    const scored = scorePair(NOTHING_SHARED, DEFAULT_WEIGHTS);
    expect(scored.score).toBe(0);
    expect(scored.signals.every((signal) => signal.outcome === 'MISSING' && signal.contribution === 0)).toBe(true);
  });

  it('subtracts log2((1 − Σm)/(1 − Σu)) for each disagreement', () => {
    const scored = scorePair(
      {
        ...NOTHING_SHARED,
        nameA: 'ana garcia',
        nameB: 'pedro lopez',
        firstA: 'ana',
        lastA: 'garcia',
        firstB: 'pedro',
        lastB: 'lopez',
        firstSoundA: 'AN',
        lastSoundA: 'KRS',
        firstSoundB: 'PTR',
        lastSoundB: 'LPS',
        bothEmail: true,
        birthA: '1980-01-01',
        birthB: '1981-01-01',
      },
      DEFAULT_WEIGHTS,
    );
    const rounded = (value: number) => Math.round(value * 1000) / 1000;
    const expected = {
      EMAIL: rounded(Math.log2(0.4 / 0.99999)),
      NAME: rounded(Math.log2((1 - 0.7 - 0.22 - 0.07) / (1 - 0.0005 - 0.001 - 0.01))),
      NAME_SOUND: rounded(Math.log2(0.4 / 0.997)),
      BIRTH_DATE: rounded(Math.log2(0.05 / 0.99995)),
    };
    const contributions = Object.fromEntries(scored.signals.filter((signal) => signal.outcome === 'DISAGREE').map((signal) => [signal.signal, signal.contribution]));
    expect(contributions).toEqual(expected);
    expect(scored.score).toBeCloseTo(Object.values(expected).reduce((sum, value) => sum + value, 0), 9);
  });

  it('counts an address once: the postal code of the same address adds nothing more', () => {
    const scored = scorePair({ ...NOTHING_SHARED, sharedAddress: '28013|gran via 12', bothAddress: true, sharedPostalCode: '28013', bothPostalCode: true }, DEFAULT_WEIGHTS);
    const postal = scored.signals.find((signal) => signal.signal === 'POSTAL_CODE')!;
    expect(postal).toMatchObject({ outcome: 'MISSING', contribution: 0 });
    expect(scored.signals.find((signal) => signal.signal === 'ADDRESS')).toMatchObject({ outcome: 'AGREE', detail: 'same address 28013 gran via 12' });
  });

  it("takes a tenant's overrides per signal and level, and ignores unknown ones", () => {
    const weights = weightsWith({ NAME: { HIGH: { m: 0.2, u: 0.002 } }, NOPE: { EXACT: { m: 0.5, u: 0.1 } }, EMAIL: { HIGH: { m: 0.5, u: 0.1 } } });
    expect(weights.NAME.HIGH).toEqual({ m: 0.2, u: 0.002 });
    expect(weights.NAME.EXACT).toEqual(DEFAULT_WEIGHTS.NAME.EXACT);
    expect(weights.EMAIL).toEqual(DEFAULT_WEIGHTS.EMAIL);
    expect(disagreementWeight(weights, 'NAME')).toBe(Math.round(Math.log2((1 - 0.7 - 0.2 - 0.07) / (1 - 0.0005 - 0.002 - 0.01)) * 1000) / 1000);
  });
});
