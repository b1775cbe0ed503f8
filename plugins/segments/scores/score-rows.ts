import type { ChurnReason } from './churn-risk.ts';
import type { ScoringMethod } from './models/lifetime-value.ts';

/** One customer's scores as a pass computes them, before the RFM ranking (which SQL does over all of them). */
export interface ScoreRow {
  customerId: string;
  /** Whole days since the last purchase in the scoring currency; null without one. */
  recencyDays: number | null;
  /** Purchases in the scoring currency. */
  purchases: number;
  /** Their total (a decimal as text). */
  monetaryValue: string;
  /** The tenant's scoring currency. */
  currency: string | null;
  /** Everything spent, per currency (decimals as text). */
  historicalValue: Record<string, string>;
  predictedPurchases: number | null;
  /** Rounded to the cent (a decimal as text). */
  predictedValue: string | null;
  probabilityAlive: number | null;
  churnRisk: number | null;
  churnReasons: ChurnReason[];
  method: ScoringMethod | null;
}
