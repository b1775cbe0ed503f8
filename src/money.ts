import { z } from 'zod';

// Money travels as decimal text ("1250.00") and is added up in PostgreSQL's numeric or in whole
// cents, never in floats: the one way every area reads, checks and writes amounts.

const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));
/** numeric(14, 2): twelve digits before the point. */
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

/** "1250.5" → 125050n, "-3.2" → -320n. Only for text that passed amountSchema or came from a numeric column. */
export function centsOf(text: string): bigint {
  const negative = text.startsWith('-');
  const [whole, fraction = ''] = text.replace('-', '').split('.');
  const cents = BigInt(whole!) * 100n + BigInt((fraction + '00').slice(0, 2));
  return negative ? -cents : cents;
}

/** Whole cents as decimal text with two decimals: -12345n → "-123.45". */
export function formatCents(cents: bigint): string {
  const sign = cents < 0n ? '-' : '';
  const absolute = cents < 0n ? -cents : cents;
  return `${sign}${absolute / 100n}.${(absolute % 100n).toString().padStart(2, '0')}`;
}
