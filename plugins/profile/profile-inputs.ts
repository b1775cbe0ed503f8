import { isSupportedCountry } from 'libphonenumber-js/max';
import { z } from 'zod';
import { Audience, ConsentChannel, ConsentStatus, ContactPointKind, Lifecycle, OrganizationSize } from './store/enums.ts';
import { emailSchema, normalizePhone } from './contact-normalization.ts';

/** The rules every profile write checks before touching the database. */

const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .refine((value) => !value.includes('\u0000'), 'must not contain NUL characters');
const optionalText = (max: number) => text(max).nullish();

export const countrySchema = z
  .string()
  .trim()
  .transform((code) => code.toUpperCase())
  .refine((code) => /^[A-Z]{2}$/.test(code) && isSupportedCountry(code), 'must be an ISO 3166-1 alpha-2 country code, e.g. "ES"');

const languageSchema = z
  .string()
  .trim()
  .regex(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/, 'must be a BCP 47 language tag, e.g. "es" or "pt-BR"');

const birthDateSchema = z
  .date()
  .refine((date) => date.getTime() <= Date.now(), 'must not be in the future')
  .refine((date) => date.getUTCFullYear() >= 1900, 'must be after 1900');

const traitsSchema = z
  .record(z.string(), z.unknown())
  .refine((traits) => JSON.stringify(traits).length <= 16_384, 'must be at most 16 KB of JSON');

/** The most ids in other systems one create or update may give. */
export const MAX_EXTERNAL_REFS = 20;

export const externalRefSchema = z.object({ source: text(50).regex(/^[a-z0-9][a-z0-9_.-]*$/, 'must be lower-case letters, digits, "_", "." or "-"'), externalId: text(200) });

const sharedProfileFields = {
  audiences: z.array(z.enum(Audience)).max(7).nullish(),
  lifecycle: z.enum(Lifecycle).nullish(),
  ownerId: optionalText(100),
  language: languageSchema.nullish(),
  country: countrySchema.nullish(),
  region: optionalText(100),
  city: optionalText(100),
  traits: traitsSchema.nullish(),
  email: emailSchema.nullish(),
  phone: text(40).nullish(),
  externalRefs: z.array(externalRefSchema).max(MAX_EXTERNAL_REFS).nullish(),
};

type WithPhone = { phone?: string | null; country?: string | null };

function phoneReading(input: WithPhone) {
  const country = typeof input.country === 'string' ? input.country.trim() : null;
  return typeof input.phone === 'string' ? normalizePhone(input.phone, country) : null;
}

/**
 * Reads the phone with the customer's country inside the schema. The check runs even when other
 * fields are bad (`when`), so every field error is reported at once; the parsed input carries E.164.
 */
function phoneInE164<Schema extends z.ZodType<WithPhone>>(schema: Schema) {
  return schema
    .refine((input) => phoneReading(input)?.ok !== false, {
      path: ['phone'],
      when: () => true,
      error: (issue) => {
        const reading = phoneReading(issue.input as WithPhone);
        return reading && !reading.ok ? reading.message : 'is not a valid phone number';
      },
    })
    .transform((input) => {
      const reading = phoneReading(input);
      return reading?.ok ? { ...input, phone: reading.e164 } : input;
    });
}

export const createPersonSchema = phoneInE164(
  z.object({
    firstName: text(100),
    lastName: text(100),
    birthDate: birthDateSchema.nullish(),
    ...sharedProfileFields,
  }),
);

export const createOrganizationSchema = phoneInE164(
  z.object({
    name: text(200),
    legalName: optionalText(200),
    taxId: optionalText(50),
    industry: optionalText(100),
    size: z.enum(OrganizationSize).nullish(),
    ...sharedProfileFields,
  }),
);

export const updateCustomerSchema = z.object({
  id: z.string(),
  displayName: optionalText(200),
  firstName: optionalText(100),
  lastName: optionalText(100),
  birthDate: birthDateSchema.nullish(),
  legalName: optionalText(200),
  taxId: optionalText(50),
  industry: optionalText(100),
  size: z.enum(OrganizationSize).nullish(),
  audiences: sharedProfileFields.audiences,
  ownerId: sharedProfileFields.ownerId,
  language: sharedProfileFields.language,
  country: sharedProfileFields.country,
  region: sharedProfileFields.region,
  city: sharedProfileFields.city,
  traits: sharedProfileFields.traits,
});

export const addContactPointSchema = z
  .object({
    customerId: z.string(),
    kind: z.enum(ContactPointKind),
    value: text(254).nullish(),
    label: optionalText(50),
    isPrimary: z.boolean().nullish(),
    street: optionalText(200),
    postalCode: optionalText(20),
    city: optionalText(100),
    region: optionalText(100),
    country: countrySchema.nullish(),
  })
  .superRefine((input, issues) => {
    if (input.kind === 'ADDRESS') {
      if (!input.street) issues.addIssue({ code: 'custom', path: ['street'], message: 'is required for an address' });
      if (!input.country) issues.addIssue({ code: 'custom', path: ['country'], message: 'is required for an address' });
    } else if (!input.value) {
      issues.addIssue({ code: 'custom', path: ['value'], message: `is required for ${input.kind === 'EMAIL' ? 'an e-mail' : 'a phone'}` });
    }
  });

export const setConsentSchema = z.object({
  customerId: z.string(),
  channel: z.enum(ConsentChannel),
  status: z.enum(ConsentStatus),
  source: optionalText(100),
});

export const linkMembershipSchema = z.object({
  personId: z.string(),
  organizationId: z.string(),
  role: optionalText(100),
  title: optionalText(100),
  isPrimary: z.boolean().nullish(),
  startedAt: z.date().nullish(),
});
