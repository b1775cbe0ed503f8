import type { Context } from '../../../src/plugin-api.ts';
import { ConflictError, NotFoundError, ValidationError, viewerOf } from '../../../src/plugin-api.ts';
import { snapshotAudience } from '../../segments/plugin.ts';
import { campaignLaunched } from '../events.ts';
import { campaignGlobalId } from '../ids.ts';
import { lockCampaignForLaunch, runOfStep, startRun } from '../store/launch-runs.ts';
import { launchStep } from './period.ts';
import type { BatchScope } from './run-batch.ts';

/**
 * Starts the run of a campaign's current step: a SCHEDULED campaign's launch, or a RUNNING
 * recurring campaign's new period. The audience is taken now as a static segment; the campaign
 * turns RUNNING and `campaign.launched` is emitted. The background runner then decides its
 * customers batch by batch. A step already started answers its run: no one is contacted twice.
 */
export async function launchCampaign(context: Context, campaignId: string, globalId: string): Promise<{ runId: string }> {
  const tenantId = viewerOf(context).tenantId;
  const now = context.clock.now();
  return context.mutate(() => beginCampaignRun({ sql: context.sql, tenantId, now, events: context.events }, campaignId, globalId));
}

/** The launch in the caller's transaction (a request's, or the demo seed's at a moment of its history). */
export async function beginCampaignRun(scope: BatchScope, campaignId: string, globalId: string): Promise<{ runId: string }> {
  const { tenantId, now } = scope;
  const campaign = await lockCampaignForLaunch(scope.sql, campaignId);
  if (!campaign) throw new NotFoundError('Campaign', globalId);
  const step = launchStep(campaign.recurrence, now);
  const existing = await runOfStep(scope.sql, campaign.id, step);
  if (existing) return { runId: existing.id };

  const launchable = campaign.status === 'SCHEDULED' || (campaign.status === 'RUNNING' && campaign.recurrence !== 'NONE');
  if (!launchable) throw new ConflictError(`A ${campaign.status.toLowerCase()} campaign cannot be launched: schedule it first (a recurring one launches again each period while running).`, globalId);
  if (campaign.channels.length === 0) throw ValidationError.at(['id'], 'The campaign has no channel to contact its audience on.');
  if (campaign.include.length === 0) throw ValidationError.at(['id'], 'The campaign has no audience segment.');

  const snapshot = await snapshotAudience(
    { sql: scope.sql, tenantId },
    {
      name: `Audience of campaign ${campaign.id} (${step})`,
      description: `The audience of "${campaign.name}" as it was when its ${step === 'launch' ? 'launch' : `period ${step}`} began.`,
      include: campaign.include,
      exclude: campaign.exclude,
      now,
    },
  );
  const run = await startRun(scope.sql, { tenantId, campaignId: campaign.id, step, snapshotSegmentId: snapshot.segmentId, audience: snapshot.size, now });
  // The campaign is locked, so the step cannot have been taken since it was looked up.
  if (!run) throw new ConflictError('The campaign was launched at the same moment by another request; try again.', globalId);
  const campaignNodeId = campaignGlobalId('Campaign', campaign.id);
  await scope.events.emit(campaignLaunched, {
    subjectId: campaignNodeId,
    payload: { campaignId: campaignNodeId, name: campaign.name, runId: campaignGlobalId('CampaignRun', run.id), step, audience: snapshot.size },
  });
  return { runId: run.id };
}
