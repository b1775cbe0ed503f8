import { encodeGlobalID } from '@pothos/plugin-relay';
import type { Builder } from '../../../src/plugin-api.ts';
import { centsOf, formatCents, selectedFieldNames, ValidationError, viewerOf } from '../../../src/plugin-api.ts';
import { loadSegment } from '../../segments/plugin.ts';
import type { CampaignEnums } from '../enums.ts';
import { asUuid } from '../ids.ts';
import { READ } from '../permissions.ts';
import { campaignPage, type CampaignFilter } from '../store/campaign-pages.ts';
import { campaignParts, type CampaignCostRow, type CampaignVariantRow, type CurrencyTotal } from '../store/campaign-parts.ts';
import { KPI_METRICS, type KpiMetric } from './campaign-rules.ts';

const READ_SCOPE = { permission: READ } as const;

const KPI_DESCRIPTIONS: Record<KpiMetric, string> = {
  CONVERSION_RATE: 'Share of contacted customers who convert (0 to 1).',
  REVENUE: 'Attributed revenue, in the budget currency.',
  ROI: 'Return on investment: (revenue − cost) / cost.',
  RESPONSE_RATE: 'Share of contacted customers who respond (open, click, reply, visit).',
  INCREMENTAL_REVENUE: 'Revenue over the control group, in the budget currency.',
};

/** Decimal text with two decimals, from a numeric as Prisma (Decimal) or raw SQL (text) reads it. */
const money = (value: unknown) => formatCents(centsOf(String(value)));

/** The GraphQL types of the campaigns' definitions, for the other files of this part. */
export function registerCampaign(builder: Builder, enums: CampaignEnums) {
  const KpiMetricEnum = builder.enumType('CampaignKpiMetric', {
    description: 'What a campaign target measures.',
    values: Object.fromEntries(KPI_METRICS.map((metric) => [metric, { description: KPI_DESCRIPTIONS[metric] }])) as Record<KpiMetric, { description: string }>,
  });
  const KpiTarget = builder.objectRef<{ metric: KpiMetric; target: number }>('CampaignKpiTarget').implement({
    description: 'What a campaign is meant to achieve on one metric.',
    fields: (t) => ({
      metric: t.field({ type: KpiMetricEnum, description: 'What is measured (conversion rate, revenue, ROI …).', resolve: (kpi) => kpi.metric }),
      target: t.exposeFloat('target', { description: 'The value aimed at (a rate from 0 to 1, a ratio, or an amount).' }),
    }),
  });
  const Money = builder.objectRef<CurrencyTotal>('CampaignMoney').implement({
    description: 'An amount in one currency.',
    fields: (t) => ({
      amount: t.exposeString('amount', { description: 'Decimal text with two decimals, e.g. "1250.00".' }),
      currency: t.exposeString('currency', { description: 'ISO 4217.' }),
    }),
  });
  const Schedule = builder.objectRef<{ startsAt: Date | null; endsAt: Date | null; recurrence: string }>('CampaignSchedule').implement({
    description: 'When a campaign runs.',
    fields: (t) => ({
      startsAt: t.expose('startsAt', { type: 'DateTime', nullable: true, description: 'When it starts (required to schedule it).' }),
      endsAt: t.expose('endsAt', { type: 'DateTime', nullable: true, description: 'When it ends; null: open-ended.' }),
      recurrence: t.field({ type: enums.Recurrence, description: 'Whether it takes a fresh audience each period.', resolve: (schedule) => schedule.recurrence as never }),
    }),
  });
  const Variant = builder.objectRef<CampaignVariantRow>('CampaignVariant').implement({
    description: 'A version of the message for an A/B test; contacted customers are split by weight.',
    fields: (t) => ({
      name: t.exposeString('name', { description: 'Distinct within the campaign.' }),
      content: t.exposeString('content', { nullable: true, description: 'The message, or where it is kept.' }),
      weight: t.exposeInt('weight', { description: 'Its share of the contacted customers, relative to the other variants (1–100).' }),
    }),
  });
  const Cost = builder.objectRef<CampaignCostRow>('CampaignCost').implement({
    description: 'A cost item of a campaign (creative, media, postage, call-center hours …).',
    fields: (t) => ({
      id: t.id({ description: 'The cost item (global id), to remove it.', resolve: (cost) => encodeGlobalID('CampaignCost', cost.id) }),
      label: t.exposeString('label', { description: 'What it was for.' }),
      amount: t.field({ type: Money, description: 'What it cost.', resolve: (cost) => ({ amount: cost.amount, currency: cost.currency }) }),
      incurredOn: t.expose('incurredOn', { type: 'Date', description: 'When it was incurred.' }),
    }),
  });

  builder.prismaNode('Campaign', {
    id: { field: 'id' },
    nullable: true,
    findUnique: (id, context) => ({ tenantId_id: { tenantId: viewerOf(context).tenantId, id: asUuid(id) } }),
    authScopes: READ_SCOPE,
    description: 'A marketing campaign: what it is for, to whom (segments), through which channels, when, and at what cost.',
    fields: (t) => ({
      name: t.exposeString('name', { description: "Unique among the tenant's campaigns." }),
      description: t.exposeString('description', { nullable: true, description: 'What the campaign is about.' }),
      responseCode: t.exposeString('responseCode', {
        nullable: true,
        description: 'The code customers quote back (a coupon, a reply keyword), in capitals: an interaction with it as `responseCode` in its metadata is a response to the campaign, as one with the campaign id as `campaignId`.',
      }),
      kind: t.field({ type: enums.Kind, description: 'What it is for.', resolve: (campaign) => campaign.kind }),
      objective: t.exposeString('objective', { nullable: true, description: 'Its objective, in words.' }),
      targetKpis: t.field({ type: [KpiTarget], description: 'The targets it is measured against.', resolve: (campaign) => (campaign.targetKpis ?? []) as { metric: KpiMetric; target: number }[] }),
      channels: t.field({ type: [enums.Channel], description: 'How it reaches customers.', resolve: (campaign) => campaign.channels }),
      ownerId: t.exposeString('ownerId', { nullable: true, description: 'The user responsible for it.' }),
      status: t.field({ type: enums.Status, description: 'Where it is: draft → scheduled → running → completed, or cancelled.', resolve: (campaign) => campaign.status }),
      schedule: t.field({ type: Schedule, description: 'When it runs.', resolve: (campaign) => campaign }),
      controlShare: t.float({ description: 'The share of the audience deliberately not contacted (0 to 0.5).', resolve: (campaign) => Number(String(campaign.controlShare)) }),
      attributionWindowDays: t.exposeInt('attributionWindowDays', { description: 'A purchase or won deal this many days after a touch converts it (1–365).' }),
      decayHalfLifeDays: t.exposeInt('decayHalfLifeDays', { description: 'Time-decay attribution: a touch this many days before the conversion counts half (1–90).' }),
      budget: t.field({
        type: Money,
        nullable: true,
        description: 'What may be spent; null when none was set.',
        resolve: (campaign) => (campaign.budget === null || campaign.budget === undefined ? null : { amount: money(campaign.budget), currency: campaign.currency ?? '' }),
      }),
      audience: t.field({
        type: ['Segment'],
        description: 'The segments whose members the campaign is for.',
        resolve: async (campaign, _args, context) => segmentsOf(context, campaign.id, false),
      }),
      exclusions: t.field({
        type: ['Segment'],
        description: 'The segments whose members are left out of the audience.',
        resolve: async (campaign, _args, context) => segmentsOf(context, campaign.id, true),
      }),
      variants: t.field({ type: [Variant], description: 'Its versions of the message, by name.', resolve: (campaign, _args, context) => campaignParts(context).variants.load(campaign.id) }),
      costs: t.field({ type: [Cost], description: 'Its cost items, oldest first.', resolve: (campaign, _args, context) => campaignParts(context).costs.load(campaign.id) }),
      totalCosts: t.field({ type: [Money], description: 'Its costs added up per currency (never across currencies), by currency.', resolve: (campaign, _args, context) => campaignParts(context).costTotals.load(campaign.id) }),
      launchedAt: t.expose('launchedAt', { type: 'DateTime', nullable: true, description: 'When it was first launched.' }),
      completedAt: t.expose('completedAt', { type: 'DateTime', nullable: true, description: 'When it was completed.' }),
      cancelledAt: t.expose('cancelledAt', { type: 'DateTime', nullable: true, description: 'When it was cancelled.' }),
      createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When it was created.' }),
      updatedAt: t.expose('updatedAt', { type: 'DateTime', description: 'When it last changed.' }),
    }),
  });

  const CampaignFilterInput = builder.inputType('CampaignFilter', {
    description: 'Which campaigns; every condition given must hold.',
    fields: (t) => ({
      statuses: t.field({ type: [enums.Status], description: 'Only these statuses.' }),
      kinds: t.field({ type: [enums.Kind], description: 'Only these kinds.' }),
      channels: t.field({ type: [enums.Channel], description: 'Only campaigns using at least one of these channels.' }),
      search: t.string({ description: 'Part of the name, any case (up to 120 characters).' }),
    }),
  });

  builder.queryFields((t) => ({
    campaign: t.field({
      type: 'Campaign',
      nullable: true,
      authScopes: READ_SCOPE,
      description: 'A campaign by its global id; null when your tenant has none with it.',
      args: { id: t.arg.id({ required: true, description: 'The campaign (global id).' }) },
      resolve: async (_root, args, context) => {
        const id = rowIdOrNull(String(args.id));
        return id ? context.db.campaign.findFirst({ where: { tenantId: viewerOf(context).tenantId, id } }) : null;
      },
    }),
    campaigns: t.connection(
      {
        type: 'Campaign',
        authScopes: READ_SCOPE,
        description: 'The campaigns of your tenant, newest first.',
        args: { filter: t.arg({ type: CampaignFilterInput, description: 'Which campaigns; all of them when absent.' }) },
        resolve: (_root, args, context, info) => {
          const filter = args.filter as CampaignFilter | null | undefined;
          if (filter?.search && filter.search.length > 120) throw ValidationError.at(['filter', 'search'], 'must be at most 120 characters');
          return campaignPage(context, args, filter, selectedFieldNames(info, []).has('totalCount'));
        },
      },
      {
        name: 'CampaignConnection',
        fields: (connection) => ({
          totalCount: connection.int({ description: 'Campaigns matching the filter, on every page.', resolve: (page) => (typeof page.totalCount === 'function' ? page.totalCount() : 0) }),
        }),
      },
      { name: 'CampaignEdge' },
    ),
  }));

  return { Money, KpiMetric: KpiMetricEnum };
}

/** The row id of a Campaign global id, or null for anything else. */
function rowIdOrNull(globalId: string): string | null {
  try {
    const [typename, id] = Buffer.from(globalId, 'base64').toString().split(':');
    return typename === 'Campaign' && id ? asUuid(id) : null;
  } catch {
    return null;
  }
}

async function segmentsOf(context: Parameters<typeof loadSegment>[0], campaignId: string, excluded: boolean) {
  const audiences = (await campaignParts(context).audiences.load(campaignId)).filter((audience) => audience.excluded === excluded);
  const segments = await Promise.all(audiences.map((audience) => loadSegment(context, audience.segmentId)));
  return segments.filter((segment): segment is NonNullable<typeof segment> => segment !== null);
}

export type CampaignTypes = ReturnType<typeof registerCampaign>;
