import type { PurchaseSummary } from '../../interactions/plugin.ts';
import type { CustomerPurchaseSummary } from './models/lifetime-value.ts';

const DAY_MS = 86_400_000;

/** A customer's purchases in the scoring currency, as the models and the RFM inputs read them. */
export interface CustomerHistory {
  customerId: string;
  purchases: number;
  /** Sum of the purchases (a decimal as text). */
  total: string;
  /** Whole days from the last purchase to the scoring instant. */
  recencyDays: number;
  /** In days: x = purchases − 1, tx = last − first, T = now − first. */
  model: CustomerPurchaseSummary;
}

/** The interactions area's summary in the models' terms, at `now`, times in days. */
export function historyOf(summary: PurchaseSummary, now: Date): CustomerHistory {
  const first = summary.firstPurchaseAt.getTime();
  const last = summary.lastPurchaseAt.getTime();
  return {
    customerId: summary.customerId,
    purchases: summary.purchases,
    total: summary.total,
    recencyDays: Math.floor((now.getTime() - last) / DAY_MS),
    model: {
      x: summary.purchases - 1,
      tx: (last - first) / DAY_MS,
      T: (now.getTime() - first) / DAY_MS,
      averageRepeatValue: summary.averageRepeatValue === null ? null : Number(summary.averageRepeatValue),
    },
  };
}

/** Whole days from `instant` to `now` (0 for the same day's last 24 hours). */
export function daysBetween(instant: Date, now: Date): number {
  return Math.floor((now.getTime() - instant.getTime()) / DAY_MS);
}
