import { z } from 'zod';
import type { Builder } from '../../../src/plugin-api.ts';
import { LeadDisqualificationReason, LeadSource, LeadStatus, OpportunityStage } from '../store/enums.ts';
import { emailSchema, normalizePhone } from '../../profile/plugin.ts';
import type { PipelineEnums } from '../enums.ts';
import { planDateSchema, text, userIdSchema } from '../inputs.ts';
import { amountSchema, currencySchema } from '../money.ts';

const countrySchema = z
  .string()
  .trim()
  .transform((code) => code.toUpperCase())
  .refine((code) => /^[A-Z]{2}$/.test(code), 'must be an ISO 3166-1 alpha-2 country code, e.g. "ES"');

/** The contact data a lead may carry, normalized as the profile normalizes a customer's. */
const contactFields = {
  firstName: text(100).nullish(),
  lastName: text(100).nullish(),
  companyName: text(200).nullish(),
  email: emailSchema.nullish(),
  phone: text(40).nullish(),
  country: countrySchema.nullish(),
};

type WithPhone = { phone?: string | null; country?: string | null };

/** The phone read with the lead's country into E.164; every other field is still checked when it is bad. */
function phoneInE164<Schema extends z.ZodType<WithPhone>>(schema: Schema) {
  const reading = (input: WithPhone) => (typeof input.phone === 'string' ? normalizePhone(input.phone, typeof input.country === 'string' ? input.country.trim() : null) : null);
  return schema
    .refine((input) => reading(input)?.ok !== false, {
      path: ['phone'],
      when: () => true,
      error: (issue) => {
        const result = reading(issue.input as WithPhone);
        return result && !result.ok ? result.message : 'is not a valid phone number';
      },
    })
    .transform((input) => {
      const result = reading(input);
      return result?.ok ? { ...input, phone: result.e164 } : input;
    });
}

export const captureLeadSchema = phoneInE164(
  z
    .object({
      source: z.enum(LeadSource),
      sourceDetail: text(200).nullish(),
      customerId: z.string().nullish(),
      referrerId: z.string().nullish(),
      ...contactFields,
      interest: text(500),
      estimatedAmount: amountSchema.nullish(),
      currency: currencySchema.nullish(),
      ownerId: userIdSchema.nullish(),
    })
    .superRefine((input, issues) => {
      const fail = (path: string, message: string) => issues.addIssue({ code: 'custom', path: [path], message });
      if (!input.customerId) {
        if (!input.lastName && !input.companyName) fail('lastName', 'a lead without a customer needs a last name or a company name');
        if (!input.email && !input.phone) fail('email', 'a lead without a customer needs an e-mail or a phone');
      }
      if (input.referrerId && input.source !== 'REFERRAL') fail('referrerId', 'only applies to a lead with source REFERRAL');
      if (input.estimatedAmount && !input.currency) fail('currency', 'is required with an estimated amount');
      if (input.currency && !input.estimatedAmount) fail('estimatedAmount', 'is required with a currency');
    }),
);

export const updateLeadSchema = phoneInE164(
  z.object({
    id: z.string(),
    sourceDetail: text(200).nullish(),
    ...contactFields,
    interest: text(500).nullish(),
    estimatedAmount: amountSchema.nullish(),
    currency: currencySchema.nullish(),
    ownerId: userIdSchema.nullish(),
    status: z.enum(LeadStatus).nullish(),
  }),
);

export const disqualifyLeadSchema = z.object({
  id: z.string(),
  reason: z.enum(LeadDisqualificationReason),
  note: text(1000).nullish(),
});

export const qualifyLeadSchema = z.object({
  id: z.string(),
  customerId: z.string().nullish(),
  createAs: z.enum(['PERSON', 'ORGANIZATION']).nullish(),
  opportunityName: text(200).nullish(),
  stage: z.enum(OpportunityStage).nullish(),
  amount: amountSchema.nullish(),
  currency: currencySchema.nullish(),
  expectedCloseDate: planDateSchema,
  ownerId: userIdSchema.nullish(),
});

/** The inputs of captureLead, updateLead, disqualifyLead and qualifyLead, as the schema shows them. */
export function registerLeadInputs(builder: Builder, enums: PipelineEnums) {
  const contactInputFields = (t: Parameters<Parameters<typeof builder.inputType>[1]['fields']>[0]) => ({
    firstName: t.string({ description: "The contact's given name." }),
    lastName: t.string({ description: "The contact's family name." }),
    companyName: t.string({ description: 'The company the contact speaks for.' }),
    email: t.string({ description: 'Stored lower-cased.' }),
    phone: t.string({ description: 'International format, or national with `country`; stored as E.164.' }),
    country: t.field({ type: 'CountryCode', description: 'ISO 3166-1 alpha-2, e.g. "ES".' }),
  });

  const CaptureLeadInput = builder.inputType('CaptureLeadInput', {
    description: 'Either `customerId` (interest of a known customer), or contact data: a last name or company name, and an e-mail or phone.',
    fields: (t) => ({
      source: t.field({ type: enums.LeadSource, required: true, description: 'The channel the interest came through.' }),
      sourceDetail: t.string({ description: 'The form, event or campaign, e.g. "Feria Alimentaria 2026".' }),
      customerId: t.id({ description: 'The Person or Organization it concerns, when already a customer.' }),
      referrerId: t.id({ description: 'The prescriber (a customer) who referred it; source REFERRAL only.' }),
      ...contactInputFields(t),
      interest: t.string({ required: true, description: 'What they want, in words.' }),
      estimatedAmount: t.string({ description: 'Decimal text, with `currency`.' }),
      currency: t.string({ description: 'ISO 4217 code of `estimatedAmount`, e.g. "EUR".' }),
      ownerId: t.string({ description: 'Default: unassigned. Yourself, or anyone with pipeline:manage.' }),
    }),
  });

  const UpdateLeadInput = builder.inputType('UpdateLeadInput', {
    description: 'Only the fields given change; null clears. `status` moves between NEW and WORKING, and reopens a DISQUALIFIED lead as WORKING.',
    fields: (t) => ({
      id: t.id({ required: true, description: 'The lead (global id).' }),
      sourceDetail: t.string({ description: 'The form, event or campaign it came from.' }),
      ...contactInputFields(t),
      interest: t.string({ description: 'What they want, in words.' }),
      estimatedAmount: t.string({ description: 'Decimal text, with `currency`.' }),
      currency: t.string({ description: 'ISO 4217 code of `estimatedAmount`, e.g. "EUR".' }),
      ownerId: t.string({ description: 'Taking an unassigned lead is yours to do; giving it to someone else needs pipeline:manage.' }),
      status: t.field({ type: enums.LeadStatus, description: 'NEW or WORKING (QUALIFIED and DISQUALIFIED have their own mutations).' }),
    }),
  });

  const DisqualifyLeadInput = builder.inputType('DisqualifyLeadInput', {
    description: 'The lead to drop, and why.',
    fields: (t) => ({
      id: t.id({ required: true, description: 'The lead (global id).' }),
      reason: t.field({ type: enums.DisqualificationReason, required: true, description: 'Why it is dropped.' }),
      note: t.string({ description: 'Free words on why.' }),
    }),
  });

  const CreateAs = builder.enumType('LeadCustomerKind', {
    description: 'What to create when qualifying a lead needs a new customer.',
    values: { PERSON: { description: 'A person, from the contact names.' }, ORGANIZATION: { description: 'An organization named after `companyName`.' } } as const,
  });
  const QualifyLeadInput = builder.inputType('QualifyLeadInput', {
    description: 'The lead to convert, and what the opportunity and customer should be where the lead does not say.',
    fields: (t) => ({
      id: t.id({ required: true, description: 'The lead (global id); NEW or WORKING.' }),
      customerId: t.id({ description: 'Convert for this customer instead of the linked, matched or a new one.' }),
      createAs: t.field({ type: CreateAs, description: 'When a customer must be created: default ORGANIZATION if the lead has a company name, else PERSON.' }),
      opportunityName: t.string({ description: "Default: the lead's interest." }),
      stage: t.field({ type: enums.Stage, description: 'An open stage; default QUALIFICATION.' }),
      amount: t.string({ description: "Default: the lead's estimated amount." }),
      currency: t.string({ description: "Default: the lead's currency; required when the lead has none." }),
      expectedCloseDate: t.field({ type: 'Date', required: true, description: 'When the deal is expected to close (a calendar date).' }),
      ownerId: t.string({ description: "Default: the lead's owner, else you." }),
    }),
  });

  return { CaptureLeadInput, UpdateLeadInput, DisqualifyLeadInput, QualifyLeadInput };
}
