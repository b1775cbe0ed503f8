import { definePlugin } from '../../src/plugin-api.ts';
import { interactionTopics } from './events.ts';
import { registerCustomerInteractions } from './customer-interactions.ts';
import { registerInteractionEnums } from './enums.ts';
import { registerInteraction } from './interaction.ts';
import { registerInteractionFacts } from './interaction-facts.ts';
import { seedInteractions } from './seed.ts';
import { interactionFacts } from './store/customer-facts.ts';
import { interactionsMergeParticipant } from './store/customer-merge.ts';

// The interactions area's public helpers: other areas import these from this file, never from the others.
export * from './public-api.ts';
export { mainPurchaseCurrency, purchaseSummaries, purchaseTotalsByCurrency, type PurchaseSummary, type PurchaseSummaryOptions, type PurchaseTotal } from './store/purchase-summaries.ts';

export default definePlugin({
  name: 'interactions',
  description: 'Every contact with a customer, on every channel: purchases, calls, complaints, visits, campaign and survey responses.',
  dependsOn: ['profile'],
  permissions: {
    'interactions:read': "Read customers' interactions and the facts derived from them.",
    'interactions:write': 'Record interactions (one at a time or in batches).',
  },
  roles: {
    sales: ['interactions:read', 'interactions:write'],
    service: ['interactions:read', 'interactions:write'],
    marketing: ['interactions:read', 'interactions:write'],
    'sales-manager': ['interactions:read', 'interactions:write'],
  },
  topics: interactionTopics,
  customerFacts: interactionFacts,
  customerMerge: interactionsMergeParticipant,
  register(builder) {
    const enums = registerInteractionEnums(builder);
    registerInteraction(builder, enums);
    registerCustomerInteractions(builder, enums);
    registerInteractionFacts(builder, enums);
  },
  seed: seedInteractions,
});
