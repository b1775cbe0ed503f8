import { definePlugin } from '../../src/plugin-api.ts';
import { pipelineFacts } from './store/customer-facts.ts';
import { pipelineMergeParticipant } from './store/customer-merge.ts';
import { registerMyDay } from './agenda/my-day.ts';
import { registerSalesActivity } from './agenda/sales-activity.ts';
import { registerCustomerDiscount } from './catalog/customer-discount.ts';
import { registerPrice } from './catalog/price.ts';
import { registerPriceList } from './catalog/price-list.ts';
import { registerProduct } from './catalog/product.ts';
import { registerPipelineEnums } from './enums.ts';
import { pipelineTopics } from './events.ts';
import { registerLead } from './leads/lead.ts';
import { registerMoneyTotal } from './money-total.ts';
import { registerOffer } from './offers/offer.ts';
import { registerOfferLine } from './offers/offer-line.ts';
import { registerBoard } from './opportunities/board.ts';
import { registerCustomerPipeline } from './opportunities/customer-pipeline.ts';
import { registerOpportunity } from './opportunities/opportunity.ts';
import { registerOpportunityFilter } from './opportunities/opportunity-filter.ts';
import { registerOpportunityStageChange } from './opportunities/opportunity-stage-change.ts';
import { registerReports } from './reports/reports.ts';
import { seedPipeline } from './seed.ts';
import { registerStageProbabilities } from './stage-probabilities.ts';

export * from './public-api.ts';

const READ_WRITE = ['pipeline:read', 'pipeline:write'];

export default definePlugin({
  name: 'pipeline',
  description: 'Sales: leads, opportunities through the pipeline stages, catalog and price lists, offers, the sales agenda, forecasts and reports.',
  dependsOn: ['profile'],
  permissions: {
    'pipeline:read': 'Read leads, opportunities, offers, the catalog, the agenda, the board and the sales reports.',
    'pipeline:write': 'Capture and work leads; open, edit and move your own opportunities; draw up their offers; plan your agenda.',
    'pipeline:manage': "Change anyone's deals, leads and agenda, reopen closed deals, assign owners, set stage probabilities, keep the catalog, prices and customer discounts.",
  },
  // Reps read the whole pipeline and change their own; a sales manager also manages; the service
  // desk and marketing read it, as part of the customer 360 (README: Sales).
  roles: {
    sales: READ_WRITE,
    'sales-manager': [...READ_WRITE, 'pipeline:manage'],
    service: ['pipeline:read'],
    marketing: ['pipeline:read'],
  },
  topics: pipelineTopics,
  customerFacts: pipelineFacts,
  customerMerge: pipelineMergeParticipant,
  register(builder) {
    const enums = registerPipelineEnums(builder);
    const MoneyTotal = registerMoneyTotal(builder);
    registerStageProbabilities(builder, enums);

    const OpportunityFilter = registerOpportunityFilter(builder, enums);
    registerOpportunity(builder, enums, OpportunityFilter);
    registerOpportunityStageChange(builder, enums);
    registerBoard(builder, enums, OpportunityFilter, MoneyTotal);
    registerCustomerPipeline(builder, enums, MoneyTotal);

    registerLead(builder, enums);

    registerProduct(builder, enums);
    registerPrice(builder);
    registerPriceList(builder);
    registerCustomerDiscount(builder);
    registerOffer(builder, enums);
    registerOfferLine(builder);

    registerSalesActivity(builder, enums);
    registerMyDay(builder);

    registerReports(builder, enums);
  },
  seed: seedPipeline,
});
