import { distance } from 'fastest-levenshtein';

/**
 * Jaro–Winkler similarity (0–1) of two strings: the record-linkage measure for short names, where
 * a transposition or a dropped letter ("garcia", "garica") keeps most of the likeness that
 * trigrams lose. Winkler's prefix bonus: 0.1 per common leading character, at most four. Written
 * here: of the packages offering it, one departs from Winkler's definition and the others are
 * unmaintained or a whole language toolkit (docs/decisions/2026-12-07-duplicate-matching.md).
 */
export function jaroWinkler(left: string, right: string): number {
  if (left === right) return left.length === 0 ? 0 : 1;
  if (left.length === 0 || right.length === 0) return 0;
  const window = Math.max(0, Math.floor(Math.max(left.length, right.length) / 2) - 1);
  const leftMatched = new Array<boolean>(left.length).fill(false);
  const rightMatched = new Array<boolean>(right.length).fill(false);
  let matches = 0;
  for (let i = 0; i < left.length; i++) {
    const from = Math.max(0, i - window);
    const to = Math.min(right.length - 1, i + window);
    for (let j = from; j <= to; j++) {
      if (rightMatched[j] || left[i] !== right[j]) continue;
      leftMatched[i] = rightMatched[j] = true;
      matches++;
      break;
    }
  }
  if (matches === 0) return 0;
  let transpositions = 0;
  let j = 0;
  for (let i = 0; i < left.length; i++) {
    if (!leftMatched[i]) continue;
    while (!rightMatched[j]) j++;
    if (left[i] !== right[j]) transpositions++;
    j++;
  }
  const jaro = (matches / left.length + matches / right.length + (matches - transpositions / 2) / matches) / 3;
  let prefix = 0;
  while (prefix < Math.min(4, left.length, right.length) && left[prefix] === right[prefix]) prefix++;
  return jaro + prefix * 0.1 * (1 - jaro);
}

/**
 * 1 − Levenshtein distance / the longer length: an inserted or dropped letter early in a long
 * name ("raamirez alanis") shifts every later letter, which Jaro counts against it and this does not.
 */
export function editSimilarity(left: string, right: string): number {
  const longer = Math.max(left.length, right.length);
  return longer === 0 ? 0 : 1 - distance(left, right) / longer;
}
