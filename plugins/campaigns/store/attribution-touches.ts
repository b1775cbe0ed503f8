import { campaignResponsesSql } from '../../interactions/plugin.ts';
import { CHANNELS } from '../channels.ts';

/** The campaign channel a response came through, from the interaction channel the contacts use. */
const RESPONSE_CHANNEL = `CASE s.channel ${Object.entries(CHANNELS)
  .map(([campaignChannel, mapping]) => `WHEN '${mapping.interactionChannel}' THEN '${campaignChannel}'`)
  .join(' ')} END`;

/**
 * Every touch of every campaign: a contact (a CONTACTED recipient, dated when it was decided) or a
 * response (an interaction linked to the campaign), with the campaign's attribution window and
 * time-decay half-life: `touchId`, `campaignId`, `customerId`, `touchedAt`, `channel` (text, null
 * for a response through a channel no campaign uses), `windowDays`, `halfLifeDays`. Meant as a CTE.
 */
export function touchesSql(): string {
  return `SELECT r.id AS "touchId", r."campaignId", r."customerId", r."decidedAt" AS "touchedAt", r.channel::text AS channel,
                 c."attributionWindowDays" AS "windowDays", c."decayHalfLifeDays" AS "halfLifeDays"
          FROM "CampaignRecipient" r JOIN "Campaign" c ON c."tenantId" = r."tenantId" AND c.id = r."campaignId"
          WHERE r."tenantId" = current_setting('app.tenant_id', true) AND r.outcome = 'CONTACTED'
          UNION ALL
          SELECT s.id, s."campaignId", s."customerId", s."occurredAt", ${RESPONSE_CHANNEL},
                 c."attributionWindowDays", c."decayHalfLifeDays"
          FROM (${campaignResponsesSql()}) s JOIN "Campaign" c ON c."tenantId" = current_setting('app.tenant_id', true) AND c.id = s."campaignId"`;
}
