import type { TenantDb } from '../../../src/plugin-api.ts';
import type { TicketChannel, TicketKind, TicketPriority } from './enums.ts';

// The service report as one SQL statement: the period cut into buckets (days, weeks or months of a
// time zone, or one bucket), each ticket counted in the buckets its own instants fall in.
//
//   created          tickets opened in the bucket
//   first response   tickets first answered in the bucket: minutes from opening (calendar), and
//                    business minutes on the SLA clock (pauses excluded); median and p90
//   resolution       tickets (last) resolved in the bucket, the same two measures
//   compliance       among those with an SLA policy: first responses in time, resolutions in
//                    time, and resolved tickets that breached neither target
//   CSAT             ratings recorded in the bucket: average score and count
//   reopen rate      share of the tickets resolved in the bucket that had been reopened

export type ReportInterval = 'DAY' | 'WEEK' | 'MONTH';

export interface ReportScope {
  tenantId: string;
  from: Date;
  to: Date;
  interval: ReportInterval | null;
  timeZone: string;
  queueIds: readonly string[] | null;
  kinds: readonly TicketKind[] | null;
  categoryIds: readonly string[] | null;
  channels: readonly TicketChannel[] | null;
  priorities: readonly TicketPriority[] | null;
}

export interface DurationFigures {
  count: number;
  medianMinutes: number | null;
  p90Minutes: number | null;
  businessMedianMinutes: number | null;
  businessP90Minutes: number | null;
}

export interface ServiceFigures {
  periodStart: Date;
  periodEnd: Date;
  created: number;
  resolved: number;
  firstResponse: DurationFigures;
  resolution: DurationFigures;
  firstResponseCompliancePercent: number | null;
  resolutionCompliancePercent: number | null;
  slaCompliancePercent: number | null;
  csatAverage: number | null;
  csatResponses: number;
  reopenRatePercent: number | null;
}

interface Row {
  total: boolean;
  periodStart: Date;
  periodEnd: Date;
  created: number;
  resolved: number;
  frCount: number;
  frMedian: number | null;
  frP90: number | null;
  frBusinessMedian: number | null;
  frBusinessP90: number | null;
  resCount: number;
  resMedian: number | null;
  resP90: number | null;
  resBusinessMedian: number | null;
  resBusinessP90: number | null;
  frCompliance: number | null;
  resCompliance: number | null;
  slaCompliance: number | null;
  csatAverage: number | null;
  csatResponses: number;
  reopenRate: number | null;
}

export async function serviceReport(db: TenantDb, scope: ReportScope): Promise<{ totals: ServiceFigures; periods: ServiceFigures[] }> {
  const unit = { DAY: 'day', WEEK: 'week', MONTH: 'month' } as const;
  const rows = await db.$queryRaw<Row[]>`
    WITH period AS (
      SELECT ${scope.from}::timestamp(3) AS "from", ${scope.to}::timestamp(3) AS "to", ${scope.timeZone}::text AS zone, ${scope.interval ? unit[scope.interval] : null}::text AS unit
    ), buckets AS (
      SELECT false AS total, greatest(b.start, p."from") AS start, least(b.finish, p."to") AS finish
      FROM period p
      CROSS JOIN LATERAL generate_series(
        date_trunc(p.unit, (p."from" AT TIME ZONE 'UTC') AT TIME ZONE p.zone),
        (p."to" AT TIME ZONE 'UTC') AT TIME ZONE p.zone - interval '1 millisecond',
        ('1 ' || p.unit)::interval) AS local(start)
      CROSS JOIN LATERAL (
        SELECT (local.start AT TIME ZONE p.zone) AT TIME ZONE 'UTC' AS start,
               ((local.start + ('1 ' || p.unit)::interval) AT TIME ZONE p.zone) AT TIME ZONE 'UTC' AS finish
      ) b
      WHERE p.unit IS NOT NULL
      UNION ALL
      SELECT true, p."from", p."to" FROM period p
    ), scoped AS (
      SELECT t."createdAt", t."firstRespondedAt", t."resolvedAt", t."csatAt", t."csatScore", t."reopenCount",
             t."firstResponseSeconds", t."resolutionSeconds", t."slaPolicyId",
             t."firstResponseBreachedAt", t."resolutionBreachedAt"
      FROM "Ticket" t, period p
      WHERE t."tenantId" = ${scope.tenantId}
        AND ((t."createdAt" >= p."from" AND t."createdAt" < p."to")
          OR (t."firstRespondedAt" >= p."from" AND t."firstRespondedAt" < p."to")
          OR (t."resolvedAt" >= p."from" AND t."resolvedAt" < p."to")
          OR (t."csatAt" >= p."from" AND t."csatAt" < p."to"))
        AND (${scope.queueIds}::uuid[] IS NULL OR t."queueId" = ANY(${scope.queueIds}::uuid[]))
        AND (${scope.kinds}::text[] IS NULL OR t.kind::text = ANY(${scope.kinds}::text[]))
        AND (${scope.categoryIds}::uuid[] IS NULL OR t."categoryId" = ANY(${scope.categoryIds}::uuid[]))
        AND (${scope.channels}::text[] IS NULL OR t.channel::text = ANY(${scope.channels}::text[]))
        AND (${scope.priorities}::text[] IS NULL OR t.priority::text = ANY(${scope.priorities}::text[]))
    )
    SELECT b.total, b.start AS "periodStart", b.finish AS "periodEnd", f.*
    FROM buckets b
    CROSS JOIN LATERAL (
      SELECT
        (count(*) FILTER (WHERE s."createdAt" >= b.start AND s."createdAt" < b.finish))::int AS created,
        (count(*) FILTER (WHERE s.resolved_in))::int AS resolved,
        (count(*) FILTER (WHERE s.responded_in))::int AS "frCount",
        round((percentile_cont(0.5) WITHIN GROUP (ORDER BY s.fr_minutes) FILTER (WHERE s.responded_in))::numeric, 2)::float8 AS "frMedian",
        round((percentile_cont(0.9) WITHIN GROUP (ORDER BY s.fr_minutes) FILTER (WHERE s.responded_in))::numeric, 2)::float8 AS "frP90",
        round((percentile_cont(0.5) WITHIN GROUP (ORDER BY s.fr_business_minutes) FILTER (WHERE s.responded_in))::numeric, 2)::float8 AS "frBusinessMedian",
        round((percentile_cont(0.9) WITHIN GROUP (ORDER BY s.fr_business_minutes) FILTER (WHERE s.responded_in))::numeric, 2)::float8 AS "frBusinessP90",
        (count(*) FILTER (WHERE s.resolved_in))::int AS "resCount",
        round((percentile_cont(0.5) WITHIN GROUP (ORDER BY s.res_minutes) FILTER (WHERE s.resolved_in))::numeric, 2)::float8 AS "resMedian",
        round((percentile_cont(0.9) WITHIN GROUP (ORDER BY s.res_minutes) FILTER (WHERE s.resolved_in))::numeric, 2)::float8 AS "resP90",
        round((percentile_cont(0.5) WITHIN GROUP (ORDER BY s.res_business_minutes) FILTER (WHERE s.resolved_in))::numeric, 2)::float8 AS "resBusinessMedian",
        round((percentile_cont(0.9) WITHIN GROUP (ORDER BY s.res_business_minutes) FILTER (WHERE s.resolved_in))::numeric, 2)::float8 AS "resBusinessP90",
        round(100.0 * count(*) FILTER (WHERE s.responded_in AND s."slaPolicyId" IS NOT NULL AND s."firstResponseBreachedAt" IS NULL)
              / nullif(count(*) FILTER (WHERE s.responded_in AND s."slaPolicyId" IS NOT NULL), 0), 2)::float8 AS "frCompliance",
        round(100.0 * count(*) FILTER (WHERE s.resolved_in AND s."slaPolicyId" IS NOT NULL AND s."resolutionBreachedAt" IS NULL)
              / nullif(count(*) FILTER (WHERE s.resolved_in AND s."slaPolicyId" IS NOT NULL), 0), 2)::float8 AS "resCompliance",
        round(100.0 * count(*) FILTER (WHERE s.resolved_in AND s."slaPolicyId" IS NOT NULL AND s."firstResponseBreachedAt" IS NULL AND s."resolutionBreachedAt" IS NULL)
              / nullif(count(*) FILTER (WHERE s.resolved_in AND s."slaPolicyId" IS NOT NULL), 0), 2)::float8 AS "slaCompliance",
        round(avg(s."csatScore") FILTER (WHERE s.rated_in), 2)::float8 AS "csatAverage",
        (count(*) FILTER (WHERE s.rated_in))::int AS "csatResponses",
        round(100.0 * count(*) FILTER (WHERE s.resolved_in AND s."reopenCount" > 0) / nullif(count(*) FILTER (WHERE s.resolved_in), 0), 2)::float8 AS "reopenRate"
      FROM (
        SELECT scoped.*,
               (scoped."firstRespondedAt" >= b.start AND scoped."firstRespondedAt" < b.finish) AS responded_in,
               (scoped."resolvedAt" >= b.start AND scoped."resolvedAt" < b.finish AND scoped."resolutionSeconds" IS NOT NULL) AS resolved_in,
               (scoped."csatAt" >= b.start AND scoped."csatAt" < b.finish) AS rated_in,
               extract(epoch FROM scoped."firstRespondedAt" - scoped."createdAt") / 60 AS fr_minutes,
               scoped."firstResponseSeconds" / 60.0 AS fr_business_minutes,
               extract(epoch FROM scoped."resolvedAt" - scoped."createdAt") / 60 AS res_minutes,
               scoped."resolutionSeconds" / 60.0 AS res_business_minutes
        FROM scoped
      ) s
    ) f
    ORDER BY b.total, b.start`;

  const figures = (row: Row): ServiceFigures => ({
    periodStart: row.periodStart,
    periodEnd: row.periodEnd,
    created: row.created,
    resolved: row.resolved,
    firstResponse: { count: row.frCount, medianMinutes: row.frMedian, p90Minutes: row.frP90, businessMedianMinutes: row.frBusinessMedian, businessP90Minutes: row.frBusinessP90 },
    resolution: { count: row.resCount, medianMinutes: row.resMedian, p90Minutes: row.resP90, businessMedianMinutes: row.resBusinessMedian, businessP90Minutes: row.resBusinessP90 },
    firstResponseCompliancePercent: row.frCompliance,
    resolutionCompliancePercent: row.resCompliance,
    slaCompliancePercent: row.slaCompliance,
    csatAverage: row.csatAverage,
    csatResponses: row.csatResponses,
    reopenRatePercent: row.reopenRate,
  });
  const totals = rows.find((row) => row.total)!;
  return { totals: figures(totals), periods: rows.filter((row) => !row.total).map(figures) };
}
