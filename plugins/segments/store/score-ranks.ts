import type { CustomerPopulation, Sql } from '../../../src/plugin-api.ts';
import { RFM_GRID } from '../scores/rfm-cells.ts';

// RFM scores: each of recency, frequency and monetary value is the customer's quintile among the
// tenant's live customers with a purchase in the scoring currency, ⌈5 × cume_dist⌉ of the value
// ordered so that better is higher (fewer days since the last purchase, more purchases, more spent).
// cume_dist is k/n, k the customers whose value is at most as good (peers included, so ties share a
// score); the quintile is computed in integers as (5k + n − 1) div n, where 5 × k/n in floating point
// could land a hair above a whole number and round up a quintile.

/** The cell of scores r, f and m (SQL integers), generated from RFM_GRID so the grid has one source. */
export function rfmCellSql(r: string, f: string, m: string): string {
  const rows = Object.entries(RFM_GRID).map(
    ([recency, cells]) => `WHEN ${Number(recency)} THEN CASE (${f} + ${m}) / 2 ${cells.map((cell, index) => `WHEN ${index + 1} THEN '${cell}'`).join(' ')} END`,
  );
  return `(CASE ${r} ${rows.join(' ')} END)::"RfmCell"`;
}

// Statements name their tenant, not only Row-Level Security: a seed may run them as a role RLS does not hold.
const OWN_TENANT = `current_setting('app.tenant_id')`;

/** Scores taking part in the ranking: live customers with a purchase in the scoring currency. */
function eligibleScores(population: CustomerPopulation): string {
  return `"CustomerScore" score JOIN ${population.from} ON ${population.id} = score."customerId"
          WHERE score."tenantId" = ${OWN_TENANT} AND ${population.live} AND score.purchases > 0`;
}

/** After a CTE `ranked` (customer, r, f, m): sets the scores and cell of the rows `rows` selects, null for those not ranked. */
function applyRanks(rows: string): string {
  const cell = rfmCellSql('result.r', 'result.f', 'result.m');
  return `, result AS (
      SELECT every."customerId", ranked.r, ranked.f, ranked.m FROM "CustomerScore" every LEFT JOIN ranked ON ranked."customerId" = every."customerId"
      WHERE every."tenantId" = ${OWN_TENANT} AND ${rows}
    )
    UPDATE "CustomerScore" score
    SET "recencyScore" = result.r, "frequencyScore" = result.f, "monetaryScore" = result.m, "rfmCell" = ${cell}
    FROM result
    WHERE score."customerId" = result."customerId"
      AND (score."recencyScore", score."frequencyScore", score."monetaryScore", score."rfmCell") IS DISTINCT FROM (result.r, result.f, result.m, ${cell})`;
}

/** Ranks every customer of the tenant in ONE statement. */
export async function rankAllScores(sql: Sql, population: CustomerPopulation): Promise<void> {
  await sql.query(
    `WITH counted AS (
       SELECT score."customerId",
              count(*) OVER (ORDER BY score."recencyDays" DESC) AS recency_at_most,
              count(*) OVER (ORDER BY score.purchases) AS frequency_at_most,
              count(*) OVER (ORDER BY score."monetaryValue") AS monetary_at_most,
              count(*) OVER () AS total
       FROM ${eligibleScores(population)}
     ), ranked AS (
       SELECT "customerId",
              ((5 * recency_at_most + total - 1) / total)::int AS r,
              ((5 * frequency_at_most + total - 1) / total)::int AS f,
              ((5 * monetary_at_most + total - 1) / total)::int AS m
       FROM counted
     )${applyRanks('true')}`,
  );
}

/**
 * The quintile edges of the ranking just made, in ONE statement: for each score level 1–4, the best
 * value still scored at most that level (fewest days for recency, most purchases or spend for the
 * others). Values better than an edge score above its level; ties share a score, so the edges
 * reproduce every ranked customer's scores exactly. Null where no customer scored that low.
 */
export async function rankingEdges(sql: Sql, rankedAt: Date): Promise<RfmEdges> {
  const levels = [1, 2, 3, 4];
  const columns = levels.flatMap((level) => [
    `min("recencyDays") FILTER (WHERE "recencyScore" <= ${level}) AS recency_${level}`,
    `max(purchases) FILTER (WHERE "frequencyScore" <= ${level}) AS frequency_${level}`,
    `max("monetaryValue") FILTER (WHERE "monetaryScore" <= ${level})::text AS monetary_${level}`,
  ]);
  const [row] = await sql.query<Record<string, number | string | null>>(
    `SELECT ${columns.join(', ')} FROM "CustomerScore" WHERE "tenantId" = ${OWN_TENANT} AND "recencyScore" IS NOT NULL`,
  );
  const edge = (name: string) => levels.map((level) => (row?.[`${name}_${level}`] === null || row?.[`${name}_${level}`] === undefined ? null : Number(row[`${name}_${level}`])));
  return { rankedAt: rankedAt.toISOString(), recencyDays: edge('recency'), purchases: edge('frequency'), monetaryValue: edge('monetary') };
}

/** Quintile edges of a full ranking (see rankingEdges), stored with the tenant's value model. */
export interface RfmEdges {
  rankedAt: string;
  recencyDays: (number | null)[];
  purchases: (number | null)[];
  monetaryValue: (number | null)[];
}

/**
 * Ranks `customers` against the edges of the last full ranking, in ONE statement, without reading
 * anyone else: each score is 1 + the edges the customer's value is better than. Recency edges are
 * aged by the whole days since that ranking, as everyone else's last purchase has aged. The others
 * keep their scores until the next full pass, which ranks everyone exactly again.
 */
export async function rankScoresOf(sql: Sql, population: CustomerPopulation, customers: readonly string[], now: Date, edges: RfmEdges): Promise<void> {
  const aged = Math.floor((now.getTime() - Date.parse(edges.rankedAt)) / 86_400_000);
  // An edge no customer reached (null) is one every value is better than.
  const above = (value: string, edgesParameter: string, better: '<' | '>') =>
    `(1 + ${[1, 2, 3, 4].map((level) => `COALESCE(${value} ${better} (${edgesParameter})[${level}], true)::int`).join(' + ')})`;
  await sql.query(
    `WITH ranked AS (
       SELECT score."customerId",
              ${above('score."recencyDays"', '$2::int[]', '<')} AS r,
              ${above('score.purchases', '$3::int[]', '>')} AS f,
              ${above('score."monetaryValue"', '$4::numeric[]', '>')} AS m
       FROM ${eligibleScores(population)} AND score."customerId" = ANY($1::uuid[])
     )${applyRanks('every."customerId" = ANY($1::uuid[])')}`,
    [customers, edges.recencyDays.map((days) => (days === null ? null : days + aged)), edges.purchases, edges.monetaryValue.map((value) => (value === null ? null : String(value)))],
  );
}
