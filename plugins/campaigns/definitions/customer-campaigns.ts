import { encodeGlobalID } from '@pothos/plugin-relay';
import type { Builder, PluginComposition } from '../../../src/plugin-api.ts';
import { centsOf, formatCents, keysetConnection, selectedFieldNames } from '../../../src/plugin-api.ts';
import { interactionGlobalId } from '../../interactions/plugin.ts';
import { CHANNELS } from '../channels.ts';
import type { CampaignEnums } from '../enums.ts';
import { READ } from '../permissions.ts';
import { campaignParts } from '../store/campaign-parts.ts';
import { CUSTOMER_CAMPAIGNS_ORDER, customerCampaigns, type CampaignContactRow } from '../store/campaign-recipients.ts';
import { contactOutcomes, OUTCOMES_PER_CONTACT, type ContactConversionRow, type ContactResponseRow } from '../store/contact-outcomes.ts';
import type { ConversionSource } from '../store/return-conversions.ts';

const customerIdOf = (customer: object) => (customer as { id: string }).id;

/** The campaign channel of each interaction channel a contact is recorded on. */
const CAMPAIGN_CHANNEL_OF = new Map<string, string>(Object.entries(CHANNELS).map(([channel, mapping]) => [mapping.interactionChannel, channel]));

const CONVERSION_SOURCES: Record<ConversionSource, { description: string }> = {
  PURCHASE: { description: 'A purchase with an amount, recorded as an interaction (its id is the Interaction).' },
  DEAL_WON: { description: 'A deal won in the sales pipeline, dated when it closed (its id is the Opportunity); only where the pipeline area is enabled.' },
};

/** `Customer.campaigns`: the campaign contacts a customer received, newest first, with what came of each. */
export function registerCustomerCampaigns(builder: Builder, enums: CampaignEnums, composition: PluginComposition): void {
  const outcomes = contactOutcomes(composition.enabledPlugins.has('pipeline'));
  const shown = OUTCOMES_PER_CONTACT.toLocaleString('en-US');
  const ConversionSourceEnum = builder.enumType('CampaignConversionSource', {
    description: 'What a conversion credited to a campaign is: a purchase, or a won deal.',
    values: CONVERSION_SOURCES,
  });
  const Response = builder.objectRef<ContactResponseRow>('CampaignContactResponse').implement({
    description: "A customer's response to a campaign (an interaction of kind CAMPAIGN_RESPONSE naming the campaign in its metadata).",
    fields: (t) => ({
      interactionId: t.id({ description: 'The response itself: the global id of its Interaction, to read with `node(id:)`.', resolve: (response) => interactionGlobalId(response) }),
      respondedAt: t.expose('respondedAt', { type: 'DateTime', description: 'When the customer responded (when the interaction took place), UTC.' }),
      channel: t.field({
        type: enums.Channel,
        nullable: true,
        description: 'The campaign channel the response came through; null for a channel campaigns do not contact on (a store visit, an inbound call, a chat …).',
        resolve: (response) => (CAMPAIGN_CHANNEL_OF.get(response.channel) ?? null) as never,
      }),
    }),
  });
  const Conversion = builder.objectRef<ContactConversionRow>('CampaignContactConversion').implement({
    description: "A purchase or won deal of the customer within the campaign's attribution window after a contact: the campaign is credited with it.",
    fields: (t) => ({
      source: t.field({ type: ConversionSourceEnum, description: 'Whether it was a purchase or a won deal.', resolve: (conversion) => conversion.source }),
      sourceId: t.id({
        description: 'The global id of the purchase (an Interaction) or of the won deal (an Opportunity).',
        resolve: (conversion) => (conversion.source === 'DEAL_WON' ? encodeGlobalID('Opportunity', conversion.sourceId) : interactionGlobalId({ id: conversion.sourceId })),
      }),
      convertedAt: t.expose('convertedAt', { type: 'DateTime', description: 'When the purchase took place or the deal closed, UTC.' }),
      amount: t.field({
        type: 'CampaignMoney',
        description: 'Its revenue in its own currency (the purchase total, or the deal amount).',
        resolve: (conversion) => ({ amount: formatCents(centsOf(conversion.amount)), currency: conversion.currency }),
      }),
    }),
  });
  const Contact = builder.objectRef<CampaignContactRow>('CampaignContact').implement({
    description: 'A contact a customer received from a campaign, with what came of it: their responses to the campaign and the conversions credited to it.',
    fields: (t) => ({
      campaign: t.field({ type: 'Campaign', description: 'The campaign that made the contact.', resolve: async (row, _args, context) => (await campaignParts(context).campaigns.load(row.campaignId))! }),
      channel: t.field({ type: enums.Channel, description: 'The channel it came through.', resolve: (row) => row.channel as never }),
      step: t.exposeString('step', { description: 'The run it belonged to: "launch", or the period of a recurring campaign.' }),
      variant: t.field({
        type: 'CampaignVariant',
        nullable: true,
        description: 'The version of the message it carried; null without an A/B test.',
        resolve: (row, _args, context) => (row.variantId ? campaignParts(context).variantsById.load(row.variantId) : null),
      }),
      contactedAt: t.expose('decidedAt', { type: 'DateTime', description: 'When it was made.' }),
      responses: t.field({
        type: [Response],
        description: `The customer's responses to the campaign at or after this contact, oldest first: at most the first ${shown}. A response after several contacts of the campaign (two channels of one launch, several periods) shows under each.`,
        resolve: (row, _args, context) => outcomes(context).responses.load(row.id),
      }),
      conversions: t.field({
        type: [Conversion],
        description: `The customer's purchases (and won deals, where the pipeline area is enabled) from this contact until the campaign's attribution window (attributionWindowDays) after it, oldest first: at most the first ${shown}. One within the window of several contacts of the campaign shows under each.`,
        resolve: (row, _args, context) => outcomes(context).conversions.load(row.id),
      }),
    }),
  });
  builder.interfaceField('Customer', 'campaigns', (t) =>
    t.connection(
      {
        type: Contact,
        authScopes: { permission: READ },
        description: 'The campaign contacts the customer received, newest first, each with the responses and conversions that followed it.',
        resolve: async (customer, args, context, info) => {
          const customerId = customerIdOf(customer);
          const withCount = selectedFieldNames(info, []).has('totalCount');
          let counted: number | null = null;
          const page = await keysetConnection(args, CUSTOMER_CAMPAIGNS_ORDER, async (request) => {
            const read = await customerCampaigns(context).page.load({ customerId, request: { ...request, withCount } });
            counted = read.totalCount;
            return read.contacts;
          });
          return { ...page, totalCount: () => counted ?? 0 };
        },
      },
      {
        name: 'CustomerCampaignConnection',
        fields: (connection) => ({
          totalCount: connection.int({ description: 'Contacts the customer received, on every page.', resolve: (page) => (typeof page.totalCount === 'function' ? page.totalCount() : 0) }),
        }),
      },
      { name: 'CustomerCampaignEdge' },
    ),
  );
}
