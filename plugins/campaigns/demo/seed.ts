import { encodeGlobalID } from '@pothos/plugin-relay';
import type { SeedContext } from '../../../src/plugin-api.ts';
import { eventsAsHistory, newRowId, withSeededRowIds } from '../../../src/plugin-api.ts';
import { importInteractions, type ImportedInteraction } from '../../interactions/plugin.ts';
import { customerGlobalId, readSeedCustomers } from '../../profile/plugin.ts';
import { liveSegmentIdsNamed } from '../../segments/plugin.ts';
import { beginCampaignRun } from '../launch/launch-campaign.ts';
import { runBatch, type BatchScope } from '../launch/run-batch.ts';
import { campaignConverted, campaignSaved } from '../events.ts';
import { periodStartsAfter } from '../launch/period.ts';
import { campaignGlobalId } from '../ids.ts';
import { completeCampaignAt } from '../store/launch-runs.ts';
import { recordCampaignConversions } from '../store/return-conversions.ts';
import { decisionsOfRun } from '../store/run-decisions.ts';
import { DEMO_CAMPAIGNS, type DemoCampaign } from './campaign-plan.ts';
import { drawRunResponses } from './campaign-responses.ts';

const DAY = 86_400_000;
/** The marketer the demo's campaigns are launched by (an actor id, as a token's subject would be). */
const DEMO_MARKETER = 'marketing-lead';
/** The actor of what the launch runner does on its own: recurring periods, completions. */
const SCHEDULER = 'system:campaigns';
/** The demo is too small for a campaign worth measuring below this many customers (acme). */
const MIN_CUSTOMERS = 800;

/**
 * A year of the demo's campaigns, launched through the launch engine at the moments of their
 * history, so that consent, suppression, the contact cap and the control group hold for them as
 * for any launch: each run's audience snapshot, decisions and contacts (outbound interactions on
 * the customers' timelines) are what the engine wrote. The contacted answer and buy at each
 * campaign's rates, recorded through the interactions area as any import would be, and the
 * conversions are counted as the conversion reaction counts them, so the measured return has a
 * true effect to find. Campaigns whose end has passed are completed; the ones ahead are scheduled or drafts.
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
    const customers = await readSeedCustomers(context);
    const kindOf = new Map(customers.map((customer) => [customer.id, customer.kind]));
    const demoCustomers = new Map(customers.map((customer) => [customer.id, { kind: customer.kind, country: customer.country }]));
    const people = customers.filter((customer) => customer.kind === 'PERSON');
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

    // Each launch of the history: a campaign's first by the marketer at its start, then (recurring
    // ones) the runner's at the start of every period since, oldest first.
    const launches = rows
      .filter(({ startsAt }) => startsAt.getTime() <= context.now.getTime())
      .flatMap((row) => [
        { ...row, at: row.startsAt, actor: DEMO_MARKETER },
        ...periodStartsAfter(row.campaign.recurrence ?? 'NONE', row.startsAt, context.now).map((at) => ({ ...row, at, actor: SCHEDULER })),
      ])
      .sort((a, b) => a.at.getTime() - b.at.getTime());
    context.progress.step('campaign launches', launches.length);
    for (const { campaign, id, at: launchedAt, actor } of launches) {
      at = launchedAt;
      // One transaction of the engine after the other, a few seconds apart, as the runner would.
      const scopeAt = (): BatchScope => {
        at = new Date(at.getTime() + 3_000);
        return { sql: context.statements, tenantId: context.tenantId, now: at, events: eventsAsHistory(context, 'campaign events', actor, () => at) };
      };
      const { runId } = await beginCampaignRun(scopeAt(), id, campaignGlobalId('Campaign', id));
      while ((await runBatch(scopeAt(), runId)) === 'MORE');
      const run = { campaignId: id, campaignName: campaign.name, runId, windowDays: campaign.windowDays, responseCode: campaign.responseCode ?? null, response: campaign.response };
      const answers = drawRunResponses(context.faker, run, await decisionsOfRun(context.statements, runId), demoCustomers, context.now);
      await recordAnswers(context, answers);
      context.progress.advance();
    }
    // The campaigns whose end has passed, completed by the runner when it came.
    for (const { id, campaign } of rows.filter(({ campaign }) => !campaign.draft && campaign.endDay <= 0)) {
      const endedAt = new Date(today + campaign.endDay * DAY + 18 * 3_600_000);
      const ended = await completeCampaignAt(context.statements, id, endedAt);
      if (ended) {
        await eventsAsHistory(context, 'campaign events', SCHEDULER, () => endedAt).emit(campaignSaved, {
          subjectId: campaignGlobalId('Campaign', id),
          payload: { name: ended.name, kind: ended.kind, status: ended.status, change: 'COMPLETED' },
        });
      }
    }
    await recordConversions(context, kindOf);
  });
}

/** Responses and purchases recorded through the interactions area a day at a time, each day's as of its last. */
async function recordAnswers(context: SeedContext, answers: readonly ImportedInteraction[]): Promise<void> {
  const byDay = new Map<string, ImportedInteraction[]>();
  for (const answer of answers) {
    const day = new Date(answer.input.occurredAt).toISOString().slice(0, 10);
    byDay.set(day, [...(byDay.get(day) ?? []), answer]);
  }
  for (const day of [...byDay.keys()].sort()) {
    const items = byDay.get(day)!;
    const now = new Date(Math.max(...items.map((item) => new Date(item.input.occurredAt).getTime())));
    const results = await importInteractions({ sql: context.statements, tenantId: context.tenantId, now, events: eventsAsHistory(context, 'campaign responses', null, () => now) }, items);
    const refused = results.find((result) => result.outcome === 'REFUSED');
    if (refused) throw new Error(`A demo campaign response was refused: ${refused.reason}`);
  }
}

/** Every purchase (and won deal) of the history counted for the campaigns that touched its customer, with its event. */
async function recordConversions(context: SeedContext, kindOf: ReadonlyMap<string, 'PERSON' | 'ORGANIZATION'>): Promise<void> {
  const converted = await recordCampaignConversions(context.statements, 'ALL', context.enabledPlugins.has('pipeline'));
  await eventsAsHistory(context, 'campaign conversions', null, () => context.now).emitMany(
    campaignConverted,
    converted.map((conversion) => ({
      subjectId: campaignGlobalId('Campaign', conversion.campaignId),
      customer: customerOf(conversion.customerId, kindOf),
      occurredAt: conversion.convertedAt,
      payload: {
        campaignId: campaignGlobalId('Campaign', conversion.campaignId),
        campaignName: conversion.campaignName,
        source: conversion.source,
        sourceId: encodeGlobalID(conversion.source === 'PURCHASE' ? 'Interaction' : 'Opportunity', conversion.sourceId),
        amount: conversion.amount,
        currency: conversion.currency,
      },
    })),
  );
}

function customerOf(id: string, kindOf: ReadonlyMap<string, 'PERSON' | 'ORGANIZATION'>) {
  const kind = kindOf.get(id);
  return kind ? { id, nodeId: customerGlobalId({ id, kind }) } : null;
}

function campaignRow(context: SeedContext, campaign: DemoCampaign, id: string, startsAt: Date, today: number) {
  const created = new Date(startsAt.getTime() - 14 * DAY);
  return {
    id,
    tenantId: context.tenantId,
    name: campaign.name,
    description: campaign.description,
    responseCode: campaign.responseCode ?? null,
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
