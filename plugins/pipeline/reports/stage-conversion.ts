import type { Builder, Context, OpportunityStage } from '../../../src/plugin-api.ts';
import { filterList } from '../../../src/plugin-api.ts';
import { READ } from '../access.ts';
import type { PipelineEnums } from '../enums.ts';
import { stageNumber, stageProbabilitySql } from '../stages.ts';
import { checkScope } from './report-scope.ts';

export interface ConversionRow {
  stage: OpportunityStage;
  reached: number;
  conversionToNext: number | null;
  averageDaysInStage: number | null;
  completedStays: number;
}

/**
 * `stageConversion`: the funnel of the deals created in a date range, from their stage history.
 * A deal reached a stage when it got that far or further (skipped stages count as passed), and a
 * won deal reached every stage; conversion to the next stage is reached(next) / reached(stage).
 * Time in stage averages the stays that ended (the deal moved on), so a deal sitting in a stage
 * does not yet count for it. One SQL statement.
 */
export function registerStageConversion(builder: Builder, enums: PipelineEnums): void {
  const Input = builder.inputType('StageConversionInput', {
    description: 'The cohort: deals created in a date range, optionally of some owners.',
    fields: (t) => ({
      from: t.field({ type: 'Date', required: true, description: 'Deals created on or after this day (UTC) …' }),
      to: t.field({ type: 'Date', required: true, description: '… and on or before this day.' }),
      ownerIds: t.stringList({ description: "Only these owners' deals.", ...filterList }),
    }),
  });
  const Row = builder.objectRef<ConversionRow>('StageConversionRow').implement({
    description: "One stage's figures for the cohort.",
    fields: (t) => ({
      stage: t.field({ type: enums.Stage, description: 'Which stage this row is about.', resolve: (row) => row.stage }),
      number: t.int({ description: "The stage's position, 1 to 8.", resolve: (row) => stageNumber(row.stage) }),
      reached: t.exposeInt('reached', { description: 'Deals of the cohort that got this far.' }),
      conversionToNext: t.exposeFloat('conversionToNext', { nullable: true, description: 'Share of them that reached the next stage (for NEGOTIATION: won), to 4 decimals.' }),
      averageDaysInStage: t.exposeFloat('averageDaysInStage', { nullable: true, description: 'Average days a deal stayed before moving on, to 2 decimals.' }),
      completedStays: t.exposeInt('completedStays', { description: 'Stays the average is made of.' }),
    }),
  });

  builder.queryField('stageConversion', (t) =>
    t.field({
      type: [Row],
      authScopes: READ,
      description: 'Stage-to-stage conversion and average time in stage of the deals created in a date range: stages 1 to 7, then CLOSED_WON.',
      args: { input: t.arg({ type: Input, required: true, description: 'The creation-date range and the owners of the cohort.' }) },
      resolve: (_root, args, context) => loadConversion(context, checkScope(args.input)),
    }),
  );
}

async function loadConversion(context: Context, scope: ReturnType<typeof checkScope>): Promise<ConversionRow[]> {
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
