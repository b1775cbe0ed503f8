import { conversionsSql } from './attribution-conversions.ts';
import { touchedCustomersSql, touchesBeforeSql } from './attribution-touches.ts';

/** How a conversion's revenue is shared among the touches that led to it. */
export type AttributionModel = 'FIRST_TOUCH' | 'LAST_TOUCH' | 'LINEAR' | 'U_SHAPED' | 'TIME_DECAY';

export interface CreditsStatementOptions {
  /** Won deals convert too (the pipeline area is enabled). */
  withDeals: boolean;
  /** The parameter holding the model's name (text), e.g. `$1`. */
  model: string;
  /** Parameters bounding the conversions' time, `[from, to)` (timestamps, null for open). */
  from: string;
  to: string;
  /** A parameter holding a campaign id: only the conversions of customers that campaign touched (every touched customer's without). */
  campaign?: string;
}

/**
 * The CTEs `customer`, `conversion`, `touched` … `credit`: one `credit` row per touch of every
 * conversion, with the cents it earns under the model. A conversion's touches are every touch (of
 * any campaign) the customer had no earlier than its campaign's window before it; each touch's exact
 * share is floored to the cent and the cents left go, one each, to the touches with the largest
 * remainders, so a conversion's credits add up to its revenue to the cent.
 *
 * Shaped so that no join rests on the planner's estimates (freshly written recipients and purchases
 * have none, and a nested loop chosen on "a customer or two" rescanned every purchase per customer):
 * the customers come first (those the campaign touched, or everyone touched), then each one's
 * conversions and each conversion's touches are looked up through the (tenant, customer, time)
 * indexes, LATERAL subqueries that OFFSET 0 keeps from being flattened into joins.
 *
 * `credit` columns: source, sourceId, customerId, convertedAt, currency, amountCents, campaignId,
 * touchId, touchedAt, channel, position, touches, cents.
 */
export function creditsCtes(options: CreditsStatementOptions): string {
  return `customer AS MATERIALIZED (${touchedCustomersSql(options.campaign)}),
    conversion AS MATERIALIZED (
      SELECT v.* FROM customer c
      CROSS JOIN LATERAL (
        SELECT v.* FROM (${conversionsSql(options.withDeals)}) v
        WHERE v."customerId" = c."customerId"
          AND (${options.from}::timestamp IS NULL OR v."convertedAt" >= ${options.from}::timestamp)
          AND (${options.to}::timestamp IS NULL OR v."convertedAt" < ${options.to}::timestamp)
        OFFSET 0
      ) v
    ),
    touched AS (
      SELECT v.source, v."sourceId", v."customerId", v."convertedAt", v.currency, round(v.amount * 100) AS "amountCents",
             t."campaignId", t."touchId", t."touchedAt", t.channel, t."halfLifeDays",
             row_number() OVER (PARTITION BY v.source, v."sourceId" ORDER BY t."touchedAt", t."touchId") AS position,
             count(*) OVER (PARTITION BY v.source, v."sourceId") AS touches,
             EXTRACT(EPOCH FROM v."convertedAt" - t."touchedAt") / 86400 AS "daysBefore"
      FROM conversion v
      CROSS JOIN LATERAL (SELECT * FROM (${touchesBeforeSql('v')}) t OFFSET 0) t
    ),
    weighted AS (
      -- Whole-number weights for every model but time decay (U-shaped 40/20/40 is 2(n-2) : 1 … 1 :
      -- 2(n-2)), so shares and remainders are exact and ties go to the earlier touch, never to
      -- whichever decimal rounding came out larger.
      SELECT touched.*,
             (CASE ${options.model}::text
               WHEN 'FIRST_TOUCH' THEN CASE WHEN position = 1 THEN 1 ELSE 0 END
               WHEN 'LAST_TOUCH' THEN CASE WHEN position = touches THEN 1 ELSE 0 END
               WHEN 'LINEAR' THEN 1
               WHEN 'U_SHAPED' THEN CASE WHEN touches <= 2 THEN 1 WHEN position = 1 OR position = touches THEN 2 * (touches - 2) ELSE 1 END
               WHEN 'TIME_DECAY' THEN power(2::numeric, -"daysBefore" / "halfLifeDays")
             END)::numeric AS weight
      FROM touched
    ),
    shared AS (
      -- A touch's exact share is "numerator" / "denominator" cents.
      SELECT weighted.*, "amountCents" * weight AS numerator, sum(weight) OVER (PARTITION BY source, "sourceId") AS denominator
      FROM weighted
    ),
    floored AS (
      SELECT shared.*, div(numerator, denominator) AS "floorCents",
             "amountCents" - sum(div(numerator, denominator)) OVER (PARTITION BY source, "sourceId") AS "centsLeft",
             row_number() OVER (PARTITION BY source, "sourceId" ORDER BY numerator - div(numerator, denominator) * denominator DESC, position) AS "remainderRank"
      FROM shared
    ),
    credit AS (
      SELECT source, "sourceId", "customerId", "convertedAt", currency, "amountCents", "campaignId", "touchId", "touchedAt", channel, position, touches,
             ("floorCents" + CASE WHEN "remainderRank" <= "centsLeft" THEN 1 ELSE 0 END)::bigint AS cents
      FROM floored
    )`;
}
