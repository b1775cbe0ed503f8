/**
 * The tenant's deals closed as won with an amount, for areas that measure what led to them
 * (campaigns): `id`, `customerId` (uuid), `closedAt`, `amount` (numeric), `currency` (text).
 * Meant as a subquery; Row-Level Security and the tenant condition keep it to the transaction's tenant.
 */
export function wonDealsSql(): string {
  return `SELECT o.id, o."customerId", o."closedAt", o.amount, o.currency::text AS currency
          FROM "Opportunity" o
          WHERE o."tenantId" = current_setting('app.tenant_id', true) AND o.stage = 'CLOSED_WON'
            AND o."closedAt" IS NOT NULL AND o.amount IS NOT NULL`;
}
