import type { Builder, PluginComposition } from '../../../src/plugin-api.ts';
import type { CampaignEnums } from '../enums.ts';
import { registerCampaign } from './campaign.ts';
import { registerCampaignContactPlan } from './campaign-contact-plan.ts';
import { registerCampaignMutations } from './campaign-mutations.ts';
import { registerCampaignSettings } from './campaign-settings.ts';
import { registerCampaignSuppression } from './campaign-suppression.ts';
import { registerCustomerCampaigns } from './customer-campaigns.ts';

/** Campaigns as they are defined: the Campaign type, its queries and mutations, suppression, settings, the contact plan. */
export function registerCampaignDefinitions(builder: Builder, composition: PluginComposition, enums: CampaignEnums): void {
  const types = registerCampaign(builder, enums);
  registerCampaignMutations(builder, enums, types);
  registerCampaignSuppression(builder, enums);
  registerCampaignSettings(builder);
  registerCampaignContactPlan(builder, enums);
  registerCustomerCampaigns(builder, enums, composition);
}
