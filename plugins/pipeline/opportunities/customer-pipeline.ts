import type { Builder, Context } from '../../../src/plugin-api.ts';
import type { OpportunityStage } from '../store/enums.ts';
import { READ } from '../access.ts';
import { OPPORTUNITY_STATUSES, type OpportunityStatus, type PipelineEnums } from '../enums.ts';
import type { registerMoneyTotal } from '../money-total.ts';
import { OPEN_STAGES } from '../stages.ts';
import { readOpenPipelineValues } from '../store/customer-pipeline.ts';

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
      load: (customerIds: string[], context: Context) => readOpenPipelineValues(context, customerIds),
      resolve: (customer) => customer.id,
    }),
  );
}
