import { formatCents } from '../../../src/plugin-api.ts';

/** Whole cents (bigint text from SQL) as decimal text with two decimals: "-12345" → "-123.45". */
export function centsText(cents: string | bigint): string {
  return formatCents(BigInt(cents));
}

/** (revenue − cost) / cost, or null without a cost to return on. */
export function returnOnCost(revenue: number, cost: number): number | null {
  return cost > 0 ? (revenue - cost) / cost : null;
}
