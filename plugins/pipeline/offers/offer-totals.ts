import { formatCents } from '../money.ts';

/** A line as stored: quantity with up to 3 decimals, unit price and discount with up to 2. */
export interface PricedLine {
  quantity: { toFixed(digits: number): string };
  unitPrice: { toFixed(digits: number): string };
  discountPercent: { toFixed(digits: number): string };
}

export interface OfferTotals {
  /** Σ quantity × unit price, each line rounded to the cent. */
  subtotal: string;
  /** subtotal − total. */
  discount: string;
  /** Σ line totals. */
  total: string;
}

const scaled = (value: { toFixed(digits: number): string }, digits: number) => BigInt(value.toFixed(digits).replace('.', ''));

/** Half up to the nearest unit of `divisor` (every value here is ≥ 0). */
const divideRounded = (numerator: bigint, divisor: bigint) => (numerator * 2n + divisor) / (divisor * 2n);

/**
 * A line's value in cents before and after its discount: quantity × unit price × (100 − discount)
 * %, rounded half up to the cent, computed exactly in integers (thousandths of a unit, cents,
 * hundredths of a percent).
 */
export function lineCents(line: PricedLine): { gross: bigint; net: bigint } {
  const quantityMilli = scaled(line.quantity, 3);
  const priceCents = scaled(line.unitPrice, 2);
  const discountBasis = scaled(line.discountPercent, 2);
  return {
    gross: divideRounded(quantityMilli * priceCents, 1000n),
    net: divideRounded(quantityMilli * priceCents * (10_000n - discountBasis), 1000n * 10_000n),
  };
}

export function lineTotal(line: PricedLine): string {
  return formatCents(lineCents(line).net);
}

/** An offer's figures from its lines: never typed in, always what the lines add up to. */
export function offerTotals(lines: readonly PricedLine[]): OfferTotals {
  let gross = 0n;
  let net = 0n;
  for (const line of lines) {
    const cents = lineCents(line);
    gross += cents.gross;
    net += cents.net;
  }
  return { subtotal: formatCents(gross), discount: formatCents(gross - net), total: formatCents(net) };
}
