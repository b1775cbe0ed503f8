import type { Builder } from '../../../src/plugin-api.ts';
import { asUuid, viewerOf } from '../../../src/plugin-api.ts';
import { loadCustomer } from '../../profile/plugin.ts';
import { loadSegment } from '../../segments/plugin.ts';
import type { CampaignEnums } from '../enums.ts';
import { READ } from '../permissions.ts';
import { exclusionsOfRun } from '../store/recipient-reads.ts';

const READ_SCOPE = { permission: READ } as const;

/** `CampaignRun` (a launch, or one period of a recurring campaign), its recipients and exclusion report; `Campaign.runs`. */
export function registerCampaignRun(builder: Builder, enums: CampaignEnums): void {
  const Recipient = builder.prismaObject('CampaignRecipient', {
    description: 'What a run decided for one customer on one channel: contacted, held back as control, or excluded with the reason.',
    fields: (t) => ({
      customer: t.field({
        type: 'Customer',
        description: 'The person or organization decided.',
        resolve: async (recipient, _args, context) => (await loadCustomer(context, recipient.customerId))!,
      }),
      channel: t.expose('channel', { type: enums.Channel, description: 'The channel decided (a control member: the first channel of the campaign).' }),
      outcome: t.expose('outcome', { type: enums.Outcome, description: 'Contacted, control or excluded.' }),
      exclusionReason: t.expose('exclusionReason', { type: enums.ExclusionReason, nullable: true, description: 'Why the customer was left out; null unless excluded.' }),
      variant: t.string({
        nullable: true,
        description: 'The variant of the message the customer got (A/B test); null unless contacted with variants.',
        select: { variantId: true },
        resolve: async (recipient, _args, context) =>
          recipient.variantId ? ((await context.db.campaignVariant.findUnique({ where: { id: recipient.variantId }, select: { name: true } }))?.name ?? null) : null,
      }),
      interactionId: t.exposeString('interactionId', { nullable: true, description: 'The row id of the outbound interaction that was the contact; null unless contacted.' }),
      decidedAt: t.expose('decidedAt', { type: 'DateTime', description: 'When the run decided it.' }),
    }),
  });

  const ExclusionCount = builder.objectRef<{ channel: string; reason: string; count: number }>('CampaignExclusionCount').implement({
    description: 'How many customers a run left out of one channel for one reason.',
    fields: (t) => ({
      channel: t.field({ type: enums.Channel, description: 'The channel the customers were left out of.', resolve: (row) => row.channel as never }),
      reason: t.field({ type: enums.ExclusionReason, description: 'Why they were left out.', resolve: (row) => row.reason as never }),
      count: t.exposeInt('count', { description: 'Customers left out.' }),
    }),
  });

  builder.prismaNode('CampaignRun', {
    id: { field: 'id' },
    nullable: true,
    findUnique: (id, context) => ({ tenantId_id: { tenantId: viewerOf(context).tenantId, id: asUuid(id) } }),
    authScopes: READ_SCOPE,
    description: 'One launch of a campaign (one per period of a recurring one): its audience snapshot and what it decided for each customer.',
    fields: (t) => ({
      step: t.exposeString('step', { description: '"launch", or the period of a recurring campaign ("2026-12-07", "2026-W50", "2026-12").' }),
      status: t.expose('status', { type: enums.RunStatus, description: 'Running (deciding batch by batch) or completed.' }),
      snapshotSegment: t.field({
        type: 'Segment',
        nullable: true,
        description: 'The static segment holding the audience as it was when the run began.',
        resolve: (run, _args, context) => loadSegment(context, run.snapshotSegmentId),
      }),
      audience: t.exposeInt('audience', { description: 'Customers in the audience snapshot.' }),
      contacted: t.exposeInt('contacted', { description: 'Contacts made so far (one per customer and channel).' }),
      control: t.exposeInt('control', { description: 'Customers held back in the control group so far.' }),
      excluded: t.exposeInt('excluded', { description: 'Exclusions so far (one per customer and channel).' }),
      startedAt: t.expose('startedAt', { type: 'DateTime', description: 'When the run began (its snapshot was taken).' }),
      finishedAt: t.expose('finishedAt', { type: 'DateTime', nullable: true, description: 'When every customer was decided; null while running.' }),
      recipients: t.prismaConnection({
        type: Recipient,
        cursor: 'id',
        description: 'What the run decided, per customer and channel, in decision order; filtered by outcome and reason.',
        args: {
          outcome: t.arg({ type: enums.Outcome, description: 'Only this outcome.' }),
          exclusionReason: t.arg({ type: enums.ExclusionReason, description: 'Only exclusions for this reason.' }),
        },
        resolve: (query, run, args, context) =>
          context.db.campaignRecipient.findMany({
            ...query,
            where: { runId: run.id, ...(args.outcome ? { outcome: args.outcome } : {}), ...(args.exclusionReason ? { exclusionReason: args.exclusionReason } : {}) },
            orderBy: { id: 'asc' },
          }),
      }),
      exclusions: t.field({
        type: [ExclusionCount],
        description: 'The exclusion report: customers left out per channel and reason.',
        resolve: (run, _args, context) => exclusionsOfRun(context.sql, run.id),
      }),
    }),
  });

  builder.prismaObjectField('CampaignRun', 'campaign', (t) => t.relation('campaign', { description: 'The campaign launched.' }));
  builder.prismaObjectField('Campaign', 'runs', (t) =>
    t.relatedConnection('runs', {
      cursor: 'id',
      totalCount: true,
      description: 'Its runs (one launch, or one per period of a recurring campaign, which keeps adding them), latest first.',
      query: { orderBy: [{ startedAt: 'desc' }, { id: 'desc' }] },
    }),
  );
}
