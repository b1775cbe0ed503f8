import type { Sql } from '../../../src/plugin-api.ts';
import { conversionsSql } from './attribution-conversions.ts';
import { touchesBeforeSql } from './attribution-touches.ts';

export type ConversionSource = 'PURCHASE' | 'DEAL_WON';

/** A conversion newly counted for a campaign: the row written into "CampaignConversion". */
export interface NewCampaignConversion {
  campaignId: string;
  customerId: string;
  campaignName: string;
  source: ConversionSource;
  sourceId: string;
  /** Decimal text, e.g. "49.90". */
  amount: string;
  currency: string;
  convertedAt: Date;
}

/**
 * Counts the given conversions (purchases or won deals, by row id; 'ALL': every one of the tenant,
 * as the demo's history does once) for every campaign with a touch of the customer within its
 * window before them, once per conversion and campaign: the unique key keeps a conversion seen
 * again (an event delivered twice, a replay) from counting twice. Returns only the pairs written now.
 */
export async function recordCampaignConversions(sql: Sql, sourceIds: readonly string[] | 'ALL', withDeals: boolean): Promise<NewCampaignConversion[]> {
  if (sourceIds !== 'ALL' && sourceIds.length === 0) return [];
  const chosen = sourceIds === 'ALL' ? '' : ' WHERE v."sourceId" = ANY($1::uuid[])';
  return sql.query<NewCampaignConversion>(
    // The batch's conversions first, then each one's touches through the customer indexes (a LATERAL
    // subquery OFFSET 0 keeps from being flattened): a batch reads a few rows, not every touch of
    // every campaign, whatever the planner believes.
    `WITH conversion AS MATERIALIZED (SELECT v.* FROM (${conversionsSql(withDeals)}) v${chosen}),
     touched AS (
       SELECT DISTINCT t."campaignId", v.source, v."sourceId", v.amount, v.currency, v."convertedAt"
       FROM conversion v CROSS JOIN LATERAL (SELECT * FROM (${touchesBeforeSql('v')}) t OFFSET 0) t
     ),
     written AS (
       INSERT INTO "CampaignConversion" (id, "tenantId", "campaignId", source, "sourceId", amount, currency, "convertedAt")
       -- The id follows from the key, as a recipient's does: the demo's history is the same every time it is seeded.
       SELECT md5("campaignId"::text || ':' || source || ':' || "sourceId"::text)::uuid, current_setting('app.tenant_id', true),
              "campaignId", source, "sourceId", amount, currency, "convertedAt" FROM touched
       ON CONFLICT ("campaignId", source, "sourceId") DO NOTHING
       RETURNING "campaignId", source, "sourceId", amount, currency, "convertedAt"
     )
     SELECT w."campaignId"::text AS "campaignId", v."customerId"::text AS "customerId", c.name AS "campaignName", w.source, w."sourceId"::text AS "sourceId",
            w.amount::text AS amount, w.currency::text AS currency, w."convertedAt"
     FROM written w JOIN conversion v ON v.source = w.source AND v."sourceId" = w."sourceId"
     JOIN "Campaign" c ON c."tenantId" = current_setting('app.tenant_id', true) AND c.id = w."campaignId"
     ORDER BY w."convertedAt", w."sourceId", w."campaignId"`,
    sourceIds === 'ALL' ? [] : [sourceIds],
  );
}
