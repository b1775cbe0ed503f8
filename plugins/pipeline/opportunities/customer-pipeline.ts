import type { Builder, Context } from '../../../src/plugin-api.ts';
import { keysetConnection } from '../../../src/plugin-api.ts';
import type { OpportunityStage } from '../store/enums.ts';
import { READ } from '../access.ts';
import { OPPORTUNITY_STATUSES, type OpportunityStatus, type PipelineEnums } from '../enums.ts';
import type { registerMoneyTotal } from '../money-total.ts';
import { OPEN_STAGES } from '../stages.ts';
import { CUSTOMER_OPPORTUNITIES_ORDER, customerOpportunities } from '../store/customer-opportunities.ts';
import { readOpenPipelineValues } from '../store/customer-pipeline.ts';

const STAGES_OF: Record<OpportunityStatus, OpportunityStage[]> = { OPEN: [...OPEN_STAGES], WON: ['CLOSED_WON'], LOST: ['CLOSED_LOST'] };

/** The sales side of the customer 360: `Customer.opportunities` and `Customer.openPipelineValue`. */
export function registerCustomerPipeline(builder: Builder, enums: PipelineEnums, MoneyTotalRef: ReturnType<typeof registerMoneyTotal>): void {
  builder.interfaceField('Customer', 'opportunities', (t) =>
    t.connection(
      {
        type: 'Opportunity',
        authScopes: READ,
        description: "The customer's opportunities, open ones first, then by expected close date.",
        args: { statuses: t.arg({ type: [enums.Status], description: `Only these (${OPPORTUNITY_STATUSES.join(', ')}).` }) },
        resolve: async (customer, args, context) => {
          const customerId = (customer as { id: string }).id;
          const stages = args.statuses?.length ? args.statuses.flatMap((status) => STAGES_OF[status]) : null;
          let totalCount = 0;
          const page = await keysetConnection(args, CUSTOMER_OPPORTUNITIES_ORDER, async (request) => {
            const read = await customerOpportunities(context).load({ customerId, request: { ...request, stages } });
            totalCount = read.totalCount;
            return read.opportunities;
          });
          return { ...page, totalCount };
        },
      },
      {
        name: 'CustomerOpportunitiesConnection',
        fields: (connection) => ({
          totalCount: connection.int({ resolve: (page) => page.totalCount }),
        }),
      },
      { name: 'CustomerOpportunitiesConnectionEdge' },
    ),
  );

  builder.interfaceField('Customer', 'openPipelineValue', (t) =>
    t.loadableList({
      type: MoneyTotalRef,
      authScopes: READ,
      description: "The customer's open opportunities added up per currency: amounts and amount × probability.",
      load: (customerIds: string[], context: Context) => readOpenPipelineValues(context, customerIds),
      resolve: (customer) => (customer as { id: string }).id,
    }),
  );
}
