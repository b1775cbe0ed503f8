import type { Builder, Context, OpportunityStage } from '../../../src/plugin-api.ts';
import { filterList, ValidationError } from '../../../src/plugin-api.ts';
import { READ } from '../access.ts';
import type { PipelineEnums } from '../enums.ts';
import { effectiveProbabilitySql, OPEN_STAGES, stageProbabilitySql } from '../stages.ts';
import { checkScope, periodStartSql, type Period, type registerReportScope } from './report-scope.ts';

const DIMENSIONS = ['PERIOD', 'OWNER', 'STAGE'] as const;
type Dimension = (typeof DIMENSIONS)[number];

export interface ForecastRow {
  periodStart: string | null;
  ownerId: string | null;
  stage: OpportunityStage | null;
  currency: string;
  opportunities: number;
  withoutAmount: number;
  amount: string;
  weightedAmount: string;
}

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
        return loadForecast(context, checkScope(args.input), groupBy, args.input.period ?? 'MONTH');
      },
    }),
  );
}

async function loadForecast(context: Context, scope: ReturnType<typeof checkScope>, groupBy: Dimension[], period: Period): Promise<ForecastRow[]> {
  const parameters: unknown[] = [scope.from, scope.to, [...OPEN_STAGES]];
  const columns: Record<Dimension, string> = {
    PERIOD: periodStartSql(period, 'o."expectedCloseDate"'),
    OWNER: 'o."ownerId"',
    STAGE: 'o.stage',
  };
  const grouped = DIMENSIONS.filter((dimension) => groupBy.includes(dimension));
  const select = (dimension: Dimension, alias: string, cast: string) => `${grouped.includes(dimension) ? columns[dimension] : 'NULL'}::${cast} AS "${alias}"`;
  const ownerCondition = scope.ownerIds ? ` AND o."ownerId" = ANY($${parameters.push(scope.ownerIds)}::text[])` : '';
  const groupColumns = [...grouped.map((dimension) => columns[dimension]), 'o.currency'];
  const order = [...grouped.map((dimension) => (dimension === 'STAGE' ? 'min(sp.position)' : columns[dimension])), 'o.currency'];

  return context.db.$queryRawUnsafe<ForecastRow[]>(
    `SELECT ${select('PERIOD', 'periodStart', 'text')}, ${select('OWNER', 'ownerId', 'text')}, ${select('STAGE', 'stage', 'text')}, o.currency,
            count(*)::int AS opportunities, (count(*) - count(o.amount))::int AS "withoutAmount",
            COALESCE(sum(o.amount), 0.00)::text AS amount,
            COALESCE(sum(round(o.amount * ${effectiveProbabilitySql('o', 'sp')} / 100.0, 2)), 0.00)::text AS "weightedAmount"
     FROM "Opportunity" o JOIN ${stageProbabilitySql()} sp ON sp.stage = o.stage
     WHERE o."tenantId" = current_setting('app.tenant_id') AND o.stage = ANY($3::"OpportunityStage"[])
       AND o."expectedCloseDate" BETWEEN $1::date AND $2::date${ownerCondition}
     GROUP BY ${groupColumns.join(', ')}
     ORDER BY ${order.join(', ')}`,
    ...parameters,
  );
}
