import type { InputRef } from '@pothos/core';
import { z } from 'zod';
import type { Builder, FactConditionInput, PluginComposition } from '../../src/plugin-api.ts';
import type { ExternalRefInputRef } from './external-ref.ts';
import { OrderDirection } from './profile-enums.ts';
import { MAX_CUSTOMER_FACT_CONDITIONS, MAX_EXTERNAL_REFS, MAX_FACT_ORDER_FILTERS } from './profile-inputs.ts';
import { Audience, CustomerKind, Lifecycle, OrganizationSize } from './store/enums.ts';

// The core's fact parameter inputs, shared with CustomerFactConditionInput: named, since only the
// condition's ref reaches plugins.
const FactWindowInput = 'FactWindowInput' as unknown as InputRef<NonNullable<FactConditionInput['window']>>;
const FactFilterInput = 'FactFilterInput' as unknown as InputRef<NonNullable<FactConditionInput['filters']>[number]>;

/** The inputs of Customer's queries and mutations. */
export function registerCustomerInputs(builder: Builder, { FactCondition }: Pick<PluginComposition, 'FactCondition'>) {
  const OrderField = builder.enumType('CustomerOrderField', {
    description: 'What a customer list is sorted by (ties are broken by id).',
    values: {
      DISPLAY_NAME: { description: 'Alphabetically by display name.' },
      CREATED_AT: { description: 'By when the profile was created.' },
      UPDATED_AT: { description: 'By when the profile last changed.' },
    } as const,
  });

  const CustomerFilter = builder.inputType('CustomerFilter', {
    description: 'All given conditions must hold.',
    fields: (t) => ({
      kind: t.field({ type: CustomerKind, description: 'Only people, or only organizations.' }),
      audiences: t.field({ type: [Audience], description: 'Customers in any of these audiences.' }),
      lifecycle: t.field({ type: [Lifecycle], description: 'Customers in any of these lifecycle states.' }),
      country: t.field({ type: 'CountryCode', description: 'Only customers of this country (ISO 3166-1 alpha-2).' }),
      ownerId: t.string({ description: 'Only customers owned by this user (token subject).' }),
      updatedAfter: t.field({ type: 'DateTime', description: 'Only customers changed after this instant.' }),
      search: t.string({
        description: 'Matches names, e-mails and phones (case-insensitive, part of a word is enough).',
        validate: z
          .string()
          .trim()
          .min(2, 'must have at least 2 characters')
          .max(100, 'must be at most 100 characters')
          .refine((value) => !value.includes('\u0000'), 'must not contain NUL characters'),
      }),
      includeArchived: t.boolean({ description: 'Archived customers are left out unless this is true.' }),
      facts: t.field({
        type: [FactCondition],
        description:
          'Customers for whom every one of these conditions on customer facts holds (any fact of the `customerFacts` query: profile, interactions, pipeline, scores …).',
        extensions: { maxItems: MAX_CUSTOMER_FACT_CONDITIONS },
      }),
    }),
  });

  const CustomerFactOrder = builder.inputType('CustomerFactOrderInput', {
    description:
      'A customer fact to sort by, with the parameters it takes: a NUMBER, MONEY or DATE_TIME fact of the `customerFacts` query. Customers without a value come last in either direction.',
    fields: (t) => ({
      fact: t.string({ required: true, description: 'The fact’s name, e.g. "interactions.purchaseTotal".' }),
      window: t.field({ type: FactWindowInput, description: 'The time a counted fact looks at (facts that take a window).' }),
      filters: t.field({ type: [FactFilterInput], description: 'Narrows what the fact counts (facts that declare filters).', extensions: { maxItems: MAX_FACT_ORDER_FILTERS } }),
      path: t.string({ description: 'A dotted path into JSON data, e.g. "loyalty.points" (facts that take a path).' }),
      currency: t.string({ description: 'ISO 4217 currency of the amounts, e.g. "EUR" (facts that take one).' }),
    }),
  });

  const CustomerOrder = builder.inputType('CustomerOrder', {
    description: 'How to sort customers: by `field` or by `fact`, not both; by display name when neither is given.',
    fields: (t) => ({
      field: t.field({ type: OrderField, description: 'A column of the profile to sort by.' }),
      fact: t.field({ type: CustomerFactOrder, description: 'A customer fact to sort by, ties broken by id.' }),
      direction: t.field({ type: OrderDirection, defaultValue: 'ASC', description: 'Ascending unless given.' }),
    }),
  });

  const UpdateCustomerInput = builder.inputType('UpdateCustomerInput', {
    description: 'Only the fields given change; a field set to null is cleared.',
    fields: (t) => ({
      id: t.id({ required: true, description: 'The customer to change (global id of a Person or Organization).' }),
      displayName: t.string({ description: 'The name shown everywhere; for a person, changing first or last name does not change it.' }),
      firstName: t.string({ description: 'People only.' }),
      lastName: t.string({ description: 'People only.' }),
      birthDate: t.field({ type: 'Date', description: 'People only.' }),
      legalName: t.string({ description: 'Organizations only.' }),
      taxId: t.string({ description: 'Organizations only.' }),
      industry: t.string({ description: 'Organizations only.' }),
      size: t.field({ type: OrganizationSize, description: 'Organizations only.' }),
      audiences: t.field({ type: [Audience], description: 'Replaces all audiences.' }),
      ownerId: t.string({ description: 'User id (token subject) of the account owner.' }),
      language: t.string({ description: 'BCP 47 language tag, e.g. "es".' }),
      country: t.string({ description: 'ISO 3166-1 alpha-2, e.g. "ES".' }),
      region: t.string({ description: 'Province, state or region.' }),
      city: t.string({ description: 'City or town, as it is written in addresses.' }),
      traits: t.field({ type: 'JSONObject', description: 'Replaces all traits.' }),
    }),
  });

  return { CustomerFilter, CustomerOrder, UpdateCustomerInput };
}

type InputFieldBuilder = Parameters<Parameters<Builder['inputType']>[1]['fields']>[0];

/** The fields `CreatePersonInput` and `CreateOrganizationInput` share. */
export function newCustomerInputFields(t: InputFieldBuilder, ExternalRefInput: ExternalRefInputRef) {
  return {
    email: t.string({ description: 'Becomes the primary e-mail; must not belong to another active customer.' }),
    phone: t.string({ description: 'International format, or national with `country` set; stored as E.164.' }),
    audiences: t.field({ type: [Audience], description: 'Who the customer is to the company; none when absent.' }),
    lifecycle: t.field({ type: Lifecycle, description: 'Default ACTIVE.' }),
    ownerId: t.string({ description: 'User id (token subject) of the account owner; none when absent.' }),
    language: t.string({ description: 'BCP 47 language tag, e.g. "es".' }),
    country: t.string({ description: 'ISO 3166-1 alpha-2, e.g. "ES".' }),
    region: t.string({ description: 'Province, state or region.' }),
    city: t.string({ description: 'City or town, as it is written in addresses.' }),
    traits: t.field({ type: 'JSONObject', description: 'Free facts that have no typed field yet (a JSON object).' }),
    externalRefs: t.field({ type: [ExternalRefInput], description: 'Ids of this customer in other systems.', extensions: { maxItems: MAX_EXTERNAL_REFS } }),
  };
}
