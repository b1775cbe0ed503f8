import { isSupportedCountry } from 'libphonenumber-js/max';
import { z } from 'zod';
import type { CheckedCondition, ConditionProblem, CustomerFact, CustomerFactType, FactConditionInput } from '../../src/plugin-api.ts';
import { checkCondition, ValidationError } from '../../src/plugin-api.ts';
import type { CustomerFactQuery } from './store/customer-pages.ts';
import { Audience, ConsentChannel, ConsentStatus, ContactPointKind, Lifecycle, OrganizationSize } from './store/enums.ts';
import { emailSchema, normalizePhone } from './contact-normalization.ts';

/** The rules every profile write, and the customers list's fact arguments, check before touching the database. */

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

/** The most conditions on customer facts one customers filter takes. */
export const MAX_CUSTOMER_FACT_CONDITIONS = 10;
/** The most filters the fact a list is sorted by takes: more than any fact declares. */
export const MAX_FACT_ORDER_FILTERS = 10;
/** Facts whose values have an order a list can follow. */
const SORTABLE_FACT_TYPES: readonly CustomerFactType[] = ['NUMBER', 'MONEY', 'DATE_TIME'];

/** A fact to sort customers by, with the parameters it takes (CustomerFactOrderInput). */
export type CustomerFactOrderInput = Pick<FactConditionInput, 'fact' | 'window' | 'filters' | 'path' | 'currency'>;

/**
 * Checks the customers list's fact conditions (`filter.facts`) and the fact it is sorted by
 * (`orderBy.fact`) against the catalogue. Every problem is reported at once, each at its path in
 * the arguments (`filter.facts.1.window.lastDays`). The facts are read at `now`.
 */
export function checkCustomerFactQuery(
  args: { filter?: { facts?: readonly FactConditionInput[] | null } | null; orderBy?: { field?: string | null; fact?: CustomerFactOrderInput | null } | null },
  facts: ReadonlyMap<string, CustomerFact>,
  now: Date,
): CustomerFactQuery {
  const problems: ConditionProblem[] = [];
  const conditions = (args.filter?.facts ?? []).map((condition, index) => checkCondition(condition, facts, `filter.facts.${index}`, problems));
  const order = args.orderBy?.fact ? checkFactOrder(args.orderBy.fact, facts, problems) : null;
  if (args.orderBy?.field && args.orderBy.fact) problems.push({ path: 'orderBy.fact', message: 'Sort by `field` or by `fact`, not both.' });
  if (problems.length > 0) throw new ValidationError(problems.map((problem) => ({ path: problem.path.split('.'), message: problem.message })));
  return { conditions: conditions as CheckedCondition[], order, now };
}

function checkFactOrder(input: CustomerFactOrderInput, facts: ReadonlyMap<string, CustomerFact>, problems: ConditionProblem[]): CheckedCondition | null {
  const fact = facts.get(input.fact);
  if (fact && !SORTABLE_FACT_TYPES.includes(fact.type)) {
    problems.push({ path: 'orderBy.fact.fact', message: `${fact.name} is a ${fact.type} fact; a list is sorted by a ${SORTABLE_FACT_TYPES.join(', ')} fact.` });
    return null;
  }
  // The value is what sorts: IS_SET applies to every sortable type and checks the fact's parameters.
  return checkCondition({ ...input, operator: 'IS_SET' }, facts, 'orderBy.fact', problems);
}
