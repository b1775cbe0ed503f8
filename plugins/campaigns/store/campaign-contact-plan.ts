import type { Sql } from '../../../src/plugin-api.ts';
import { segmentMembersSql } from '../../segments/plugin.ts';
import type { ContactCap } from './campaign-settings.ts';

// The contact plan in one statement: every planned contact (campaign × channel × occurrence ×
// audience member) of the SCHEDULED and RUNNING campaigns of the period, the cap decided per
// customer and cap period, then counted per week, channel and campaign.
//
// The cap is decided over every campaign of the period, whatever the filters: a campaign not shown
// still takes a customer's allowed contacts. Cap periods are consecutive windows of `perDays` days
// from `from`; within one, a customer's contacts in order of time (then campaign, channel) are
// allowed up to `maxContacts`, the rest capped.
//
// Occurrences are the launches the runner will make: every campaign at its start, and a recurring
// one again at the start of each period after it (UTC day, ISO week from Monday, month) before its
// end, each to its whole audience (the cap then holds back what is too much).

export interface ContactPlanQuery {
  tenantId: string;
  from: Date;
  /** The first instant after the period. */
  until: Date;
  /** Only campaigns whose audience has one of these segments; null: every one. */
  segmentIds: readonly string[] | null;
  /** Only these channels; null: every one. */
  channels: readonly string[] | null;
  cap: ContactCap;
}

/** One row of the plan: a week and channel (campaignId null: every campaign of it together), or one campaign of it. */
export interface ContactPlanRow {
  week: Date;
  channel: string;
  campaignId: string | null;
  planned: number;
  contacted: number;
  capped: number;
  customers: number;
}

export function contactPlanRows(sql: Sql, query: ContactPlanQuery): Promise<ContactPlanRow[]> {
  return sql.query<ContactPlanRow>(
    `WITH campaign AS (
       SELECT c.id, c.channels, c.recurrence, c."startsAt", c."endsAt",
              array_agg(a."segmentId") FILTER (WHERE NOT a.excluded) AS include,
              coalesce(array_agg(a."segmentId") FILTER (WHERE a.excluded), '{}'::uuid[]) AS exclude,
              ($4::uuid[] IS NULL OR bool_or(NOT a.excluded AND a."segmentId" = ANY($4::uuid[]))) AS shown
       FROM "Campaign" c JOIN "CampaignAudience" a ON a."tenantId" = c."tenantId" AND a."campaignId" = c.id
       WHERE c."tenantId" = $1 AND c.status IN ('SCHEDULED', 'RUNNING') AND c."startsAt" < $3::timestamp(3)
         AND (c."endsAt" IS NULL OR c."endsAt" >= $2::timestamp(3))
       GROUP BY c.id
     ), period AS (
       SELECT campaign.id, CASE campaign.recurrence WHEN 'DAILY' THEN 'day' WHEN 'WEEKLY' THEN 'week' ELSE 'month' END AS unit,
              CASE campaign.recurrence WHEN 'DAILY' THEN interval '1 day' WHEN 'WEEKLY' THEN interval '7 days' ELSE interval '1 month' END AS length
       FROM campaign WHERE campaign.recurrence <> 'NONE'
     ), occurrence AS (
       SELECT o."campaignId", o.at FROM (
         SELECT campaign.id AS "campaignId", campaign."startsAt" AS at FROM campaign
         UNION ALL
         -- Period starts from the later of the one after the start and the period's first: both fall on period starts.
         SELECT campaign.id, at
         FROM campaign JOIN period ON period.id = campaign.id
         CROSS JOIN LATERAL generate_series(
           greatest(date_trunc(period.unit, campaign."startsAt") + period.length, date_trunc(period.unit, $2::timestamp(3))),
           $3::timestamp(3), period.length
         ) AS at
       ) o JOIN campaign ON campaign.id = o."campaignId"
       WHERE o.at >= $2::timestamp(3) AND o.at < $3::timestamp(3) AND (campaign."endsAt" IS NULL OR o.at < campaign."endsAt")
     ), contact AS (
       SELECT occurrence."campaignId", channel, occurrence.at, member.id AS "customerId"
       FROM occurrence JOIN campaign ON campaign.id = occurrence."campaignId"
       CROSS JOIN LATERAL unnest(campaign.channels) AS channel
       CROSS JOIN LATERAL (${segmentMembersSql('$1', 'campaign.include')} EXCEPT ${segmentMembersSql('$1', 'campaign.exclude')}) AS member
     ), decided AS (
       SELECT contact.*, row_number() OVER (
                PARTITION BY contact."customerId", floor(extract(epoch FROM contact.at - $2::timestamp(3)) / (86400 * $6::int))
                ORDER BY contact.at, contact."campaignId", contact.channel
              ) <= $5::int AS allowed
       FROM contact
     )
     SELECT shown.week, shown.channel, shown."campaignId",
            count(*)::int AS planned, (count(*) FILTER (WHERE shown.allowed))::int AS contacted, (count(*) FILTER (WHERE NOT shown.allowed))::int AS capped,
            (count(DISTINCT shown."customerId") FILTER (WHERE shown.allowed))::int AS customers
     FROM (
       SELECT date_trunc('week', decided.at)::date AS week, decided.channel::text AS channel, decided."campaignId"::text AS "campaignId", decided."customerId", decided.allowed
       FROM decided JOIN campaign ON campaign.id = decided."campaignId"
       WHERE campaign.shown AND ($7::text[] IS NULL OR decided.channel::text = ANY($7::text[]))
     ) AS shown
     GROUP BY GROUPING SETS ((shown.week, shown.channel, shown."campaignId"), (shown.week, shown.channel))
     ORDER BY 1, 2, 3 NULLS FIRST`,
    [query.tenantId, query.from, query.until, query.segmentIds, query.cap.maxContacts, query.cap.perDays, query.channels],
  );
}
