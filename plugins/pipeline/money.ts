import { z } from 'zod';
import { centsOf, formatCents } from '../../src/plugin-api.ts';

export { amountSchema, centsOf, currencySchema, formatCents } from '../../src/plugin-api.ts';

// The core reads and writes money (src/money.ts); what only sales needs of it is here.

/** A percentage from 0 to 100 with at most two decimals, e.g. "12.5". */
export const percentSchema = z
  .string()
  .trim()
  .refine((text) => /^\d{1,3}(\.\d{1,2})?$/.test(text) && Number(text) <= 100, 'must be a percentage from 0 to 100 with at most 2 decimals, e.g. "12.50"')
  .transform((text) => formatCents(centsOf(text)));

/** amount × probability %, rounded half up to the cent: what PostgreSQL's round(amount * p / 100, 2) gives for amounts ≥ 0. */
export function weightedCents(cents: bigint, probability: number): bigint {
  return (cents * BigInt(probability) + 50n) / 100n;
}

/** Money as the API answers it: decimal text with two decimals, or null. */
export function moneyText(value: { toFixed(digits: number): string } | null | undefined): string | null {
  return value === null || value === undefined ? null : value.toFixed(2);
}
