import { encodeGlobalID } from '@pothos/plugin-relay';
import { z } from 'zod';
import type { Builder } from '../../../src/plugin-api.ts';
import { ConflictError, NotFoundError, rowIdOfNode, ValidationError, viewerOf } from '../../../src/plugin-api.ts';
import { emailSchema, loadCustomer, normalizePhone, resolveCustomerReferences } from '../../profile/plugin.ts';
import type { CampaignEnums } from '../enums.ts';
import { WRITE } from '../permissions.ts';
import { suppressionPage, type SuppressionRow } from '../store/campaign-suppressions.ts';

const WRITE_SCOPE = { permission: WRITE } as const;
const reasonSchema = z.string().trim().min(1, 'must not be empty').max(500, 'must be at most 500 characters');

/** An e-mail or phone as the profile stores it, or the problem with it. */
function normalizedValue(raw: string): { value: string } | { problem: string } {
  if (raw.includes('@')) {
    const email = emailSchema.safeParse(raw);
    return email.success ? { value: email.data } : { problem: email.error.issues[0]!.message };
  }
  const phone = normalizePhone(raw, null);
  return phone.ok ? { value: phone.e164 } : { problem: phone.message };
}

/** The suppression list: customers or addresses no campaign may contact (on one channel, or on any). */
export function registerCampaignSuppression(builder: Builder, enums: CampaignEnums): void {
  const Suppression = builder.objectRef<SuppressionRow>('CampaignSuppression').implement({
    description: 'A customer, an e-mail or a phone no campaign may contact, on one channel or on any.',
    fields: (t) => ({
      id: t.id({ description: 'The entry (global id), to lift it.', resolve: (row) => encodeGlobalID('CampaignSuppression', row.id) }),
      customer: t.field({
        type: 'Customer',
        nullable: true,
        description: 'The customer suppressed; null for an address.',
        resolve: (row, _args, context) => (row.customerId ? loadCustomer(context, row.customerId) : null),
      }),
      value: t.exposeString('value', { nullable: true, description: 'The e-mail or phone suppressed (normalized), whoever holds it; null for a customer.' }),
      channel: t.field({ type: enums.Channel, nullable: true, description: 'The channel; null: every channel.', resolve: (row) => row.channel }),
      reason: t.exposeString('reason', { description: 'Why (an unsubscribe, a complaint, a legal request …).' }),
      createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When it was added.' }),
    }),
  });
  const Input = builder.inputType('SuppressContactInput', {
    description: 'Whom to suppress: a customer or an e-mail/phone (exactly one of them).',
    fields: (t) => ({
      customerId: t.id({ description: 'The customer (global id of a Person or Organization).' }),
      value: t.string({ description: 'An e-mail or a phone in international form (normalized as the profile stores them).' }),
      channel: t.field({ type: enums.Channel, description: 'Only this channel; every channel when absent.' }),
      reason: t.string({ required: true, description: 'Why (1–500 characters).' }),
    }),
  });
  const Payload = builder.objectRef<SuppressionRow>('CampaignSuppressionPayload').implement({
    description: 'The suppression entry a mutation added or lifted.',
    fields: (t) => ({ suppression: t.field({ type: Suppression, description: 'The entry.', resolve: (row) => row }) }),
  });

  builder.queryFields((t) => ({
    campaignSuppressions: t.connection(
      {
        type: Suppression,
        authScopes: { permission: WRITE },
        description: "The tenant's suppression list, newest first.",
        resolve: (_root, args, context) => suppressionPage(context, args),
      },
      {
        name: 'CampaignSuppressionConnection',
        fields: (connection) => ({
          totalCount: connection.int({ description: 'Entries on the list.', resolve: (page) => (typeof page.totalCount === 'function' ? page.totalCount() : 0) }),
        }),
      },
      { name: 'CampaignSuppressionEdge' },
    ),
  }));

  builder.mutationFields((t) => ({
    suppressContact: t.field({
      type: Payload,
      authScopes: WRITE_SCOPE,
      errors: { types: [ValidationError, ConflictError] },
      description: 'Adds a customer, or an e-mail/phone, to the suppression list: no campaign contacts them (on the channel, or on any).',
      args: { input: t.arg({ type: Input, required: true, description: 'Whom, where and why.' }) },
      resolve: async (_root, args, context) => {
        const { customerId, value, channel, reason } = args.input;
        const problems: { path: string[]; message: string }[] = [];
        const parsedReason = reasonSchema.safeParse(reason);
        if (!parsedReason.success) problems.push({ path: ['input', 'reason'], message: parsedReason.error.issues[0]!.message });
        if ((customerId == null) === (value == null)) problems.push({ path: ['input'], message: 'Give exactly one of customerId and value.' });
        let customerRowId: string | null = null;
        let normalized: string | null = null;
        if (customerId != null) {
          const [customer] = await resolveCustomerReferences(context, [{ id: String(customerId) }]);
          if (!customer) problems.push({ path: ['input', 'customerId'], message: 'No customer has this id.' });
          else customerRowId = customer.id;
        }
        if (value != null) {
          const checked = normalizedValue(value);
          if ('problem' in checked) problems.push({ path: ['input', 'value'], message: checked.problem });
          else normalized = checked.value;
        }
        if (problems.length) throw new ValidationError(problems);
        const tenantId = viewerOf(context).tenantId;
        const existing = await context.db.campaignSuppression.findFirst({ where: { tenantId, customerId: customerRowId, value: normalized, channel: channel ?? null } });
        if (existing) throw new ConflictError(`Already on the suppression list${channel ? ` for ${channel}` : ''}.`);
        return context.db.campaignSuppression.create({
          data: { tenantId, customerId: customerRowId, value: normalized, channel: channel ?? null, reason: parsedReason.data!, createdAt: context.clock.now() },
        });
      },
    }),
    unsuppressContact: t.field({
      type: Payload,
      authScopes: WRITE_SCOPE,
      errors: { types: [ValidationError, NotFoundError] },
      description: 'Lifts a suppression entry: campaigns may contact them again (consent still applies).',
      args: { id: t.arg.id({ required: true, description: 'The entry (global id).' }) },
      resolve: async (_root, args, context) => {
        const id = rowIdOfNode(String(args.id), 'CampaignSuppression', ['id']);
        const entry = await context.db.campaignSuppression.findFirst({ where: { tenantId: viewerOf(context).tenantId, id } });
        if (!entry) throw new NotFoundError('CampaignSuppression', String(args.id));
        await context.db.campaignSuppression.delete({ where: { id: entry.id } });
        return entry;
      },
    }),
  }));
}
