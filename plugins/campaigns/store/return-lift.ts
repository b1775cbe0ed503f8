import type { Sql } from '../../../src/plugin-api.ts';
import { conversionsSql } from './attribution-conversions.ts';

/** One group (contacted or control) of a campaign, as the lift needs it. */
export interface LiftGroup {
  /** Decisions: a customer once per run. */
  customers: number;
  /** Of them, those who converted within the window after the decision. */
  converted: number;
  /** Per currency: the sum of their conversions' revenue and its sum of squares (per customer), in units. */
  revenue: { currency: string; sum: string; sumOfSquares: string }[];
}

export interface LiftSums {
  contacted: LiftGroup;
  control: LiftGroup;
}

/**
 * The sums behind the lift of a campaign (or one run): each contacted or control decision (a
 * customer once per run) converted when the customer had a conversion within the campaign's window
 * after it; their revenue in that window, per currency, as sums and sums of squares.
 */
export async function liftSums(sql: Sql, campaignId: string, runId: string | null, withDeals: boolean): Promise<LiftSums> {
  const rows = await sql.query<{ outcome: 'CONTACTED' | 'CONTROL'; currency: string | null; customers: number; converted: number; sum: string | null; sumOfSquares: string | null }>(
    `WITH decision AS MATERIALIZED (
       SELECT r."runId", r."customerId", r.outcome::text AS outcome, min(r."decidedAt") AS "decidedAt", c."attributionWindowDays" AS "windowDays"
       FROM "CampaignRecipient" r JOIN "Campaign" c ON c."tenantId" = r."tenantId" AND c.id = r."campaignId"
       WHERE r."tenantId" = current_setting('app.tenant_id', true) AND r."campaignId" = $1::uuid
         AND r.outcome IN ('CONTACTED', 'CONTROL') AND ($2::uuid IS NULL OR r."runId" = $2::uuid)
       GROUP BY r."runId", r."customerId", r.outcome, c."attributionWindowDays"
     ),
     revenue AS (
       -- Each decision's conversions through the customer indexes, whatever the planner believes of
       -- fresh rows: OFFSET 0 keeps the LATERAL subquery from being flattened into a join.
       SELECT d."runId", d."customerId", d.outcome, v.currency, sum(v.amount) AS amount
       FROM decision d
       CROSS JOIN LATERAL (
         SELECT v.currency, v.amount FROM (${conversionsSql(withDeals)}) v
         WHERE v."customerId" = d."customerId" AND v."convertedAt" >= d."decidedAt"
           AND v."convertedAt" <= d."decidedAt" + make_interval(days => d."windowDays")
         OFFSET 0
       ) v
       GROUP BY d."runId", d."customerId", d.outcome, v.currency
     ),
     totals AS (
       SELECT outcome, count(*)::int AS customers,
              (SELECT count(DISTINCT ("runId", "customerId"))::int FROM revenue r WHERE r.outcome = d.outcome) AS converted
       FROM decision d GROUP BY outcome
     )
     SELECT t.outcome, r.currency, t.customers, t.converted, sum(r.amount)::text AS sum, sum(r.amount * r.amount)::text AS "sumOfSquares"
     FROM totals t LEFT JOIN revenue r ON r.outcome = t.outcome
     GROUP BY t.outcome, r.currency, t.customers, t.converted
     ORDER BY t.outcome, r.currency`,
    [campaignId, runId],
  );
  const group = (outcome: 'CONTACTED' | 'CONTROL'): LiftGroup => {
    const mine = rows.filter((row) => row.outcome === outcome);
    return {
      customers: mine[0]?.customers ?? 0,
      converted: mine[0]?.converted ?? 0,
      revenue: mine.flatMap((row) => (row.currency === null ? [] : [{ currency: row.currency, sum: row.sum ?? '0', sumOfSquares: row.sumOfSquares ?? '0' }])),
    };
  };
  return { contacted: group('CONTACTED'), control: group('CONTROL') };
}
