import { createContextCache } from '@pothos/core';
import DataLoader from 'dataloader';
import type { Context, Prisma } from '../../../src/plugin-api.ts';
import { viewerOf } from '../../../src/plugin-api.ts';

// A campaign's parts (audience segments, variants, costs and their totals), for every campaign a
// request shows: one statement per part, whatever the number of campaigns.

export interface CampaignAudienceRow {
  segmentId: string;
  excluded: boolean;
}

export interface CampaignVariantRow {
  id: string;
  campaignId: string;
  name: string;
  content: string | null;
  weight: number;
}

export interface CampaignCostRow {
  id: string;
  campaignId: string;
  label: string;
  /** Decimal text with two decimals. */
  amount: string;
  currency: string;
  incurredOn: Date;
}

export interface CurrencyTotal {
  currency: string;
  /** Decimal text with two decimals, summed in numeric. */
  amount: string;
}

function grouped<Row extends { campaignId: string }>(ids: readonly string[], rows: readonly Row[]): Row[][] {
  const byCampaign = new Map<string, Row[]>();
  for (const row of rows) byCampaign.set(row.campaignId, [...(byCampaign.get(row.campaignId) ?? []), row]);
  return ids.map((id) => byCampaign.get(id) ?? []);
}

export const campaignParts = createContextCache((context: Context) => {
  const tenantId = () => viewerOf(context).tenantId;
  return {
    /** Campaigns by row id (for rows of the plan and of a customer's contacts). */
    campaigns: new DataLoader<string, Prisma.CampaignModel | null>(async (ids) => {
      const rows = await context.db.campaign.findMany({ where: { tenantId: tenantId(), id: { in: [...ids] } } });
      const byId = new Map(rows.map((row) => [row.id, row]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    /** Variants by row id. */
    variantsById: new DataLoader<string, CampaignVariantRow | null>(async (ids) => {
      const rows = await context.sql<CampaignVariantRow>`
        SELECT id::text AS id, "campaignId"::text AS "campaignId", name, content, weight FROM "CampaignVariant"
        WHERE "tenantId" = ${tenantId()} AND id = ANY(${[...ids]}::uuid[])`;
      const byId = new Map(rows.map((row) => [row.id, row]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    audiences: new DataLoader<string, CampaignAudienceRow[]>(async (ids) =>
      grouped(
        ids,
        await context.sql<CampaignAudienceRow & { campaignId: string }>`
          SELECT "campaignId"::text AS "campaignId", "segmentId"::text AS "segmentId", excluded FROM "CampaignAudience"
          WHERE "tenantId" = ${tenantId()} AND "campaignId" = ANY(${[...ids]}::uuid[]) ORDER BY "segmentId"`,
      ),
    ),
    variants: new DataLoader<string, CampaignVariantRow[]>(async (ids) =>
      grouped(
        ids,
        await context.sql<CampaignVariantRow>`
          SELECT id::text AS id, "campaignId"::text AS "campaignId", name, content, weight FROM "CampaignVariant"
          WHERE "tenantId" = ${tenantId()} AND "campaignId" = ANY(${[...ids]}::uuid[]) ORDER BY name, id`,
      ),
    ),
    costs: new DataLoader<string, CampaignCostRow[]>(async (ids) =>
      grouped(
        ids,
        await context.sql<CampaignCostRow>`
          SELECT id::text AS id, "campaignId"::text AS "campaignId", label, amount::text AS amount, currency::text AS currency, "incurredOn" FROM "CampaignCost"
          WHERE "tenantId" = ${tenantId()} AND "campaignId" = ANY(${[...ids]}::uuid[]) ORDER BY "incurredOn", id`,
      ),
    ),
    costTotals: new DataLoader<string, CurrencyTotal[]>(async (ids) =>
      grouped(
        ids,
        await context.sql<CurrencyTotal & { campaignId: string }>`
          SELECT "campaignId"::text AS "campaignId", currency::text AS currency, sum(amount)::numeric(16, 2)::text AS amount FROM "CampaignCost"
          WHERE "tenantId" = ${tenantId()} AND "campaignId" = ANY(${[...ids]}::uuid[]) GROUP BY "campaignId", currency ORDER BY currency`,
      ),
    ),
  };
});
