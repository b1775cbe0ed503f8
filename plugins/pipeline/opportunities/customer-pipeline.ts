import type { Builder, Context, OpportunityStage } from '../../../src/plugin-api.ts';
import { READ } from '../access.ts';
import { OPPORTUNITY_STATUSES, type OpportunityStatus, type PipelineEnums } from '../enums.ts';
import type { MoneyTotal, registerMoneyTotal } from '../money-total.ts';
import { effectiveProbabilitySql, OPEN_STAGES, stageProbabilitySql } from '../stages.ts';

const STAGES_OF: Record<OpportunityStatus, OpportunityStage[]> = { OPEN: [...OPEN_STAGES], WON: ['CLOSED_WON'], LOST: ['CLOSED_LOST'] };

/** The sales side of the customer 360: `Customer.opportunities` and `Customer.openPipelineValue`. */
export function registerCustomerPipeline(builder: Builder, enums: PipelineEnums, MoneyTotalRef: ReturnType<typeof registerMoneyTotal>): void {
  builder.prismaInterfaceField('Customer', 'opportunities', (t) =>
    t.relatedConnection('opportunities', {
      cursor: 'id',
      authScopes: READ,
      description: "The customer's opportunities, open ones first, then by expected close date.",
      args: { statuses: t.arg({ type: [enums.Status], description: `Only these (${OPPORTUNITY_STATUSES.join(', ')}).` }) },
      totalCount: true,
      query: (args) => ({
        where: args.statuses?.length ? { stage: { in: args.statuses.flatMap((status) => STAGES_OF[status]) } } : {},
        orderBy: [{ closedAt: { sort: 'desc', nulls: 'first' } }, { expectedCloseDate: 'asc' }, { id: 'asc' }],
      }),
    }),
  );

  builder.prismaInterfaceField('Customer', 'openPipelineValue', (t) =>
    t.loadableList({
      type: MoneyTotalRef,
      authScopes: READ,
      description: "The customer's open opportunities added up per currency: amounts and amount × probability.",
      load: (customerIds: string[], context: Context) => loadOpenPipelineValues(context, customerIds),
      resolve: (customer) => customer.id,
    }),
  );
}

/** Open pipeline per customer and currency, for a whole page of customers in one statement. */
async function loadOpenPipelineValues(context: Context, customerIds: readonly string[]): Promise<MoneyTotal[][]> {
  const rows = await context.db.$queryRawUnsafe<{ customerId: string; currency: string; count: number; amount: string; weighted: string }[]>(
    `SELECT o."customerId"::text AS "customerId", o.currency, count(*)::int AS count, COALESCE(sum(o.amount), 0.00)::text AS amount,
            COALESCE(sum(round(o.amount * ${effectiveProbabilitySql('o', 'sp')} / 100.0, 2)), 0.00)::text AS weighted
     FROM "Opportunity" o JOIN ${stageProbabilitySql()} sp ON sp.stage = o.stage
     WHERE o."tenantId" = current_setting('app.tenant_id') AND o."customerId" = ANY($1::uuid[]) AND o.stage = ANY($2::"OpportunityStage"[])
     GROUP BY o."customerId", o.currency
     ORDER BY count(*) DESC, o.currency`,
    [...customerIds],
    [...OPEN_STAGES],
  );
  const totals = new Map<string, MoneyTotal[]>(customerIds.map((id) => [id, []]));
  for (const row of rows) totals.get(row.customerId)?.push({ currency: row.currency, count: row.count, amount: row.amount, weightedAmount: row.weighted });
  return customerIds.map((id) => totals.get(id)!);
}
