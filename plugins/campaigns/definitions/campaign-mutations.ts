import { encodeGlobalID } from '@pothos/plugin-relay';
import type { Builder } from '../../../src/plugin-api.ts';
import { amountSchema, ConflictError, currencySchema, ForbiddenError, NotFoundError, parseInput, rowIdOfNode, ValidationError, viewerOf } from '../../../src/plugin-api.ts';
import { z } from 'zod';
import type { CampaignEnums } from '../enums.ts';
import { parseCampaignNodeId } from '../ids.ts';
import { LAUNCH, WRITE } from '../permissions.ts';
import { MAX_AUDIENCE_SEGMENTS, MAX_EXCLUSION_SEGMENTS, MAX_VARIANTS, KPI_METRICS, type CampaignInput } from './campaign-rules.ts';
import { changeCosts, createCampaign, endCampaign, scheduleCampaign, updateCampaign } from './campaign-writes.ts';
import type { CampaignTypes } from './campaign.ts';

const WRITE_SCOPE = { permission: WRITE } as const;
const LAUNCH_SCOPE = { permission: LAUNCH } as const;
const WRITE_ERRORS = [ValidationError, NotFoundError, ConflictError, ForbiddenError];

const costSchema = z.object({
  label: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
  amount: amountSchema,
  currency: currencySchema,
  incurredOn: z.date(),
});

/** The campaign mutations: create, update, schedule, complete, cancel, and cost items. */
export function registerCampaignMutations(builder: Builder, enums: CampaignEnums, types: CampaignTypes): void {
  const KpiTargetInput = builder.inputType('CampaignKpiTargetInput', {
    description: 'A target on one metric.',
    fields: (t) => ({
      metric: t.field({ type: types.KpiMetric, required: true, description: 'The metric (each at most once per campaign).' }),
      target: t.float({ required: true, description: 'The value aimed at.' }),
    }),
  });
  const MoneyInput = builder.inputType('CampaignMoneyInput', {
    description: 'An amount in one currency.',
    fields: (t) => ({
      amount: t.string({ required: true, description: 'Decimal text, at least 0, at most 2 decimals, e.g. "12500.00".' }),
      currency: t.string({ required: true, description: 'ISO 4217, e.g. "EUR".' }),
    }),
  });
  const VariantInput = builder.inputType('CampaignVariantInput', {
    description: 'A version of the message for an A/B test.',
    fields: (t) => ({
      name: t.string({ required: true, description: 'Distinct within the campaign (1–60 characters).' }),
      content: t.string({ description: 'The message, or where it is kept (up to 10,000 characters).' }),
      weight: t.int({ description: 'Its share of the contacted customers relative to the others, 1–100 (default 1).' }),
    }),
  });
  const definitionFields = (required: boolean) =>
    builder.inputType(required ? 'CreateCampaignInput' : 'UpdateCampaignInput', {
      description: required ? 'A new campaign, created as a DRAFT.' : 'Only the fields given change (null clears a nullable one); audiences, variants and channels given replace the old ones.',
      fields: (t) => ({
        ...(required ? {} : { id: t.id({ required: true, description: 'The campaign (global id).' }) }),
        name: t.string({ required, description: "Unique among the tenant's campaigns (1–120 characters)." }),
        description: t.string({ description: 'What the campaign is about (up to 2,000 characters).' }),
        responseCode: t.string({
          description: 'A code customers quote back (a coupon, a reply keyword): 3–32 letters, digits, "-" or "_", any case (stored in capitals), unique among your campaigns. An interaction with it as `responseCode` in its metadata is a response to this campaign.',
        }),
        kind: t.field({ type: enums.Kind, required, description: 'What it is for.' }),
        objective: t.string({ description: 'Its objective, in words (up to 2,000 characters).' }),
        targetKpis: t.field({ type: [KpiTargetInput], description: `Its targets, each metric once (at most ${KPI_METRICS.length}).`, extensions: { maxItems: KPI_METRICS.length } }),
        channels: t.field({ type: [enums.Channel], description: 'How it reaches customers, each channel once.' }),
        ownerId: t.string({ description: 'The user responsible; you when absent.' }),
        startsAt: t.field({ type: 'DateTime', description: 'When it starts.' }),
        endsAt: t.field({ type: 'DateTime', description: 'When it ends; after startsAt.' }),
        recurrence: t.field({ type: enums.Recurrence, description: 'Whether it takes a fresh audience each period (default NONE).' }),
        controlShare: t.float({ description: 'The share of the audience held back as control, 0 to 0.5 (default 0.1).' }),
        attributionWindowDays: t.int({ description: 'Days after a touch in which a conversion counts, 1–365 (default 30).' }),
        decayHalfLifeDays: t.int({ description: 'Time-decay half-life in days, 1–90 (default 7).' }),
        budget: t.field({ type: MoneyInput, description: 'What may be spent (an amount ≥ 0).' }),
        audienceSegmentIds: t.idList({ description: `The audience: 1 to ${MAX_AUDIENCE_SEGMENTS} live segments (global ids).`, extensions: { maxItems: MAX_AUDIENCE_SEGMENTS } }),
        exclusionSegmentIds: t.idList({ description: `Segments whose members are left out: up to ${MAX_EXCLUSION_SEGMENTS} live segments (global ids).`, extensions: { maxItems: MAX_EXCLUSION_SEGMENTS } }),
        variants: t.field({ type: [VariantInput], description: `Versions of the message, up to ${MAX_VARIANTS}, distinct names.`, extensions: { maxItems: MAX_VARIANTS } }),
      }),
    });
  const CreateInput = definitionFields(true);
  const UpdateInput = definitionFields(false);
  const AddCostInput = builder.inputType('AddCampaignCostInput', {
    description: 'A cost item of a campaign.',
    fields: (t) => ({
      campaignId: t.id({ required: true, description: 'The campaign (global id).' }),
      label: t.string({ required: true, description: 'What it was for (1–200 characters).' }),
      amount: t.string({ required: true, description: 'Decimal text, at least 0, at most 2 decimals.' }),
      currency: t.string({ required: true, description: 'ISO 4217, e.g. "EUR".' }),
      incurredOn: t.field({ type: 'Date', required: true, description: 'When it was incurred.' }),
    }),
  });

  const Payload = builder.objectRef<{ campaign: object }>('CampaignPayload').implement({
    description: 'The campaign a mutation created or changed.',
    fields: (t) => ({ campaign: t.field({ type: 'Campaign', description: 'The campaign as stored after the change.', resolve: (payload) => payload.campaign as never }) }),
  });

  const campaignId = (id: string | number, path: string[]) => parseCampaignNodeId(id, 'Campaign', path);
  const definition = (input: Record<string, unknown>): CampaignInput => {
    const { id: _id, ...rest } = input;
    return Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== undefined)) as CampaignInput;
  };

  builder.mutationFields((t) => {
    const statusChange = (end: 'CANCELLED' | 'COMPLETED', description: string) =>
      t.field({
        type: Payload,
        authScopes: LAUNCH_SCOPE,
        errors: { types: WRITE_ERRORS },
        description,
        args: { id: t.arg.id({ required: true, description: 'The campaign (global id).' }) },
        resolve: async (_root, args, context) => ({ campaign: await endCampaign(context, campaignId(args.id, ['id']), end) }),
      });
    return {
      createCampaign: t.field({
        type: Payload,
        authScopes: WRITE_SCOPE,
        errors: { types: WRITE_ERRORS },
        description: 'Creates a campaign as a DRAFT. Every bad field is reported at once; a taken name is a ConflictError.',
        args: { input: t.arg({ type: CreateInput, required: true, description: 'The new campaign: what it is for, its audience, channels, schedule and measurement settings.' }) },
        resolve: async (_root, args, context) => ({ campaign: await createCampaign(context, definition(args.input as Record<string, unknown>)) }),
      }),
      updateCampaign: t.field({
        type: Payload,
        authScopes: WRITE_SCOPE,
        errors: { types: WRITE_ERRORS },
        description: 'Changes a DRAFT or SCHEDULED campaign (a scheduled one must stay complete: a channel, an audience, a start).',
        args: { input: t.arg({ type: UpdateInput, required: true, description: 'The campaign and what changes.' }) },
        resolve: async (_root, args, context) => {
          const input = args.input as Record<string, unknown> & { id: string };
          return { campaign: await updateCampaign(context, campaignId(input.id, ['input', 'id']), definition(input)) };
        },
      }),
      scheduleCampaign: t.field({
        type: Payload,
        authScopes: WRITE_SCOPE,
        errors: { types: WRITE_ERRORS },
        description: 'DRAFT → SCHEDULED: needs a channel, an audience segment and a start; every missing part is reported at once.',
        args: { id: t.arg.id({ required: true, description: 'The campaign (global id).' }) },
        resolve: async (_root, args, context) => ({ campaign: await scheduleCampaign(context, campaignId(args.id, ['id'])) }),
      }),
      cancelCampaign: statusChange('CANCELLED', 'Cancels a DRAFT, SCHEDULED or RUNNING campaign: no more contacts; what was sent stays recorded.'),
      completeCampaign: statusChange('COMPLETED', 'Completes a RUNNING campaign: no more contacts; conversions within the window still count.'),
      addCampaignCost: t.field({
        type: Payload,
        authScopes: WRITE_SCOPE,
        errors: { types: WRITE_ERRORS },
        description: 'Adds a cost item to a campaign in any status but CANCELLED.',
        args: { input: t.arg({ type: AddCostInput, required: true, description: 'The cost item.' }) },
        resolve: async (_root, args, context) => {
          const id = campaignId(args.input.campaignId, ['input', 'campaignId']);
          const cost = parseInput(costSchema, { label: args.input.label, amount: args.input.amount, currency: args.input.currency, incurredOn: args.input.incurredOn });
          const campaign = await changeCosts(context, id, ['input', 'campaignId'], (found) =>
            context.db.campaignCost.create({ data: { tenantId: found.tenantId, campaignId: found.id, ...cost } }).then(() => undefined),
          );
          return { campaign };
        },
      }),
      removeCampaignCost: t.field({
        type: Payload,
        authScopes: WRITE_SCOPE,
        errors: { types: WRITE_ERRORS },
        description: 'Removes a cost item from a campaign in any status but CANCELLED.',
        args: { id: t.arg.id({ required: true, description: 'The cost item (global id).' }) },
        resolve: async (_root, args, context) => {
          const costId = rowIdOfNode(String(args.id), 'CampaignCost', ['id']);
          const cost = await context.db.campaignCost.findFirst({ where: { tenantId: viewerOf(context).tenantId, id: costId } });
          if (!cost) throw new NotFoundError('CampaignCost', encodeGlobalID('CampaignCost', costId));
          const campaign = await changeCosts(context, cost.campaignId, ['id'], (found) => context.db.campaignCost.delete({ where: { id: cost.id, campaignId: found.id } }).then(() => undefined));
          return { campaign };
        },
      }),
    };
  });
}
