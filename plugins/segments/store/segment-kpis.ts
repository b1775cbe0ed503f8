import type { Sql } from '../../../src/plugin-api.ts';

export interface SegmentDayRow {
  day: Date;
  size: number;
  entered: number;
  exited: number;
}

/**
 * A segment's size at the end of each UTC day from `first` to `last`, with the entries and exits of
 * each day, in ONE statement over the stays: the size before the range plus the running sum of
 * each day's entries minus exits.
 */
export function segmentDays(sql: Sql, segmentId: string, first: Date, last: Date): Promise<SegmentDayRow[]> {
  return sql<SegmentDayRow>`
    WITH changes AS (
      SELECT "enteredAt"::date AS day, 1 AS entered, 0 AS exited
      FROM "SegmentMembership" WHERE "segmentId" = ${segmentId}::uuid AND "enteredAt" < ${last}::date + 1
      UNION ALL
      SELECT "exitedAt"::date, 0, 1
      FROM "SegmentMembership" WHERE "segmentId" = ${segmentId}::uuid AND "exitedAt" < ${last}::date + 1
    ), before AS (
      SELECT COALESCE(sum(entered - exited), 0) AS size FROM changes WHERE day < ${first}::date
    ), per_day AS (
      SELECT day, sum(entered) AS entered, sum(exited) AS exited FROM changes WHERE day >= ${first}::date GROUP BY day
    )
    SELECT series.day::date AS day,
           ((SELECT size FROM before) + sum(COALESCE(per_day.entered, 0) - COALESCE(per_day.exited, 0)) OVER (ORDER BY series.day))::int AS size,
           COALESCE(per_day.entered, 0)::int AS entered,
           COALESCE(per_day.exited, 0)::int AS exited
    FROM generate_series(${first}::date, ${last}::date, interval '1 day') AS series(day)
    LEFT JOIN per_day ON per_day.day = series.day::date
    ORDER BY series.day`;
}

export interface SegmentValueRow {
  currency: string | null;
  members: number;
  scoredMembers: number;
  historicalValue: string;
  predictedValue: string;
}

/** The value of a segment's current members from their scores, per scoring currency. */
export function segmentValue(sql: Sql, segmentId: string): Promise<SegmentValueRow[]> {
  return sql<SegmentValueRow>`
    SELECT score.currency::text AS currency,
           count(*)::int AS members,
           count(score."customerId")::int AS "scoredMembers",
           COALESCE(sum(score."monetaryValue"), 0)::text AS "historicalValue",
           COALESCE(sum(score."predictedValue"), 0)::text AS "predictedValue"
    FROM "SegmentMembership" stay
    LEFT JOIN "CustomerScore" score ON score."customerId" = stay."customerId"
    WHERE stay."segmentId" = ${segmentId}::uuid AND stay."exitedAt" IS NULL
    GROUP BY score.currency
    ORDER BY count(*) DESC`;
}

export interface RfmCellRow {
  cell: string;
  customers: number;
  monetaryValue: string;
  predictedValue: string;
}

/** How many scored customers fall in each RFM cell (of one segment's members when given), with their value. */
export function rfmDistribution(sql: Sql, segmentId: string | null): Promise<RfmCellRow[]> {
  return sql<RfmCellRow>`
    SELECT score."rfmCell"::text AS cell, count(*)::int AS customers,
           COALESCE(sum(score."monetaryValue"), 0)::text AS "monetaryValue",
           COALESCE(sum(score."predictedValue"), 0)::text AS "predictedValue"
    FROM "CustomerScore" score
    WHERE score."rfmCell" IS NOT NULL
      AND (${segmentId}::uuid IS NULL OR EXISTS (
        SELECT 1 FROM "SegmentMembership" stay WHERE stay."segmentId" = ${segmentId}::uuid AND stay."customerId" = score."customerId" AND stay."exitedAt" IS NULL))
    GROUP BY score."rfmCell"
    ORDER BY score."rfmCell"`;
}
