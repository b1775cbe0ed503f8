import type { Builder } from '../../../src/plugin-api.ts';
import { keysetConnection, selectedFieldNames } from '../../../src/plugin-api.ts';
import type { CampaignEnums } from '../enums.ts';
import { READ } from '../permissions.ts';
import { campaignParts } from '../store/campaign-parts.ts';
import { CUSTOMER_CAMPAIGNS_ORDER, customerCampaigns, type CampaignContactRow } from '../store/campaign-recipients.ts';

const customerIdOf = (customer: object) => (customer as { id: string }).id;

/** `Customer.campaigns`: the campaign contacts a customer received, newest first. */
export function registerCustomerCampaigns(builder: Builder, enums: CampaignEnums): void {
  const Contact = builder.objectRef<CampaignContactRow>('CampaignContact').implement({
    description: 'A contact a customer received from a campaign.',
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
    }),
  });
  builder.interfaceField('Customer', 'campaigns', (t) =>
    t.connection(
      {
        type: Contact,
        authScopes: { permission: READ },
        description: 'The campaign contacts the customer received, newest first.',
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
