import type { Builder, PluginComposition } from '../../../src/plugin-api.ts';
import { ConflictError, NotFoundError, ValidationError, viewerOf } from '../../../src/plugin-api.ts';
import type { CampaignEnums } from '../enums.ts';
import { parseCampaignNodeId } from '../ids.ts';
import { LAUNCH } from '../permissions.ts';
import { registerCampaignRun } from './campaign-run.ts';
import { launchCampaign } from './launch-campaign.ts';

/** Launching: runs, recipients and exclusions, contacts as interactions. */
export function registerCampaignLaunch(builder: Builder, _composition: PluginComposition, enums: CampaignEnums): void {
  registerCampaignRun(builder, enums);

  const LaunchPayload = builder.objectRef<{ runId: string }>('LaunchCampaignPayload').implement({
    description: 'The run a launch started (or the one already started for this step).',
    fields: (t) => ({
      run: t.prismaField({
        type: 'CampaignRun',
        description: 'The run: its audience snapshot is taken; the background runner decides its customers batch by batch.',
        resolve: async (query, payload, _args, context) =>
          context.db.campaignRun.findUniqueOrThrow({ ...query, where: { tenantId_id: { tenantId: viewerOf(context).tenantId, id: payload.runId } } }),
      }),
    }),
  });

  builder.mutationField('launchCampaign', (t) =>
    t.field({
      type: LaunchPayload,
      authScopes: { permission: LAUNCH },
      errors: { types: [ValidationError, NotFoundError, ConflictError] },
      description:
        'Launches a scheduled campaign (or a running recurring one for its new period): takes its audience as a static segment, turns it running, and contacts every customer once per channel, honouring consent, the suppression list, the contact cap and the control group. Launching the same step again answers the run already started.',
      args: { id: t.arg.id({ required: true, description: 'The campaign (global id).' }) },
      resolve: (_root, args, context) => launchCampaign(context, parseCampaignNodeId(args.id, 'Campaign', ['id']), String(args.id)),
    }),
  );
}
