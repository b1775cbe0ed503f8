import type { Sql } from '../../../src/plugin-api.ts';
import type { ScoreRow } from '../scores/score-rows.ts';

/** A customer's stored scores: what a pass computes, with the RFM ranking and when. */
export interface CustomerScoreRow extends ScoreRow {
  recencyScore: number | null;
  frequencyScore: number | null;
  monetaryScore: number | null;
  rfmCell: string | null;
  computedAt: Date;
}

/** The scores of these customers, by customer, in one statement. */
export async function scoresOf(sql: Sql, customerIds: readonly string[]): Promise<Map<string, CustomerScoreRow>> {
  const rows = await sql<CustomerScoreRow>`
    SELECT "customerId"::text AS "customerId", "recencyScore", "frequencyScore", "monetaryScore", "rfmCell"::text AS "rfmCell", "recencyDays",
           purchases, "monetaryValue"::text AS "monetaryValue", currency::text AS currency, "historicalValue", "predictedPurchases",
           "predictedValue"::text AS "predictedValue", "probabilityAlive", "churnRisk", "churnReasons", method::text AS method, "computedAt"
    FROM "CustomerScore" WHERE "customerId" = ANY(${customerIds}::uuid[])`;
  return new Map(rows.map((row) => [row.customerId, row]));
}
