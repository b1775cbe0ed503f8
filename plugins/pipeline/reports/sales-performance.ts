import type { Builder } from '../../../src/plugin-api.ts';
import { filterList, ValidationError } from '../../../src/plugin-api.ts';
import { READ } from '../access.ts';
import { readSalesPerformance, type PerformanceDimension as Dimension, type PerformanceRow } from '../store/sales-performance.ts';
import { checkScope, type registerReportScope } from './report-scope.ts';
import { registerWonTotal } from './won-total.ts';

/**
 * `salesPerformance`: deals closed in a date range — how many were won and lost, the win rate,
 * the average won deal per currency and the average sales cycle (creation to close of won deals),
 * by period and/or owner. One SQL statement.
 */
export function registerSalesPerformance(builder: Builder, scope: ReturnType<typeof registerReportScope>): void {
  const Dimension = builder.enumType('SalesPerformanceDimension', {
    description: 'What sales performance is grouped by.',
    values: {
      PERIOD: { description: 'The period (see `period`) of the close date.' },
      OWNER: { description: 'The sales rep who owned the deal.' },
    } satisfies Record<Dimension, { description: string }>,
  });
  const Input = builder.inputType('SalesPerformanceInput', {
    description: 'Which closed deals count, and how to group them.',
    fields: (t) => ({
      from: t.field({ type: 'Date', required: true, description: 'Deals closed on or after this day (UTC) …' }),
      to: t.field({ type: 'Date', required: true, description: '… and on or before this day.' }),
      groupBy: t.field({ type: [Dimension], required: true, description: 'Any of PERIOD (of the close date) and OWNER. Empty: one row for everything.' }),
      period: t.field({ type: scope.PeriodRef, defaultValue: 'MONTH', description: 'The period PERIOD groups by.' }),
      ownerIds: t.stringList({ description: "Only these owners' deals.", ...filterList }),
    }),
  });
  const WonTotalRef = registerWonTotal(builder);
  const Row = builder.objectRef<PerformanceRow>('SalesPerformanceRow').implement({
    description: 'Deals closed in one group. Fields of dimensions not grouped by are null.',
    fields: (t) => ({
      periodStart: t.field({ type: 'Date', nullable: true, description: 'First day of the period (UTC); null unless grouped by PERIOD.', resolve: (row) => row.periodStart }),
      ownerId: t.exposeString('ownerId', { nullable: true, description: 'The owner; null unless grouped by OWNER.' }),
      won: t.exposeInt('won', { description: 'Deals closed won.' }),
      lost: t.exposeInt('lost', { description: 'Deals closed lost.' }),
      winRate: t.exposeFloat('winRate', { nullable: true, description: 'won / (won + lost), to 4 decimals.' }),
      averageCycleDays: t.exposeFloat('averageCycleDays', { nullable: true, description: 'Average days from creation to close of the won deals, to 2 decimals.' }),
      wonTotals: t.field({ type: [WonTotalRef], description: 'Per currency, the most won first.', resolve: (row) => row.wonTotals }),
    }),
  });

  builder.queryField('salesPerformance', (t) =>
    t.field({
      type: [Row],
      authScopes: READ,
      description: 'Win rate, average deal size and average cycle length of the deals closed in a date range.',
      args: { input: t.arg({ type: Input, required: true, description: 'The close-date range, the grouping and the owners.' }) },
      resolve: (_root, args, context) => {
        const groupBy = [...new Set(args.input.groupBy)];
        if (groupBy.length !== args.input.groupBy.length) throw ValidationError.at(['input', 'groupBy'], 'names a dimension twice');
        return readSalesPerformance(context, checkScope(args.input), groupBy, args.input.period ?? 'MONTH');
      },
    }),
  );
}
