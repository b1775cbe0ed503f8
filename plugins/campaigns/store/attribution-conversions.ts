import { purchasesSql } from '../../interactions/plugin.ts';
import { wonDealsSql } from '../../pipeline/plugin.ts';

/**
 * Everything that converts: purchases, and deals won where the sales area is enabled:
 * `source` ('PURCHASE' | 'DEAL_WON'), `sourceId`, `customerId`, `convertedAt`, `amount`, `currency`.
 * Meant as a subquery.
 */
export function conversionsSql(withDeals: boolean): string {
  const purchases = `SELECT 'PURCHASE' AS source, p.id AS "sourceId", p."customerId", p."occurredAt" AS "convertedAt", p.amount, p.currency FROM (${purchasesSql()}) p`;
  if (!withDeals) return purchases;
  return `${purchases}
          UNION ALL
          SELECT 'DEAL_WON', d.id, d."customerId", d."closedAt", d.amount, d.currency FROM (${wonDealsSql()}) d`;
}
