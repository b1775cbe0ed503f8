import { z } from 'zod';

/** Amounts travel as decimal text ("1250.00") and are added up in PostgreSQL's numeric or in whole cents here, never in floats. */

const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));
const MAX_AMOUNT_DIGITS = 12;

export const currencySchema = z
  .string()
  .trim()
  .refine((code) => /^[A-Z]{3}$/.test(code) && CURRENCIES.has(code), 'must be an ISO 4217 currency code in capitals, e.g. "EUR"');

/** A non-negative amount with at most two decimals, normalized to exactly two ("1250" → "1250.00"). */
export const amountSchema = z
  .string()
  .trim()
  .refine((text) => /^\d+(\.\d{1,2})?$/.test(text), 'must be a decimal number of at least 0 with at most 2 decimals, e.g. "1250.00"')
  .refine((text) => text.split('.')[0]!.replace(/^0+(?=\d)/, '').length <= MAX_AMOUNT_DIGITS, `must be below 10^${MAX_AMOUNT_DIGITS}`)
  .transform((text) => formatCents(centsOf(text)));

/** A percentage from 0 to 100 with at most two decimals, e.g. "12.5". */
export const percentSchema = z
  .string()
  .trim()
  .refine((text) => /^\d{1,3}(\.\d{1,2})?$/.test(text) && Number(text) <= 100, 'must be a percentage from 0 to 100 with at most 2 decimals, e.g. "12.50"')
  .transform((text) => formatCents(centsOf(text)));

/** "1250.5" → 125050n. Only for text that passed amountSchema or came from a numeric column. */
export function centsOf(text: string): bigint {
  const [whole, fraction = ''] = text.split('.');
  return BigInt(whole!) * 100n + BigInt((fraction + '00').slice(0, 2));
}

export function formatCents(cents: bigint): string {
  const sign = cents < 0n ? '-' : '';
  const absolute = cents < 0n ? -cents : cents;
  return `${sign}${absolute / 100n}.${(absolute % 100n).toString().padStart(2, '0')}`;
}

/** amount × probability %, rounded half up to the cent: what PostgreSQL's round(amount * p / 100, 2) gives for amounts ≥ 0. */
export function weightedCents(cents: bigint, probability: number): bigint {
  return (cents * BigInt(probability) + 50n) / 100n;
}

/** Money as the API answers it: decimal text with two decimals, or null. */
export function moneyText(value: { toFixed(digits: number): string } | null | undefined): string | null {
  return value === null || value === undefined ? null : value.toFixed(2);
}
