import type { Builder, PluginComposition } from '../../../src/plugin-api.ts';
import type { CampaignEnums } from '../enums.ts';
import { registerCampaignPerformance } from './campaign-performance-field.ts';
import { registerCampaignReturnsReport } from './campaign-returns-report.ts';
import { registerReturnTypes } from './performance-types.ts';

/** What campaigns return: conversions, attribution by model, lift against the control group, ROI. */
export function registerCampaignReturns(builder: Builder, composition: PluginComposition, _enums: CampaignEnums): void {
  const types = registerReturnTypes(builder);
  registerCampaignPerformance(builder, composition, types);
  registerCampaignReturnsReport(builder, composition, types);
}
