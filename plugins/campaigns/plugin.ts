import { definePlugin } from '../../src/plugin-api.ts';
import { seedCampaigns } from './demo/seed.ts';
import { registerCampaignDefinitions } from './definitions/register.ts';
import { registerCampaignEnums } from './enums.ts';
import { campaignTopics } from './events.ts';
import { startLaunchRunner } from './launch/launch-runner.ts';
import { registerCampaignLaunch } from './launch/register.ts';
import { LAUNCH, READ, WRITE } from './permissions.ts';
import { conversionReaction } from './returns/conversion-reaction.ts';
import { registerCampaignReturns } from './returns/register.ts';
import { campaignsMergeParticipant } from './store/recipient-merge.ts';

export default definePlugin({
  name: 'campaigns',
  description: 'Marketing: campaigns with a contact plan, honoured consent and a control group, and their measured return.',
  dependsOn: ['profile', 'interactions', 'segments'],
  // Won deals convert too where the sales area is enabled.
  integratesWith: ['pipeline'],
  permissions: {
    [READ]: 'Read campaigns, their runs, recipients and exclusions, the contact plan and their return.',
    [WRITE]: 'Create and change campaigns, their costs and variants; the suppression list and the contact cap.',
    [LAUNCH]: 'Launch, complete and cancel campaigns: contact their audience.',
  },
  roles: {
    marketing: [READ, WRITE, LAUNCH],
    sales: [READ],
    'sales-manager': [READ],
    service: [READ],
  },
  topics: campaignTopics,
  customerMerge: campaignsMergeParticipant,
  // Carries launched runs to their end, batch by batch from their checkpoints (resumes after a restart).
  background: (context) => startLaunchRunner(context),
  reactions: { conversions: conversionReaction() },
  seed: seedCampaigns,
  register(builder, composition) {
    const enums = registerCampaignEnums(builder);
    registerCampaignDefinitions(builder, composition, enums);
    registerCampaignLaunch(builder, composition, enums);
    registerCampaignReturns(builder, composition, enums);
  },
});
