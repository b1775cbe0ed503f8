import type { Builder } from '../../src/plugin-api.ts';
import { centsOf, formatCents } from './money.ts';

/** Deals added up in one currency: sums are never made across currencies. */
export interface MoneyTotal {
  currency: string;
  count: number;
  /** Decimal text, e.g. "125000.00". */
  amount: string;
  weightedAmount: string;
}

export function registerMoneyTotal(builder: Builder) {
  return builder.objectRef<MoneyTotal>('PipelineMoneyTotal').implement({
    description: 'Opportunities in one currency added up: their count, their amounts, and amount × probability (each deal rounded to the cent, then summed).',
    fields: (t) => ({
      currency: t.exposeString('currency', { description: 'ISO 4217.' }),
      count: t.exposeInt('count', { description: 'Opportunities in this currency, with or without an amount.' }),
      amount: t.exposeString('amount', { description: 'Sum of the amounts, e.g. "125000.00".' }),
      weightedAmount: t.exposeString('weightedAmount', { description: 'Sum of amount × probability.' }),
    }),
  });
}

/** Adds totals per currency (exactly, in cents); the result is ordered by currency. */
export function addTotals(totals: readonly MoneyTotal[]): MoneyTotal[] {
  const byCurrency = new Map<string, { count: number; amount: bigint; weighted: bigint }>();
  for (const total of totals) {
    const sum = byCurrency.get(total.currency) ?? { count: 0, amount: 0n, weighted: 0n };
    sum.count += total.count;
    sum.amount += centsOf(total.amount);
    sum.weighted += centsOf(total.weightedAmount);
    byCurrency.set(total.currency, sum);
  }
  return [...byCurrency]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([currency, sum]) => ({ currency, count: sum.count, amount: formatCents(sum.amount), weightedAmount: formatCents(sum.weighted) }));
}
