import { createContextCache } from '@pothos/core';
import type { Context, KeysetOrder, KeysetRequest } from '../../../src/plugin-api.ts';
import { keysetWindow, perCustomerLoader, viewerOf } from '../../../src/plugin-api.ts';

// What customers received: their CONTACTED recipient rows, newest first, for a page of customers
// in one statement (each customer's page an index range scan on tenant, customer, decidedAt).

export interface CampaignContactRow {
  id: string;
  campaignId: string;
  channel: string;
  step: string;
  variantId: string | null;
  decidedAt: Date;
}

export const CUSTOMER_CAMPAIGNS_ORDER: KeysetOrder<CampaignContactRow> = {
  name: 'DECIDED_AT DESC',
  columns: [
    { expression: 'r."decidedAt"', kind: 'timestamp', ascending: false, valueOf: (row) => row.decidedAt },
    { expression: 'r.id', kind: 'uuid', ascending: false, valueOf: (row) => row.id },
  ],
};

export interface CustomerCampaignsRequest extends KeysetRequest {
  withCount: boolean;
}

export interface CustomerCampaignsPage {
  contacts: CampaignContactRow[];
  totalCount: number | null;
}

export const customerCampaigns = createContextCache((context: Context) => ({
  page: perCustomerLoader<CustomerCampaignsRequest, CustomerCampaignsPage>((customerIds, request) => readPages(context, customerIds, request), { contacts: [], totalCount: 0 }),
}));

async function readPages(context: Context, customerIds: string[], request: CustomerCampaignsRequest): Promise<Map<string, CustomerCampaignsPage>> {
  const values: unknown[] = [customerIds, viewerOf(context).tenantId];
  const parameter = (value: unknown) => `$${values.push(value)}`;
  const matching = ['r."tenantId" = $2', 'r."customerId" = wanted.id', `r.outcome = 'CONTACTED'`];
  const window = keysetWindow(CUSTOMER_CAMPAIGNS_ORDER, request, parameter);
  const count = request.withCount
    ? `CROSS JOIN LATERAL (SELECT count(*)::int AS "totalCount" FROM "CampaignRecipient" r WHERE ${matching.join(' AND ')}) counted`
    : 'CROSS JOIN (SELECT NULL::int AS "totalCount") counted';
  const rows = await context.sql.query<{ pageOf: string; totalCount: number | null } & Partial<CampaignContactRow>>(
    `SELECT wanted.id::text AS "pageOf", counted."totalCount", page.* FROM unnest($1::uuid[]) AS wanted(id)
     ${count}
     LEFT JOIN LATERAL (
       SELECT r.id::text AS id, r."campaignId"::text AS "campaignId", r.channel::text AS channel, r.step, r."variantId"::text AS "variantId", r."decidedAt"
       FROM "CampaignRecipient" r
       WHERE ${[...matching, ...window.conditions].join(' AND ')}
       ORDER BY ${window.orderBy} LIMIT ${Number(window.limit)}
     ) page ON true`,
    values,
  );
  const pages = new Map<string, CustomerCampaignsPage>();
  for (const { pageOf, totalCount, ...contact } of rows) {
    const page = pages.get(pageOf) ?? { contacts: [], totalCount };
    if (contact.id != null) page.contacts.push(contact as CampaignContactRow);
    pages.set(pageOf, page);
  }
  return pages;
}
