import { CHANNELS } from '../channels.ts';
import { campaignResponsesSql } from './campaign-responses.ts';

/** The campaign channel a response came through, from the interaction channel the contacts use. */
const RESPONSE_CHANNEL = `CASE s.channel ${Object.entries(CHANNELS)
  .map(([campaignChannel, mapping]) => `WHEN '${mapping.interactionChannel}' THEN '${campaignChannel}'`)
  .join(' ')} END`;

const TENANT = `current_setting('app.tenant_id', true)`;

/**
 * The touches of one customer before one conversion, within their campaign's window: a contact (a
 * CONTACTED recipient, dated when it was decided) or a response (an inbound interaction naming the
 * campaign by id or response code; a purchase with its coupon touches, and converts, at once), with the campaign's attribution window and time-decay half-life: `touchId`,
 * `campaignId`, `customerId`, `touchedAt`, `channel` (text, null for a response through a channel
 * no campaign uses), `windowDays`, `halfLifeDays`. Meant for a LATERAL join from a row (alias
 * `conversion`) with `customerId` and `convertedAt`: each branch is looked up through its
 * (tenant, customer, time) index, so the cost follows the conversions, not the planner's estimates.
 */
export function touchesBeforeSql(conversion: string): string {
  return `SELECT r.id AS "touchId", r."campaignId", r."customerId", r."decidedAt" AS "touchedAt", r.channel::text AS channel,
                 c."attributionWindowDays" AS "windowDays", c."decayHalfLifeDays" AS "halfLifeDays"
          FROM "CampaignRecipient" r JOIN "Campaign" c ON c."tenantId" = r."tenantId" AND c.id = r."campaignId"
          WHERE r."tenantId" = ${TENANT} AND r."customerId" = ${conversion}."customerId" AND r."decidedAt" <= ${conversion}."convertedAt"
            AND r.outcome = 'CONTACTED' AND ${conversion}."convertedAt" <= r."decidedAt" + make_interval(days => c."attributionWindowDays")
          UNION ALL
          SELECT s.id, s."campaignId", s."customerId", s."occurredAt", ${RESPONSE_CHANNEL}, s."windowDays", s."halfLifeDays"
          FROM (${campaignResponsesSql()}) s
          WHERE s."customerId" = ${conversion}."customerId" AND s."occurredAt" <= ${conversion}."convertedAt"
            AND ${conversion}."convertedAt" <= s."occurredAt" + make_interval(days => s."windowDays")`;
}

/**
 * The customers a campaign touched (contacted, or responding to it), given a parameter holding
 * its id; without one, every customer any campaign touched: `customerId`, once each.
 */
export function touchedCustomersSql(campaign?: string): string {
  const ofCampaign = (column: string) => (campaign ? `${column} = ${campaign}::uuid` : null);
  return `SELECT r."customerId" FROM "CampaignRecipient" r
          WHERE r."tenantId" = ${TENANT} AND r.outcome = 'CONTACTED'${campaign ? ` AND ${ofCampaign('r."campaignId"')}` : ''}
          UNION
          SELECT s."customerId" FROM (${campaignResponsesSql()}) s${campaign ? ` WHERE ${ofCampaign('s."campaignId"')}` : ''}`;
}
