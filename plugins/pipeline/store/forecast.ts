import type { Context } from '../../../src/plugin-api.ts';
import type { OpportunityStage } from './enums.ts';
import type { Period, ReportScope } from '../reports/report-scope.ts';
import { OPEN_STAGES } from '../stages.ts';
import { periodStartSql } from './report-periods.ts';
import { effectiveProbabilitySql, stageProbabilitySql } from './stage-probability-sql.ts';

export const FORECAST_DIMENSIONS = ['PERIOD', 'OWNER', 'STAGE'] as const;
export type ForecastDimension = (typeof FORECAST_DIMENSIONS)[number];

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
 * The open deals expected to close in the scope, grouped by `groupBy` and always by currency, in
 * one statement; each deal's weighted value is rounded to the cent before the sums, so a group
 * equals the sum of its deals as the board shows them.
 */
export function readForecast(context: Context, scope: ReportScope, groupBy: readonly ForecastDimension[], period: Period): Promise<ForecastRow[]> {
  const parameters: unknown[] = [scope.from, scope.to, [...OPEN_STAGES]];
  const columns: Record<ForecastDimension, string> = {
    PERIOD: periodStartSql(period, 'o."expectedCloseDate"'),
    OWNER: 'o."ownerId"',
    STAGE: 'o.stage',
  };
  const grouped = FORECAST_DIMENSIONS.filter((dimension) => groupBy.includes(dimension));
  const select = (dimension: ForecastDimension, alias: string, cast: string) => `${grouped.includes(dimension) ? columns[dimension] : 'NULL'}::${cast} AS "${alias}"`;
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
