import type { BackgroundContext } from '../../../src/plugin-api.ts';
import { campaignSaved } from '../events.ts';
import { campaignGlobalId } from '../ids.ts';
import { campaignsDue, completeCampaignAt } from '../store/launch-runs.ts';
import { beginCampaignRun } from './launch-campaign.ts';

/**
 * Does what the campaigns' schedules call for at the server's `now`, each campaign in its tenant's
 * own transaction: launches a scheduled campaign whose start has come, and a running recurring one
 * at each new period until its end (birthdays, reminders), as `launchCampaign` would; completes a
 * running campaign whose end has come (its runs still deciding stop). A launch the campaign can no
 * longer take (its audience segment archived since it was scheduled) is logged and left as it is,
 * for a marketer to change or cancel.
 */
export async function followSchedules(context: BackgroundContext, limit: number): Promise<void> {
  const now = context.clock.now();
  for (const due of await campaignsDue(context, now, limit)) {
    try {
      await context.inTenant(due.tenantId, async (scope) => {
        if (due.action === 'LAUNCH') {
          await beginCampaignRun({ ...scope, tenantId: due.tenantId, now }, due.id, campaignGlobalId('Campaign', due.id));
          return;
        }
        const ended = await completeCampaignAt(scope.sql, due.id, now);
        if (ended) {
          await scope.events.emit(campaignSaved, { subjectId: campaignGlobalId('Campaign', ended.id), payload: { name: ended.name, kind: ended.kind, status: ended.status, change: 'COMPLETED' } });
        }
      });
    } catch (error) {
      context.logger.warn({ err: error, tenantId: due.tenantId, campaignId: due.id, action: due.action }, 'campaign schedule not followed');
    }
  }
}
