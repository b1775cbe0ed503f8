import { campaignLinkedSql } from '../../interactions/plugin.ts';

/**
 * The tenant's responses to its campaigns: inbound interactions naming a campaign by its id or by
 * its response code, any kind (an open, a click, a visit, a purchase with the campaign's coupon),
 * with the campaign's attribution window and time-decay half-life: `id`, `customerId`,
 * `occurredAt`, `channel` (the interactions area's, text), `campaignId`, `windowDays`,
 * `halfLifeDays`. Meant as a subquery; a condition on `customerId` reaches the interactions'
 * customer index.
 */
export function campaignResponsesSql(): string {
  return `SELECT s.id, s."customerId", s."occurredAt", s.channel, c.id AS "campaignId",
                 c."attributionWindowDays" AS "windowDays", c."decayHalfLifeDays" AS "halfLifeDays"
          FROM (${campaignLinkedSql()}) s
          JOIN "Campaign" c ON c."tenantId" = current_setting('app.tenant_id', true)
           AND (c.id = s."campaignRef" OR c."responseCode" = s."responseCode")`;
}
