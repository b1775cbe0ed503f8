import type { Builder, PluginComposition } from '../../../src/plugin-api.ts';
import { parseCampaignNodeId } from '../ids.ts';
import { READ } from '../permissions.ts';
import { campaignPerformance } from './campaign-performance.ts';
import type { ReturnTypes } from './performance-types.ts';

/** `Campaign.performance`: the campaign's measured return under a model. */
export function registerCampaignPerformance(builder: Builder, composition: PluginComposition, types: ReturnTypes): void {
  const withDeals = composition.enabledPlugins.has('pipeline');
  builder.objectField('Campaign', 'performance', (t) =>
    t.field({
      type: types.Performance,
      authScopes: { permission: READ },
      description: 'What the campaign returned: attribution by the model over every touch of converting customers, lift against the control group, cost and ROI.',
      args: {
        model: t.arg({ type: types.AttributionModel, defaultValue: 'LINEAR', required: true, description: 'How revenue is shared among touches (default LINEAR).' }),
        run: t.arg.id({ description: 'One run (global id of a CampaignRun): narrows the counts and the lift to it; attribution stays over every run.' }),
      },
      resolve: (campaign, args, context) => {
        const runId = args.run ? parseCampaignNodeId(args.run, 'CampaignRun', ['run']) : null;
        return campaignPerformance(context, (campaign as { id: string }).id, args.model, runId, withDeals);
      },
    }),
  );
}
