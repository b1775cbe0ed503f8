// What the campaigns area measures of interactions, as SELECTs it composes into its own statements
// (it may not name this area's table): purchases, which convert, and campaign responses, which touch.
// Row-Level Security and the tenant condition keep both to the transaction's tenant.

/**
 * The tenant's purchases with an amount: `id`, `customerId` (uuid), `occurredAt`, `amount`
 * (numeric), `currency` (text). Meant as a subquery.
 */
export function purchasesSql(): string {
  return `SELECT i.id, i."customerId", i."occurredAt", i.amount, i.currency::text AS currency
          FROM "Interaction" i
          WHERE i."tenantId" = current_setting('app.tenant_id', true) AND i.kind = 'PURCHASE'
            AND i.amount IS NOT NULL AND i.currency IS NOT NULL`;
}

/**
 * The tenant's responses to campaigns (kind CAMPAIGN_RESPONSE with a uuid `campaignId` in their
 * metadata): `id`, `customerId`, `occurredAt`, `channel` (text), `campaignId` (uuid). Meant as a subquery.
 */
export function campaignResponsesSql(): string {
  return `SELECT i.id, i."customerId", i."occurredAt", i.channel::text AS channel, (i.metadata->>'campaignId')::uuid AS "campaignId"
          FROM "Interaction" i
          WHERE i."tenantId" = current_setting('app.tenant_id', true) AND i.kind = 'CAMPAIGN_RESPONSE'
            AND i.metadata->>'campaignId' ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'`;
}
