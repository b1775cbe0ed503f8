import { editSimilarity, jaroWinkler } from './jaro-winkler.ts';

/** How two names compare: the level of agreement (or none), how alike they are, and why. */
export interface NameComparison {
  level: 'EXACT' | 'HIGH' | 'MEDIUM' | null;
  similarity: number;
  swapped: boolean;
}

/** Similarity from which a person's first and last names both count as highly / somewhat alike. */
export const PERSON_HIGH = 0.93;
export const PERSON_MEDIUM = 0.86;
/** Trigram similarity from which two organizations' names count as highly / somewhat alike. */
export const ORGANIZATION_HIGH = 0.75;
export const ORGANIZATION_MEDIUM = 0.55;

/**
 * A part of a name compared: the better of Jaro–Winkler and edit similarity; a compound part that
 * begins with the other one counts as almost equal.
 */
export function partSimilarity(left: string, right: string): number {
  const similarity = Math.max(jaroWinkler(left, right), editSimilarity(left, right));
  const leftFirst = left.split(' ')[0]!;
  const rightFirst = right.split(' ')[0]!;
  // "garcia lopez" and "garcia", "maria jose" and "maria": the second surname or name was dropped.
  if (left !== right && leftFirst === rightFirst && (left === leftFirst || right === rightFirst)) return Math.max(similarity, 0.95);
  return similarity;
}

/**
 * Compares the name keys of two records. A person's first and last names are compared each on
 * its own (also swapped): a typo in one keeps the level high, while a different first name (two
 * members of a family) is a disagreement whatever the surname. Organizations and people known by
 * one name only are compared whole, by trigram similarity.
 */
export function compareNames(
  a: { name: string; first: string | null; last: string | null },
  b: { name: string; first: string | null; last: string | null },
  trigramSimilarity: number,
): NameComparison {
  if (a.name !== '' && a.name === b.name) return { level: 'EXACT', similarity: 1, swapped: false };
  if (a.first && a.last && b.first && b.last) {
    const straight = Math.min(partSimilarity(a.first, b.first), partSimilarity(a.last, b.last));
    const crossed = Math.min(partSimilarity(a.first, b.last), partSimilarity(a.last, b.first));
    const swapped = crossed > straight;
    const similarity = Math.max(straight, crossed);
    const level = similarity >= PERSON_HIGH ? 'HIGH' : similarity >= PERSON_MEDIUM ? 'MEDIUM' : null;
    return { level, similarity, swapped };
  }
  const level = trigramSimilarity >= ORGANIZATION_HIGH ? 'HIGH' : trigramSimilarity >= ORGANIZATION_MEDIUM ? 'MEDIUM' : null;
  return { level, similarity: trigramSimilarity, swapped: false };
}
