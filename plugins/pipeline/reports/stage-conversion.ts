import type { Builder } from '../../../src/plugin-api.ts';
import { filterList } from '../../../src/plugin-api.ts';
import { READ } from '../access.ts';
import type { PipelineEnums } from '../enums.ts';
import { stageNumber } from '../stages.ts';
import { readStageConversion, type ConversionRow } from '../store/stage-conversion.ts';
import { checkScope } from './report-scope.ts';

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
      resolve: (_root, args, context) => readStageConversion(context, checkScope(args.input)),
    }),
  );
}
