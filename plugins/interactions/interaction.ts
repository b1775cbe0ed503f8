import { resolveCursorConnection } from '@pothos/plugin-relay';
import type { Builder, Prisma } from '../../src/plugin-api.ts';
import { InteractionChannel, InteractionDirection, InteractionKind } from '../../src/plugin-api.ts';
import type { ProductLine } from './interaction-inputs.ts';
import { cursorOf, interactionPages, type InteractionFilter } from './interaction-pages.ts';

type InteractionRow = Prisma.InteractionModel;

const READ = { permission: 'interactions:read' } as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NIL_UUID = '00000000-0000-0000-0000-000000000000';

/** `Interaction`: one contact with a customer, and the customer's list of them. */
export function registerInteraction(builder: Builder) {
  const Channel = builder.enumType(InteractionChannel, { name: 'InteractionChannel', description: 'Where the contact happened.' });
  const Direction = builder.enumType(InteractionDirection, {
    name: 'InteractionDirection',
    description: 'INBOUND when the customer reached the company, OUTBOUND when the company reached the customer.',
  });
  const Kind = builder.enumType(InteractionKind, { name: 'InteractionKind', description: 'What the contact was about.' });

  const ProductLineRef = builder.objectRef<ProductLine>('ProductLine').implement({
    description: 'One line of a purchase.',
    fields: (t) => ({
      sku: t.exposeString('sku'),
      name: t.exposeString('name'),
      quantity: t.exposeFloat('quantity', { description: 'Fractional for goods sold by weight or length.' }),
      unitPrice: t.exposeString('unitPrice', { description: 'Decimal as text, e.g. "12.50", in the purchase currency.' }),
    }),
  });

  const Interaction = builder.prismaNode('Interaction', {
    id: { field: 'id' },
    nullable: true,
    findUnique: (id, context) => ({ id: UUID.test(id) ? id : NIL_UUID, tenantId: context.viewer!.tenantId }),
    authScopes: READ,
    description: 'One contact between a customer and the company, on any channel.',
    fields: (t) => ({
      customer: t.relation('customer'),
      channel: t.field({ type: Channel, resolve: (interaction) => interaction.channel }),
      direction: t.field({ type: Direction, resolve: (interaction) => interaction.direction }),
      kind: t.field({ type: Kind, resolve: (interaction) => interaction.kind }),
      occurredAt: t.expose('occurredAt', { type: 'DateTime' }),
      summary: t.exposeString('summary', { nullable: true }),
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
        resolve: (interaction) => (interaction.productLines as ProductLine[] | null) ?? null,
      }),
      surveyScore: t.exposeInt('surveyScore', { nullable: true, description: 'Survey responses: 0 to 10.' }),
      source: t.exposeString('source', { description: 'The system that sent it, e.g. "pos".' }),
      externalId: t.exposeString('externalId', { description: "The interaction's id in `source`." }),
      recordedAt: t.expose('recordedAt', { type: 'DateTime', description: 'When Nexo stored it.' }),
    }),
  });

  builder.prismaInterfaceField('Customer', 'interactions', (t) =>
    t.connection(
      {
        type: Interaction,
        authScopes: READ,
        description: "The customer's interactions, newest first.",
        args: {
          channels: t.arg({ type: [Channel], description: 'Only these channels.' }),
          kinds: t.arg({ type: [Kind], description: 'Only these kinds.' }),
          since: t.arg({ type: 'DateTime', description: 'Occurred at or after this instant.' }),
          until: t.arg({ type: 'DateTime', description: 'Occurred before this instant.' }),
        },
        resolve: async (customer, args, context) => {
          const filter: InteractionFilter = { channels: args.channels, kinds: args.kinds, since: args.since, until: args.until };
          const loaders = interactionPages(context);
          const page = await resolveCursorConnection<Promise<InteractionRow[]>>(
            { args, toCursor: cursorOf },
            ({ after, before, limit, inverted }) => loaders.page.load({ customerId: customer.id, request: { filter, after, before, limit, inverted } }),
          );
          return { edges: page.edges!, pageInfo: page.pageInfo!, totalCount: () => loaders.count.load({ customerId: customer.id, request: filter }) };
        },
      },
      {
        name: 'InteractionConnection',
        fields: (connection) => ({
          totalCount: connection.int({ description: 'Interactions matching the filters, on every page.', resolve: (page) => (typeof page.totalCount === 'function' ? page.totalCount() : (page.totalCount ?? 0)) }),
        }),
      },
      { name: 'InteractionEdge' },
    ),
  );

  return { Channel, Direction, Kind };
}
