import type { Builder } from '../../src/plugin-api.ts';
import { asUuid, ForbiddenError, NotFoundError, ValidationError, viewerOf } from '../../src/plugin-api.ts';
import { loadCustomer } from '../profile/plugin.ts';
import type { InteractionEnums } from './enums.ts';
import { MAX_BATCH, type InteractionInput, type ProductLine } from './interaction-inputs.ts';
import { registerRecordInteractionInput } from './record-interaction-input.ts';
import { registerRecordInteractionResults } from './record-interaction-results.ts';
import { recordInteractions } from './record-interactions.ts';

const READ = { permission: 'interactions:read' } as const;
const WRITE = { permission: 'interactions:write' } as const;

/**
 * `Interaction`: one contact with a customer, and `recordInteraction` / `recordInteractions`,
 * how points of sale, call centers and trackers push contacts in.
 */
export function registerInteraction(builder: Builder, enums: InteractionEnums): void {
  const ProductLineRef = builder.objectRef<ProductLine>('ProductLine').implement({
    description: 'One line of a purchase.',
    fields: (t) => ({
      sku: t.exposeString('sku', { description: 'The stock-keeping unit code the sending system uses.' }),
      name: t.exposeString('name', { description: 'The product name as it appeared on the receipt.' }),
      quantity: t.exposeFloat('quantity', { description: 'Fractional for goods sold by weight or length.' }),
      unitPrice: t.exposeString('unitPrice', { description: 'Decimal as text, e.g. "12.50", in the purchase currency.' }),
    }),
  });

  builder.prismaNode('Interaction', {
    id: { field: 'id' },
    nullable: true,
    findUnique: (id, context) => ({ id: asUuid(id), tenantId: viewerOf(context).tenantId }),
    authScopes: READ,
    description: 'One contact between a customer and the company, on any channel.',
    fields: (t) => ({
      customer: t.field({
        type: 'Customer',
        description: 'The person or organization the contact was with.',
        // The row's foreign key keeps its customer (archived ones too), which the profile loads for every row of the request at once.
        resolve: async (interaction, _args, context) => (await loadCustomer(context, interaction.customerId))!,
      }),
      channel: t.field({ type: enums.Channel, description: 'Where it happened.', resolve: (interaction) => interaction.channel }),
      direction: t.field({ type: enums.Direction, description: 'Who started it.', resolve: (interaction) => interaction.direction }),
      kind: t.field({ type: enums.Kind, description: 'What it was about.', resolve: (interaction) => interaction.kind }),
      occurredAt: t.expose('occurredAt', { type: 'DateTime', description: 'When the contact took place, UTC (as the sending system reported it).' }),
      summary: t.exposeString('summary', { nullable: true, description: 'A short free-text account of the contact; null when none was sent.' }),
      agentId: t.exposeString('agentId', { nullable: true, description: 'User id of the agent or employee involved.' }),
      metadata: t.expose('metadata', { type: 'JSONObject', description: 'Free facts from the sending system.' }),
      amount: t.string({
        nullable: true,
        description: 'Purchases: the total as a decimal with two decimals, e.g. "49.90", in `currency`.',
        resolve: (interaction) => interaction.amount?.toFixed(2) ?? null,
      }),
      currency: t.exposeString('currency', { nullable: true, description: 'ISO 4217, e.g. "EUR".' }),
      productLines: t.field({
        type: [ProductLineRef],
        nullable: true,
        description: 'Purchases: what was bought; null when the sending system gave no lines.',
        resolve: (interaction) => (interaction.productLines as ProductLine[] | null) ?? null,
      }),
      surveyScore: t.exposeInt('surveyScore', { nullable: true, description: 'Survey responses: 0 to 10.' }),
      source: t.exposeString('source', { description: 'The system that sent it, e.g. "pos".' }),
      externalId: t.exposeString('externalId', { description: "The interaction's id in `source`." }),
      recordedAt: t.expose('recordedAt', { type: 'DateTime', description: 'When Nexo stored it.' }),
    }),
  });

  const RecordInteractionInput = registerRecordInteractionInput(builder, enums);
  const { RecordInteractionPayload, RecordInteractionsPayload } = registerRecordInteractionResults(builder);

  builder.mutationFields((t) => ({
    recordInteraction: t.field({
      type: RecordInteractionPayload,
      authScopes: WRITE,
      errors: { types: [ValidationError, NotFoundError, ForbiddenError] },
      description: 'Records one contact with a customer; idempotent on (source, externalId).',
      args: { input: t.arg({ type: RecordInteractionInput, required: true, description: 'The contact to record.' }) },
      resolve: async (_root, args, context) => {
        const [result] = await recordInteractions(context, [args.input as InteractionInput], () => ['input']);
        if ('error' in result!) throw result.error;
        return result!;
      },
    }),
    recordInteractions: t.field({
      type: RecordInteractionsPayload,
      authScopes: WRITE,
      errors: { types: [ValidationError, ForbiddenError] },
      description: `Records up to ${MAX_BATCH.toLocaleString('en-US')} contacts at once, with one result per input: a bad input is refused alone.`,
      args: { inputs: t.arg({ type: [RecordInteractionInput], required: true, description: 'The contacts to record, each stored or refused on its own.', extensions: { maxItems: MAX_BATCH } }) },
      resolve: async (_root, args, context) => {
        return recordInteractions(context, args.inputs as InteractionInput[], (index) => ['inputs', String(index)]);
      },
    }),
  }));
}
