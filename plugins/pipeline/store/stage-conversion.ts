import type { Context } from '../../../src/plugin-api.ts';
import type { OpportunityStage } from './enums.ts';
import type { ReportScope } from '../reports/report-scope.ts';
import { stageProbabilitySql } from './stage-probability-sql.ts';

export interface ConversionRow {
  stage: OpportunityStage;
  reached: number;
  conversionToNext: number | null;
  averageDaysInStage: number | null;
  completedStays: number;
}

/** The funnel of the deals created in the scope, from their stage history, in one statement (see stageConversion). */
export function readStageConversion(context: Context, scope: ReportScope): Promise<ConversionRow[]> {
  const parameters: unknown[] = [scope.from, scope.to];
  const ownerCondition = scope.ownerIds ? ` AND o."ownerId" = ANY($${parameters.push(scope.ownerIds)}::text[])` : '';
  return context.db.$queryRawUnsafe<ConversionRow[]>(
    `WITH stages AS ${stageProbabilitySql()},
     cohort AS (
       SELECT o.id FROM "Opportunity" o
       WHERE o."tenantId" = current_setting('app.tenant_id') AND o."createdAt" >= $1::date AND o."createdAt" < $2::date + 1${ownerCondition}
     ),
     history AS (
       SELECT h."opportunityId", h."toStage", h."changedAt",
              lead(h."changedAt") OVER (PARTITION BY h."opportunityId" ORDER BY h."changedAt", h.id) AS "leftAt"
       FROM "OpportunityStageChange" h JOIN cohort c ON c.id = h."opportunityId"
       WHERE h."tenantId" = current_setting('app.tenant_id')
     ),
     furthest AS (
       SELECT h."opportunityId", max(s.position) FILTER (WHERE h."toStage" <> 'CLOSED_LOST') AS position
       FROM history h JOIN stages s ON s.stage = h."toStage" GROUP BY h."opportunityId"
     ),
     stays AS (
       SELECT "toStage" AS stage, count(*)::int AS stays, avg(extract(epoch FROM "leftAt" - "changedAt")) AS seconds
       FROM history WHERE "leftAt" IS NOT NULL GROUP BY "toStage"
     ),
     funnel AS (
       SELECT s.stage, s.position, (SELECT count(*) FROM furthest f WHERE f.position >= s.position)::int AS reached,
              COALESCE(st.stays, 0) AS "completedStays", round(st.seconds / 86400, 2)::float8 AS "averageDaysInStage"
       FROM stages s LEFT JOIN stays st ON st.stage = s.stage
       WHERE s.stage <> 'CLOSED_LOST'
     )
     SELECT stage::text AS stage, reached,
            CASE WHEN stage = 'CLOSED_WON' THEN 0 ELSE "completedStays" END AS "completedStays",
            CASE WHEN stage = 'CLOSED_WON' THEN NULL ELSE "averageDaysInStage" END AS "averageDaysInStage",
            CASE WHEN stage = 'CLOSED_WON' THEN NULL ELSE round(lead(reached) OVER (ORDER BY position)::numeric / NULLIF(reached, 0), 4)::float8 END AS "conversionToNext"
     FROM funnel ORDER BY position`,
    ...parameters,
  );
}
