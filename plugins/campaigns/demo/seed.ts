import type { SeedContext } from '../../../src/plugin-api.ts';
import { eventsAsHistory, newRowId, withSeededRowIds } from '../../../src/plugin-api.ts';
import { readSeedCustomers } from '../../profile/plugin.ts';
import { liveSegmentIdsNamed } from '../../segments/plugin.ts';
import { beginCampaignRun } from '../launch/launch-campaign.ts';
import { runBatch, type BatchScope } from '../launch/run-batch.ts';
import { campaignGlobalId } from '../ids.ts';
import { completeCampaignAt } from '../store/launch-runs.ts';
import { DEMO_CAMPAIGNS, type DemoCampaign } from './campaign-plan.ts';

const DAY = 86_400_000;
/** The marketer the demo's campaigns are launched by (an actor id, as a token's subject would be). */
const DEMO_MARKETER = 'marketing-lead';
/** The demo is too small for a campaign worth measuring below this many customers (acme). */
const MIN_CUSTOMERS = 800;

/**
 * A year of the demo's campaigns, launched through the launch engine at the moments of their
 * history, so that consent, suppression, the contact cap and the control group hold for them as
 * for any launch: each run's audience snapshot, decisions and contacts (outbound interactions on
 * the customers' timelines) are what the engine wrote. Campaigns whose end has passed are completed;
 * the ones ahead are scheduled or drafts.
 */
export async function seedCampaigns(context: SeedContext): Promise<void> {
  if (context.customers < MIN_CUSTOMERS) return;
  const segments = await liveSegmentIdsNamed(context.statements, DEMO_CAMPAIGNS.flatMap((campaign) => [...campaign.audience, ...(campaign.exclusions ?? [])]));
  const today = Math.floor(context.now.getTime() / DAY) * DAY;
  const planned = DEMO_CAMPAIGNS.filter((campaign) => [...campaign.audience, ...(campaign.exclusions ?? [])].every((name) => segments.has(name)));
  let at = new Date(today);
  await withSeededRowIds(`${context.tenantId}:campaigns:demo`, () => at, async () => {
    const rows = planned.map((campaign) => ({ campaign, id: newRowId(), startsAt: new Date(today + campaign.startDay * DAY + 9 * 3_600_000) }));
    await context.insert('campaigns', 'Campaign', rows.map(({ campaign, id, startsAt }) => campaignRow(context, campaign, id, startsAt, today)));
    await context.insert(
      'campaign audiences',
      'CampaignAudience',
      rows.flatMap(({ campaign, id }) => [
        ...campaign.audience.map((name) => ({ tenantId: context.tenantId, campaignId: id, segmentId: segments.get(name)!, excluded: false })),
        ...(campaign.exclusions ?? []).map((name) => ({ tenantId: context.tenantId, campaignId: id, segmentId: segments.get(name)!, excluded: true })),
      ]),
    );
    await context.insert(
      'campaign variants',
      'CampaignVariant',
      rows.flatMap(({ campaign, id }) => (campaign.variants ?? []).map((variant) => ({ id: newRowId(), tenantId: context.tenantId, campaignId: id, name: variant.name, content: variant.content, weight: variant.weight }))),
    );
    await context.insert(
      'campaign costs',
      'CampaignCost',
      rows.flatMap(({ campaign, id, startsAt }) =>
        campaign.costs.map((cost) => ({ id: newRowId(), tenantId: context.tenantId, campaignId: id, label: cost.label, amount: cost.amount, currency: 'EUR', incurredOn: startsAt.toISOString().slice(0, 10) })),
      ),
    );

    // A few people asked not to be contacted again (one on any channel, the others by text message):
    // the launches leave them out, saying why.
    const people = (await readSeedCustomers(context)).filter((customer) => customer.kind === 'PERSON');
    const suppressed = context.faker.helpers.arrayElements(people, 4);
    await context.insert(
      'campaign suppressions',
      'CampaignSuppression',
      suppressed.map((customer, index) => ({
        id: newRowId(),
        tenantId: context.tenantId,
        customerId: customer.id,
        value: null,
        channel: index === 0 ? null : 'SMS',
        reason: index === 0 ? 'Asked the store not to send any more marketing.' : 'Replied STOP to a text message.',
        createdAt: new Date(today - 365 * DAY).toISOString(),
      })),
    );

    const launched = rows.filter(({ startsAt }) => startsAt.getTime() <= context.now.getTime()).sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
    context.progress.step('campaign launches', launched.length);
    for (const { campaign, id, startsAt } of launched) {
      at = startsAt;
      // One transaction of the engine after the other, a few seconds apart, as the runner would.
      const scopeAt = (): BatchScope => {
        at = new Date(at.getTime() + 3_000);
        return { sql: context.statements, tenantId: context.tenantId, now: at, events: eventsAsHistory(context, 'campaign events', DEMO_MARKETER, () => at) };
      };
      const { runId } = await beginCampaignRun(scopeAt(), id, campaignGlobalId('Campaign', id));
      while ((await runBatch(scopeAt(), runId)) === 'MORE');
      if (campaign.endDay <= 0) await completeCampaignAt(context.statements, id, new Date(today + campaign.endDay * DAY + 18 * 3_600_000));
      context.progress.advance();
    }
  });
}

function campaignRow(context: SeedContext, campaign: DemoCampaign, id: string, startsAt: Date, today: number) {
  const created = new Date(startsAt.getTime() - 14 * DAY);
  return {
    id,
    tenantId: context.tenantId,
    name: campaign.name,
    description: campaign.description,
    kind: campaign.kind,
    objective: campaign.objective,
    targetKpis: JSON.stringify(campaign.targets),
    channels: campaign.channels,
    ownerId: DEMO_MARKETER,
    // What a launch turns RUNNING must be scheduled first; drafts stay drafts.
    status: campaign.draft ? 'DRAFT' : 'SCHEDULED',
    startsAt: startsAt.toISOString(),
    endsAt: new Date(today + campaign.endDay * DAY + 18 * 3_600_000).toISOString(),
    recurrence: campaign.recurrence ?? 'NONE',
    controlShare: campaign.controlShare.toFixed(3),
    attributionWindowDays: campaign.windowDays,
    decayHalfLifeDays: 7,
    budget: campaign.costs.reduce((sum, cost) => sum + Number(cost.amount), 0).toFixed(2),
    currency: 'EUR',
    launchedAt: null,
    completedAt: null,
    cancelledAt: null,
    createdAt: created.toISOString(),
    updatedAt: created.toISOString(),
  };
}
