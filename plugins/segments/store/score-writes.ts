import type { CustomerPopulation, Sql } from '../../../src/plugin-api.ts';
import type { ScoreRow } from '../scores/score-rows.ts';

/** Rows per upsert statement: a few thousand keep each statement's arrays small and the count of statements low. */
export const SCORE_BATCH_SIZE = 4_000;

/**
 * Writes the rows' scores, one upsert statement per SCORE_BATCH_SIZE rows (the columns as arrays,
 * unnested). The R, F and M scores and the cell are left to the ranking that follows.
 */
export async function upsertScores(sql: Sql, rows: readonly ScoreRow[], now: Date): Promise<void> {
  for (let start = 0; start < rows.length; start += SCORE_BATCH_SIZE) {
    const batch = rows.slice(start, start + SCORE_BATCH_SIZE);
    const column = <T>(read: (row: ScoreRow) => T) => batch.map(read);
    await sql`
      INSERT INTO "CustomerScore" ("customerId", "tenantId", "recencyDays", purchases, "monetaryValue", currency, "historicalValue",
                                   "predictedPurchases", "predictedValue", "probabilityAlive", "churnRisk", "churnReasons", method, "computedAt")
      SELECT score.id, current_setting('app.tenant_id'), score.recency, score.purchases, score.monetary, score.currency, score.historical::jsonb,
             score."predictedPurchases", score."predictedValue", score."probabilityAlive", score."churnRisk", score.reasons::jsonb,
             score.method::"ValueModelMethod", ${now}::timestamp(3)
      FROM unnest(${column((row) => row.customerId)}::uuid[], ${column((row) => row.recencyDays)}::int[], ${column((row) => row.purchases)}::int[],
                  ${column((row) => row.monetaryValue)}::numeric[], ${column((row) => row.currency)}::text[],
                  ${column((row) => JSON.stringify(row.historicalValue))}::text[], ${column((row) => row.predictedPurchases)}::float8[],
                  ${column((row) => row.predictedValue)}::numeric[], ${column((row) => row.probabilityAlive)}::float8[],
                  ${column((row) => row.churnRisk)}::float8[], ${column((row) => JSON.stringify(row.churnReasons))}::text[],
                  ${column((row) => row.method)}::text[])
           AS score(id, recency, purchases, monetary, currency, historical, "predictedPurchases", "predictedValue", "probabilityAlive", "churnRisk", reasons, method)
      ON CONFLICT ("customerId") DO UPDATE SET
        "recencyDays" = EXCLUDED."recencyDays", purchases = EXCLUDED.purchases, "monetaryValue" = EXCLUDED."monetaryValue",
        currency = EXCLUDED.currency, "historicalValue" = EXCLUDED."historicalValue", "predictedPurchases" = EXCLUDED."predictedPurchases",
        "predictedValue" = EXCLUDED."predictedValue", "probabilityAlive" = EXCLUDED."probabilityAlive", "churnRisk" = EXCLUDED."churnRisk",
        "churnReasons" = EXCLUDED."churnReasons", method = EXCLUDED.method, "computedAt" = EXCLUDED."computedAt"`;
  }
}

/**
 * Every other customer of the population (archived ones too; of `tenantCustomers` when given, for a
 * seed that Row-Level Security may not hold to the tenant) gets the row of a customer without a
 * purchase, in ONE statement: no history, no scores, no forecast, as of `now`.
 */
export async function blankOtherScores(
  sql: Sql,
  population: CustomerPopulation,
  scored: readonly string[],
  currency: string | null,
  now: Date,
  tenantCustomers: readonly string[] | null,
): Promise<void> {
  await sql.query(
    `INSERT INTO "CustomerScore" ("customerId", "tenantId", currency, "computedAt")
     SELECT ${population.id}, current_setting('app.tenant_id'), $2, $3::timestamp(3) FROM ${population.from}
     WHERE NOT EXISTS (SELECT 1 FROM unnest($1::uuid[]) AS scored(id) WHERE scored.id = ${population.id})${tenantCustomers ? ` AND ${population.id} = ANY($4::uuid[])` : ''}
     ON CONFLICT ("customerId") DO UPDATE SET
       "recencyScore" = NULL, "frequencyScore" = NULL, "monetaryScore" = NULL, "rfmCell" = NULL, "recencyDays" = NULL, purchases = 0,
       "monetaryValue" = 0, currency = EXCLUDED.currency, "historicalValue" = '{}', "predictedPurchases" = NULL, "predictedValue" = NULL,
       "probabilityAlive" = NULL, "churnRisk" = NULL, "churnReasons" = '[]', method = NULL, "computedAt" = EXCLUDED."computedAt"`,
    tenantCustomers ? [scored, currency, now, tenantCustomers] : [scored, currency, now],
  );
}
