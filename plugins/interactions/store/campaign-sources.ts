// What the campaigns area measures of interactions, as SELECTs it composes into its own statements
// (it may not name this area's table): purchases, which convert, and interactions linked to a
// campaign, which touch.
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
 * The tenant's inbound interactions that name a campaign in their metadata, whatever their kind (an
 * open, a click, a reply, a visit, a purchase with a coupon): by its id as `campaignId` or by a
 * response code as `responseCode`. Columns: `id`, `customerId`, `occurredAt`, `channel` (text),
 * `campaignRef` (the uuid given, or null), `responseCode` (trimmed, in capitals, or null). Which
 * campaign a code names is for the campaigns area to say. Meant as a subquery.
 */
export function campaignLinkedSql(): string {
  return `SELECT i.id, i."customerId", i."occurredAt", i.channel::text AS channel,
                 CASE WHEN i.metadata->>'campaignId' ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
                      THEN (i.metadata->>'campaignId')::uuid END AS "campaignRef",
                 NULLIF(upper(btrim(i.metadata->>'responseCode')), '') AS "responseCode"
          FROM "Interaction" i
          WHERE i."tenantId" = current_setting('app.tenant_id', true) AND i.direction = 'INBOUND'
            AND (i.metadata ? 'campaignId' OR i.metadata ? 'responseCode')`;
}
