import { z } from 'zod';
import type { Builder } from '../../../src/plugin-api.ts';
import { parseInput, ValidationError, viewerOf } from '../../../src/plugin-api.ts';
import { READ, WRITE } from '../permissions.ts';
import { readContactCap, writeContactCap, type ContactCap } from '../store/campaign-settings.ts';

const capSchema = z.object({
  maxContacts: z.number().int('must be a whole number').min(1, 'must be 1 to 50').max(50, 'must be 1 to 50'),
  perDays: z.number().int('must be a whole number').min(1, 'must be 1 to 90 days').max(90, 'must be 1 to 90 days'),
});

/** `campaignSettings` and `updateCampaignSettings`: the tenant's contact-frequency cap. */
export function registerCampaignSettings(builder: Builder): void {
  const Settings = builder.objectRef<ContactCap>('CampaignSettings').implement({
    description: "The tenant's campaign rules: the cap on marketing contacts per customer across all campaigns.",
    fields: (t) => ({
      maxContacts: t.exposeInt('maxContacts', { description: 'Contacts a customer receives at most in `perDays` days, all campaigns together (default 2).' }),
      perDays: t.exposeInt('perDays', { description: 'The length of the cap period in days (default 7).' }),
    }),
  });
  const Input = builder.inputType('UpdateCampaignSettingsInput', {
    description: 'The new cap.',
    fields: (t) => ({
      maxContacts: t.int({ required: true, description: 'Contacts per period, 1–50.' }),
      perDays: t.int({ required: true, description: 'Days per period, 1–90.' }),
    }),
  });
  const Payload = builder.objectRef<ContactCap>('CampaignSettingsPayload').implement({
    description: 'The settings after the change.',
    fields: (t) => ({ settings: t.field({ type: Settings, description: 'The settings as stored.', resolve: (cap) => cap }) }),
  });
  builder.queryField('campaignSettings', (t) =>
    t.field({
      type: Settings,
      authScopes: { permission: READ },
      description: "The tenant's contact cap (2 per 7 days until changed).",
      resolve: (_root, _args, context) => readContactCap(context.sql, viewerOf(context).tenantId),
    }),
  );
  builder.mutationField('updateCampaignSettings', (t) =>
    t.field({
      type: Payload,
      authScopes: { permission: WRITE },
      errors: { types: [ValidationError] },
      description: 'Sets the contact cap: at most maxContacts (1–50) marketing contacts per customer in perDays (1–90) days.',
      args: { input: t.arg({ type: Input, required: true, description: 'The cap.' }) },
      resolve: (_root, args, context) => writeContactCap(context.sql, viewerOf(context).tenantId, parseInput(capSchema, args.input), context.clock.now()),
    }),
  );
}
