import { createContextCache } from '@pothos/core';
import DataLoader from 'dataloader';
import type { Context } from '../../../src/plugin-api.ts';
import { viewerOf } from '../../../src/plugin-api.ts';
import { conversionsSql } from './attribution-conversions.ts';
import { campaignResponsesSql } from './campaign-responses.ts';
import type { ConversionSource } from './return-conversions.ts';

// What came of each contact a customer received: their responses to its campaign and the
// conversions within the campaign's window, for every contact a request shows, one statement each.

/** The most responses, and conversions, shown per contact (the oldest first). */
export const OUTCOMES_PER_CONTACT = 20;

export interface ContactResponseRow {
  /** The response's interaction (row id). */
  id: string;
  respondedAt: Date;
  /** The interactions area's channel (text). */
  channel: string;
}

export interface ContactConversionRow {
  source: ConversionSource;
  /** The purchase's interaction or the won opportunity (row id). */
  sourceId: string;
  convertedAt: Date;
  /** Decimal text, as the numeric column reads. */
  amount: string;
  currency: string;
}

/** Rows of a statement over `unnest(contact ids)`, each list in the order the statement gave. */
function byContact<Row>(ids: readonly string[], rows: readonly ({ contactId: string } & Row)[]): Row[][] {
  const lists = new Map<string, Row[]>(ids.map((id) => [id, []]));
  for (const { contactId, ...row } of rows) lists.get(contactId)?.push(row as Row);
  return ids.map((id) => lists.get(id)!);
}

/**
 * The loaders of one schema, by contact (a CONTACTED "CampaignRecipient" row id); `withDeals`:
 * won deals convert too (the pipeline area is enabled).
 */
export function contactOutcomes(withDeals: boolean) {
  return createContextCache((context: Context) => {
    const tenantId = () => viewerOf(context).tenantId;
    return {
      /** The customer's responses to the contact's campaign at or after the contact. */
      responses: new DataLoader<string, ContactResponseRow[]>(async (ids) =>
        byContact(
          ids,
          await context.sql.query<{ contactId: string } & ContactResponseRow>(
            `SELECT r.id::text AS "contactId", s.id::text AS id, s."occurredAt" AS "respondedAt", s.channel
             FROM "CampaignRecipient" r
             CROSS JOIN LATERAL (
               SELECT s.id, s."occurredAt", s.channel FROM (${campaignResponsesSql()}) s
               WHERE s."customerId" = r."customerId" AND s."campaignId" = r."campaignId" AND s."occurredAt" >= r."decidedAt"
               ORDER BY s."occurredAt", s.id LIMIT ${OUTCOMES_PER_CONTACT}
             ) s
             WHERE r."tenantId" = $2 AND r.id = ANY($1::uuid[]) AND r.outcome = 'CONTACTED'
             ORDER BY r.id, s."occurredAt", s.id`,
            [[...ids], tenantId()],
          ),
        ),
      ),
      /** The customer's purchases (and won deals) within the campaign's attribution window after the contact. */
      conversions: new DataLoader<string, ContactConversionRow[]>(async (ids) =>
        byContact(
          ids,
          await context.sql.query<{ contactId: string } & ContactConversionRow>(
            `SELECT r.id::text AS "contactId", v.source, v."sourceId"::text AS "sourceId", v."convertedAt", v.amount::text AS amount, v.currency
             FROM "CampaignRecipient" r
             JOIN "Campaign" c ON c."tenantId" = r."tenantId" AND c.id = r."campaignId"
             CROSS JOIN LATERAL (
               SELECT v.source, v."sourceId", v."convertedAt", v.amount, v.currency FROM (${conversionsSql(withDeals)}) v
               WHERE v."customerId" = r."customerId" AND v."convertedAt" >= r."decidedAt"
                 AND v."convertedAt" <= r."decidedAt" + make_interval(days => c."attributionWindowDays")
               ORDER BY v."convertedAt", v.source, v."sourceId" LIMIT ${OUTCOMES_PER_CONTACT}
             ) v
             WHERE r."tenantId" = $2 AND r.id = ANY($1::uuid[]) AND r.outcome = 'CONTACTED'
             ORDER BY r.id, v."convertedAt", v.source, v."sourceId"`,
            [[...ids], tenantId()],
          ),
        ),
      ),
    };
  });
}
