import { z } from 'zod';
import { LeadDisqualificationReason, LeadSource, LeadStatus, OpportunityStage } from '../../../src/plugin-api.ts';
import { emailSchema, normalizePhone } from '../../profile/plugin.ts';
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
