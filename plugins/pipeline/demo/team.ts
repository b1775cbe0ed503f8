import type { Weighted } from './random.ts';

/** The demo tenant's sales reps (the `sub` of their tokens), as the profile demo assigns customers to them. */
export const SALES_REPS: Weighted<string> = [
  ['user-ana', 25],
  ['user-marc', 20],
  ['user-lucia', 18],
  ['user-jordi', 15],
  ['user-sofia', 12],
  ['user-david', 10],
];

export const REP_IDS: ReadonlySet<string> = new Set(SALES_REPS.map(([rep]) => rep));
