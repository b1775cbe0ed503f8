import type { Builder, Context } from '../../../src/plugin-api.ts';
import { filterList, ValidationError } from '../../../src/plugin-api.ts';
import { READ } from '../access.ts';
import { checkScope, periodStartSql, type Period, type registerReportScope } from './report-scope.ts';

const DIMENSIONS = ['PERIOD', 'OWNER'] as const;
type Dimension = (typeof DIMENSIONS)[number];

interface WonTotal {
  currency: string;
  count: number;
  amount: string;
  averageAmount: string;
}

export interface PerformanceRow {
  periodStart: string | null;
  ownerId: string | null;
  won: number;
  lost: number;
  winRate: number | null;
  averageCycleDays: number | null;
  wonTotals: WonTotal[];
}

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
  const WonTotalRef = builder.objectRef<WonTotal>('WonTotal').implement({
    description: 'Won deals in one currency.',
    fields: (t) => ({
      currency: t.exposeString('currency', { description: 'ISO 4217 code of the amounts.' }),
      count: t.exposeInt('count', { description: 'Won deals in this currency.' }),
      amount: t.exposeString('amount', { description: 'Sum of the won amounts.' }),
      averageAmount: t.exposeString('averageAmount', { description: 'Average deal size, rounded to the cent.' }),
    }),
  });
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
        return loadPerformance(context, checkScope(args.input), groupBy, args.input.period ?? 'MONTH');
      },
    }),
  );
}

async function loadPerformance(context: Context, scope: ReturnType<typeof checkScope>, groupBy: Dimension[], period: Period): Promise<PerformanceRow[]> {
  const parameters: unknown[] = [scope.from, scope.to];
  const ownerCondition = scope.ownerIds ? ` AND o."ownerId" = ANY($${parameters.push(scope.ownerIds)}::text[])` : '';
  const periodColumn = groupBy.includes('PERIOD') ? periodStartSql(period, 'o."closedAt"') : 'NULL::date';
  const ownerColumn = groupBy.includes('OWNER') ? 'o."ownerId"' : 'NULL::text';
  return context.db.$queryRawUnsafe<PerformanceRow[]>(
    `WITH closed AS (
       SELECT ${periodColumn} AS "periodStart", ${ownerColumn} AS "ownerId", o.stage = 'CLOSED_WON' AS won, o.amount, o.currency,
              extract(epoch FROM o."closedAt" - o."createdAt") AS "cycleSeconds"
       FROM "Opportunity" o
       WHERE o."tenantId" = current_setting('app.tenant_id') AND o.stage IN ('CLOSED_WON', 'CLOSED_LOST')
         AND o."closedAt" >= $1::date AND o."closedAt" < $2::date + 1${ownerCondition}
     ),
     won_by_currency AS (
       SELECT "periodStart", "ownerId", currency, count(*)::int AS count, sum(amount) AS amount, round(avg(amount), 2) AS average
       FROM closed WHERE won GROUP BY "periodStart", "ownerId", currency
     )
     SELECT c."periodStart"::text AS "periodStart", c."ownerId",
            (count(*) FILTER (WHERE c.won))::int AS won, (count(*) FILTER (WHERE NOT c.won))::int AS lost,
            round((count(*) FILTER (WHERE c.won))::numeric / count(*), 4)::float8 AS "winRate",
            round(avg(c."cycleSeconds") FILTER (WHERE c.won) / 86400, 2)::float8 AS "averageCycleDays",
            COALESCE((SELECT json_agg(json_build_object('currency', w.currency, 'count', w.count, 'amount', w.amount::text, 'averageAmount', w.average::text)
                                      ORDER BY w.count DESC, w.currency)
                      FROM won_by_currency w
                      WHERE w."periodStart" IS NOT DISTINCT FROM c."periodStart" AND w."ownerId" IS NOT DISTINCT FROM c."ownerId"), '[]') AS "wonTotals"
     FROM closed c
     GROUP BY c."periodStart", c."ownerId"
     ORDER BY c."periodStart", c."ownerId"`,
    ...parameters,
  );
}
