import type { Context } from '../../../src/plugin-api.ts';
import type { MoneyTotal } from '../money-total.ts';
import { OPEN_STAGES } from '../stages.ts';
import { effectiveProbabilitySql, stageProbabilitySql } from './stage-probability-sql.ts';

/** Open pipeline per customer and currency, most frequent currencies first, for a whole page of customers in one statement. */
export async function readOpenPipelineValues(context: Context, customerIds: readonly string[]): Promise<MoneyTotal[][]> {
  const rows = await context.sql.query<{ customerId: string; currency: string; count: number; amount: string; weighted: string }>(
    `SELECT o."customerId"::text AS "customerId", o.currency, count(*)::int AS count, COALESCE(sum(o.amount), 0.00)::text AS amount,
            COALESCE(sum(round(o.amount * ${effectiveProbabilitySql('o', 'sp')} / 100.0, 2)), 0.00)::text AS weighted
     FROM "Opportunity" o JOIN ${stageProbabilitySql()} sp ON sp.stage = o.stage
     WHERE o."tenantId" = current_setting('app.tenant_id') AND o."customerId" = ANY($1::uuid[]) AND o.stage = ANY($2::"OpportunityStage"[])
     GROUP BY o."customerId", o.currency
     ORDER BY count(*) DESC, o.currency`,
    [customerIds, OPEN_STAGES],
  );
  const totals = new Map<string, MoneyTotal[]>(customerIds.map((id) => [id, []]));
  for (const row of rows) totals.get(row.customerId)?.push({ currency: row.currency, count: row.count, amount: row.amount, weightedAmount: row.weighted });
  return customerIds.map((id) => totals.get(id)!);
}
