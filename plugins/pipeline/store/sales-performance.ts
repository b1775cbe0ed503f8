import type { Context } from '../../../src/plugin-api.ts';
import type { Period, ReportScope } from '../reports/report-scope.ts';
import { periodStartSql } from './report-periods.ts';

export type PerformanceDimension = 'PERIOD' | 'OWNER';

export interface WonTotal {
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
 * The deals closed in the scope, by `groupBy`: won and lost, the win rate, the won amounts per
 * currency and the average cycle (creation to close) of the won ones, in one statement.
 */
export function readSalesPerformance(context: Context, scope: ReportScope, groupBy: readonly PerformanceDimension[], period: Period): Promise<PerformanceRow[]> {
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
