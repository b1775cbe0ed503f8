import { resolveCursorConnection } from '@pothos/plugin-relay';
import type { Builder, Prisma } from '../../src/plugin-api.ts';
import { InteractionChannel, InteractionDirection, InteractionKind, viewerOf } from '../../src/plugin-api.ts';
import type { ProductLine } from './interaction-inputs.ts';
import { cursorOf, interactionPages, type InteractionFilter } from './interaction-pages.ts';

type InteractionRow = Prisma.InteractionModel;

const READ = { permission: 'interactions:read' } as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NIL_UUID = '00000000-0000-0000-0000-000000000000';

/** `Interaction`: one contact with a customer, and the customer's list of them. */
export function registerInteraction(builder: Builder) {
  const Channel = builder.enumType(InteractionChannel, {
    name: 'InteractionChannel',
    description: 'Where the contact happened.',
    values: {
      POINT_OF_SALE: { description: 'At a till in a store.' },
      COMPLAINT_DESK: { description: "At a store's complaints or customer-service desk." },
      CALL_CENTER_INBOUND: { description: 'A call the customer made to the call center.' },
      CALL_CENTER_OUTBOUND: { description: 'A call the call center made to the customer.' },
      EMAIL: { description: 'An e-mail, either way.' },
      WEB: { description: 'On the website (a form, an order, an account page).' },
      MOBILE_APP: { description: "In the company's mobile app." },
      CHAT: { description: 'A live or bot chat conversation.' },
      SMS: { description: 'A text message, either way.' },
      SOCIAL: { description: 'A social network: a message, a mention or a comment.' },
      IVR: { description: 'The automated phone menu, without reaching an agent.' },
      LOYALTY_PROGRAM: { description: 'Through the loyalty program: a card scan, points, a reward.' },
      SATISFACTION_SURVEY: { description: 'A satisfaction survey the customer answered.' },
      FIELD_VISIT: { description: "A visit by the company's staff to the customer's premises." },
    },
  });
  const Direction = builder.enumType(InteractionDirection, {
    name: 'InteractionDirection',
    description: 'Who started the contact.',
    values: {
      INBOUND: { description: 'The customer reached the company.' },
      OUTBOUND: { description: 'The company reached the customer.' },
    },
  });
  const Kind = builder.enumType(InteractionKind, {
    name: 'InteractionKind',
    description: 'What the contact was about.',
    values: {
      PURCHASE: { description: 'The customer bought something (may carry an amount and product lines).' },
      INQUIRY: { description: 'A question or request for information.' },
      COMPLAINT: { description: 'The customer complained.' },
      VISIT: { description: 'A visit, to a store or by a sales representative, with no purchase recorded.' },
      CAMPAIGN_RESPONSE: { description: 'A response to a marketing campaign (a click, a coupon, a reply).' },
      SURVEY_RESPONSE: { description: 'An answer to a survey (may carry a score).' },
      SERVICE: { description: 'After-sales service: a repair, an installation, a return.' },
      OTHER: { description: 'Anything else.' },
    },
  });

  const ProductLineRef = builder.objectRef<ProductLine>('ProductLine').implement({
    description: 'One line of a purchase.',
    fields: (t) => ({
      sku: t.exposeString('sku', { description: 'The stock-keeping unit code the sending system uses.' }),
      name: t.exposeString('name', { description: 'The product name as it appeared on the receipt.' }),
      quantity: t.exposeFloat('quantity', { description: 'Fractional for goods sold by weight or length.' }),
      unitPrice: t.exposeString('unitPrice', { description: 'Decimal as text, e.g. "12.50", in the purchase currency.' }),
    }),
  });

  const Interaction = builder.prismaNode('Interaction', {
    id: { field: 'id' },
    nullable: true,
    findUnique: (id, context) => ({ id: UUID.test(id) ? id : NIL_UUID, tenantId: viewerOf(context).tenantId }),
    authScopes: READ,
    description: 'One contact between a customer and the company, on any channel.',
    fields: (t) => ({
      customer: t.relation('customer', { description: 'The person or organization the contact was with.' }),
      channel: t.field({ type: Channel, description: 'Where it happened.', resolve: (interaction) => interaction.channel }),
      direction: t.field({ type: Direction, description: 'Who started it.', resolve: (interaction) => interaction.direction }),
      kind: t.field({ type: Kind, description: 'What it was about.', resolve: (interaction) => interaction.kind }),
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
