import type { Builder } from '../../../src/plugin-api.ts';
import { filterList, ValidationError } from '../../../src/plugin-api.ts';
import { READ } from '../access.ts';
import type { PipelineEnums } from '../enums.ts';
import { readForecast, type ForecastDimension as Dimension, type ForecastRow } from '../store/forecast.ts';
import { checkScope, type registerReportScope } from './report-scope.ts';

/**
 * `pipelineForecast`: the open pipeline expected to close in a date range, amount and amount ×
 * probability, grouped by any of period, owner and stage and always by currency. One SQL statement;
 * each deal's weighted value is rounded to the cent before the sums, so a group equals the sum of
 * its deals as the board shows them.
 */
export function registerForecast(builder: Builder, enums: PipelineEnums, scope: ReturnType<typeof registerReportScope>): void {
  const Dimension = builder.enumType('ForecastDimension', {
    description: 'What the forecast is grouped by, besides currency.',
    values: {
      PERIOD: { description: 'The period (see `period`) of the expected close date.' },
      OWNER: { description: 'The sales rep who owns the deal.' },
      STAGE: { description: 'The stage the deal is in.' },
    } satisfies Record<Dimension, { description: string }>,
  });
  const ForecastInput = builder.inputType('ForecastInput', {
    description: 'Which open deals the forecast covers, and how to group them.',
    fields: (t) => ({
      from: t.field({ type: 'Date', required: true, description: 'Deals expected to close on or after this day …' }),
      to: t.field({ type: 'Date', required: true, description: '… and on or before this day.' }),
      groupBy: t.field({ type: [Dimension], required: true, description: 'Any of PERIOD, OWNER, STAGE; currency is always a group. Empty: one row per currency.' }),
      period: t.field({ type: scope.PeriodRef, defaultValue: 'MONTH', description: 'The period PERIOD groups by.' }),
      ownerIds: t.stringList({ description: "Only these owners' deals.", ...filterList }),
    }),
  });
  const Row = builder.objectRef<ForecastRow>('ForecastRow').implement({
    description: 'Open opportunities of one group, in one currency. Fields of dimensions not grouped by are null.',
    fields: (t) => ({
      periodStart: t.field({ type: 'Date', nullable: true, description: 'First day of the period (UTC); null unless grouped by PERIOD.', resolve: (row) => row.periodStart }),
      ownerId: t.exposeString('ownerId', { nullable: true, description: 'The owner; null unless grouped by OWNER.' }),
      stage: t.field({ type: enums.Stage, nullable: true, description: 'The stage; null unless grouped by STAGE.', resolve: (row) => row.stage }),
      currency: t.exposeString('currency', { description: 'ISO 4217 code of the sums.' }),
      opportunities: t.exposeInt('opportunities', { description: 'Open deals in the group.' }),
      withoutAmount: t.exposeInt('withoutAmount', { description: 'Of those, deals with no amount yet (they add nothing to the sums).' }),
      amount: t.exposeString('amount', { description: 'Sum of the amounts.' }),
      weightedAmount: t.exposeString('weightedAmount', { description: 'Sum of amount × probability, each deal rounded to the cent.' }),
    }),
  });

  builder.queryField('pipelineForecast', (t) =>
    t.field({
      type: [Row],
      authScopes: READ,
      description: 'Weighted pipeline: open opportunities by expected close date, amount × probability, by period, owner and/or stage, per currency.',
      args: { input: t.arg({ type: ForecastInput, required: true, description: 'The close-date range, the grouping and the owners.' }) },
      resolve: (_root, args, context) => {
        const groupBy = [...new Set(args.input.groupBy)];
        if (groupBy.length !== args.input.groupBy.length) throw ValidationError.at(['input', 'groupBy'], 'names a dimension twice');
        return readForecast(context, checkScope(args.input), groupBy, args.input.period ?? 'MONTH');
      },
    }),
  );
}
