import type { Sql } from '../../../src/plugin-api.ts';
import { creditsCtes, type AttributionModel } from './attribution-credits.ts';

export type ReturnGrouping = 'CAMPAIGN' | 'CHANNEL' | 'SEGMENT' | 'MONTH';

/** The credits' key per grouping (over the `credit` CTE, aliased k). */
const CREDIT_KEY: Record<ReturnGrouping, { key: string; join: string }> = {
  CAMPAIGN: { key: `k."campaignId"::text`, join: '' },
  // A response through a channel no campaign uses has none.
  CHANNEL: { key: `COALESCE(k.channel, 'OTHER')`, join: '' },
  MONTH: { key: `to_char(k."convertedAt", 'YYYY-MM')`, join: '' },
  // A campaign for several segments counts in each.
  SEGMENT: { key: `a."segmentId"::text`, join: `JOIN "CampaignAudience" a ON a."tenantId" = current_setting('app.tenant_id', true) AND a."campaignId" = k."campaignId" AND NOT a.excluded` },
};

/** The costs' key per grouping (over "CampaignCost" x joined to its "Campaign" c), with the share of each cost the key bears. */
const COST_KEY: Record<ReturnGrouping, { key: string; share: string; join: string }> = {
  CAMPAIGN: { key: `x."campaignId"::text`, share: '1', join: '' },
  // A campaign's cost is split evenly over its channels.
  CHANNEL: { key: `ch.channel::text`, share: `1.0 / cardinality(c.channels)`, join: `CROSS JOIN LATERAL unnest(c.channels) AS ch(channel)` },
  MONTH: { key: `to_char(x."incurredOn", 'YYYY-MM')`, share: '1', join: '' },
  SEGMENT: { key: `a."segmentId"::text`, share: '1', join: `JOIN "CampaignAudience" a ON a."tenantId" = c."tenantId" AND a."campaignId" = c.id AND NOT a.excluded` },
};

export interface ReturnRowSums {
  key: string;
  currency: string;
  /** Attributed cents. */
  cents: string;
  conversions: number;
}

/** Attributed cents and conversions per key and currency, for conversions in [from, to). */
export async function attributedByKey(sql: Sql, grouping: ReturnGrouping, model: AttributionModel, from: Date, to: Date, withDeals: boolean): Promise<ReturnRowSums[]> {
  const { key, join } = CREDIT_KEY[grouping];
  return sql.query<ReturnRowSums>(
    `WITH ${creditsCtes({ withDeals, model: '$1', from: '$2', to: '$3' })}
     SELECT ${key} AS key, k.currency, sum(k.cents)::text AS cents, count(DISTINCT (k.source, k."sourceId"))::int AS conversions
     FROM credit k ${join}
     GROUP BY 1, 2 ORDER BY 1, 2`,
    [model, from, to],
  );
}

/** Costs incurred in [from, to) per key and currency, in cents. */
export async function costsByKey(sql: Sql, grouping: ReturnGrouping, from: Date, to: Date): Promise<{ key: string; currency: string; cents: string }[]> {
  const { key, share, join } = COST_KEY[grouping];
  return sql.query(
    `SELECT ${key} AS key, x.currency::text AS currency, round(sum(x.amount * 100 * ${share}))::bigint::text AS cents
     FROM "CampaignCost" x JOIN "Campaign" c ON c."tenantId" = x."tenantId" AND c.id = x."campaignId" ${join}
     WHERE x."tenantId" = current_setting('app.tenant_id', true) AND x."incurredOn" >= $1::date AND x."incurredOn" < $2::date
     GROUP BY 1, 2 ORDER BY 1, 2`,
    [from, to],
  );
}

/** Campaign names by id. */
export async function campaignNames(sql: Sql, ids: readonly string[]): Promise<Map<string, string>> {
  const rows = await sql.query<{ id: string; name: string }>(
    `SELECT id::text AS id, name FROM "Campaign" WHERE "tenantId" = current_setting('app.tenant_id', true) AND id = ANY($1::uuid[])`,
    [ids],
  );
  return new Map(rows.map((row) => [row.id, row.name]));
}
