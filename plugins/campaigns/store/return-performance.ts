import type { Sql } from '../../../src/plugin-api.ts';
import { creditsCtes, type AttributionModel } from './attribution-credits.ts';

export interface CurrencyCents {
  currency: string;
  /** Whole cents, as text (bigint). */
  cents: string;
}

export interface AttributedToCampaign {
  /** Conversions with at least one touch of the campaign in its window. */
  conversions: number;
  /** The cents the model credits to the campaign's touches, per currency. */
  revenue: CurrencyCents[];
}

/** What the model credits to one campaign's touches, over all time. */
export async function attributedToCampaign(sql: Sql, campaignId: string, model: AttributionModel, withDeals: boolean): Promise<AttributedToCampaign> {
  const rows = await sql.query<{ currency: string; cents: string; conversions: string }>(
    `WITH ${creditsCtes({ withDeals, model: '$1', from: '$2', to: '$3', campaign: '$4' })}
     SELECT currency, sum(cents)::text AS cents, count(DISTINCT (source, "sourceId"))::text AS conversions
     FROM credit WHERE "campaignId" = $4::uuid GROUP BY currency ORDER BY currency`,
    [model, null, null, campaignId],
  );
  return {
    conversions: rows.reduce((total, row) => total + Number(row.conversions), 0),
    revenue: rows.map((row) => ({ currency: row.currency, cents: row.cents })),
  };
}

/** A campaign's costs per currency. */
export async function campaignCosts(sql: Sql, campaignId: string): Promise<CurrencyCents[]> {
  return sql.query<CurrencyCents>(
    `SELECT currency::text AS currency, round(sum(amount) * 100)::bigint::text AS cents FROM "CampaignCost"
     WHERE "tenantId" = current_setting('app.tenant_id', true) AND "campaignId" = $1::uuid GROUP BY currency ORDER BY currency`,
    [campaignId],
  );
}

export interface RecipientCounts {
  contacted: number;
  control: number;
  excluded: number;
}

/** Distinct customers per outcome of a campaign (or of one of its runs). */
export async function recipientCounts(sql: Sql, campaignId: string, runId: string | null): Promise<RecipientCounts> {
  const [row] = await sql.query<{ contacted: number; control: number; excluded: number }>(
    `SELECT count(DISTINCT "customerId") FILTER (WHERE outcome = 'CONTACTED')::int AS contacted,
            count(DISTINCT "customerId") FILTER (WHERE outcome = 'CONTROL')::int AS control,
            count(DISTINCT "customerId") FILTER (WHERE outcome = 'EXCLUDED')::int AS excluded
     FROM "CampaignRecipient"
     WHERE "tenantId" = current_setting('app.tenant_id', true) AND "campaignId" = $1::uuid AND ($2::uuid IS NULL OR "runId" = $2::uuid)`,
    [campaignId, runId],
  );
  return row ?? { contacted: 0, control: 0, excluded: 0 };
}
