import type { Builder, ReadAlongPart } from '../../src/plugin-api.ts';
import { readAlong, valueReadAlong, viewerOf } from '../../src/plugin-api.ts';
import { Audience, ContactPointKind, Lifecycle, OrganizationSize } from './store/enums.ts';
import type { GraphQLResolveInfo } from 'graphql';
import type { Context } from '../../src/plugin-api.ts';
import { asUuid } from './customer-ids.ts';
import { primaryContactPart, primaryContacts } from './store/primary-contacts.ts';
import {
  consentsPart,
  contactPointsPart,
  externalRefsPart,
  membersOfOrganizationPart,
  membershipsOfPersonPart,
  relationLoader,
} from './store/profile-relations.ts';
import { registerTimeline } from './timeline.ts';

const READ = { permission: 'profile:read' } as const;

/**
 * `Customer`: what people and organizations share. Both live in one table, told apart by `kind`,
 * so every other area references "the customer" with a single foreign key.
 */
export function registerCustomer(builder: Builder) {
  builder.enumType(Audience, {
    name: 'Audience',
    description: 'Who a customer is to the company; a customer can be several.',
    values: {
      PROSPECT: { description: 'Not yet bought: a lead or someone being courted.' },
      CUSTOMER: { description: 'Buys, or has bought recently.' },
      FORMER_CUSTOMER: { description: 'Used to buy and no longer does.' },
      EMPLOYEE: { description: "Works for the company itself (e.g. for staff purchases)." },
      PRESCRIBER: { description: 'Recommends the company to others without buying (an architect, a consultant …).' },
      KEY_ACCOUNT: { description: 'A customer managed with special attention by an account owner.' },
      SUPPLIER: { description: 'Sells to the company.' },
    },
  });
  builder.enumType(Lifecycle, {
    name: 'Lifecycle',
    description: 'Whether the relationship is alive; changed with `setLifecycle`, which records when.',
    values: {
      ACTIVE: { description: 'A current relationship (the default for new customers).' },
      INACTIVE: { description: 'Dormant: no recent business, but not lost.' },
      LOST: { description: 'The customer has left or was lost to a competitor.' },
    },
  });

  const Customer = builder.prismaInterface('Customer', {
    name: 'Customer',
    interfaces: [builder.nodeInterfaceRef()],
    description: 'A person or an organization the company has a relationship with: the unified profile.',
    resolveType: (customer) => (customer.kind === 'PERSON' ? 'Person' : 'Organization'),
    authScopes: READ,
    fields: (t) => ({
      displayName: t.exposeString('displayName', { description: "The name shown everywhere: a person's first and last name, an organization's trading name." }),
      audiences: t.expose('audiences', { type: [Audience], description: 'Every audience the customer belongs to (possibly none).' }),
      lifecycle: t.expose('lifecycle', { type: Lifecycle, description: 'Whether the relationship is active, dormant or lost.' }),
      lifecycleChangedAt: t.expose('lifecycleChangedAt', { type: 'DateTime', description: 'When `lifecycle` last changed (or the customer was created), UTC.' }),
      ownerId: t.exposeString('ownerId', { nullable: true, description: 'User id of the account owner.' }),
      language: t.exposeString('language', { nullable: true, description: 'BCP 47 language tag, e.g. "es".' }),
      country: t.expose('country', { type: 'CountryCode', nullable: true, description: 'Where the customer lives or is registered (ISO 3166-1 alpha-2); null when unknown.' }),
      region: t.exposeString('region', { nullable: true, description: 'Province, state or region, as entered; null when unknown.' }),
      city: t.exposeString('city', { nullable: true, description: 'City, as entered; null when unknown.' }),
      traits: t.expose('traits', { type: 'JSONObject', description: 'Free facts that have no typed field yet.' }),
      contactPoints: t.field({
        type: ['ContactPoint'],
        description: 'E-mails, phones and addresses: grouped by kind, the primary of each kind first, then oldest first.',
        args: { kind: t.arg({ type: ContactPointKind, required: false, description: 'Only contact points of this kind; all kinds when absent.' }) },
        extensions: readAlong(contactPointsPart),
        resolve: (customer, args, context, info) => readAlongOrLoad(customer, { kind: args.kind ?? null }, context, info, 'contactPoints', contactPointsPart),
      }),
      primaryEmail: t.string({
        nullable: true,
        description: 'The primary e-mail (lower-cased); null when the customer has none.',
        extensions: readAlong(primaryEmailPart),
        resolve: (customer, _args, context, info) =>
          valueReadAlong<string | null>(customer, info)?.value ?? primaryContacts(context).load(customer.id).then((found) => found.EMAIL ?? null),
      }),
      primaryPhone: t.string({
        nullable: true,
        description: 'The primary phone in E.164 (e.g. "+34612345678"); null when the customer has none.',
        extensions: readAlong(primaryPhonePart),
        resolve: (customer, _args, context, info) =>
          valueReadAlong<string | null>(customer, info)?.value ?? primaryContacts(context).load(customer.id).then((found) => found.PHONE ?? null),
      }),
      consents: t.field({
        type: ['Consent'],
        description: 'The consent recorded for each channel, by channel; a channel without one has never been asked.',
        extensions: readAlong(consentsPart),
        resolve: (customer, _args, context, info) => readAlongOrLoad(customer, {}, context, info, 'consents', consentsPart),
      }),
      externalRefs: t.field({
        type: ['ExternalRef'],
        description: "The customer's ids in other systems, by source.",
        extensions: readAlong(externalRefsPart),
        resolve: (customer, _args, context, info) => readAlongOrLoad(customer, {}, context, info, 'externalRefs', externalRefsPart),
      }),
      archivedAt: t.expose('archivedAt', { type: 'DateTime', nullable: true, description: 'When it was archived (hidden from lists and searches), UTC; null while it is not.' }),
      createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When the profile was created in Nexo, UTC.' }),
      updatedAt: t.expose('updatedAt', { type: 'DateTime', description: 'When any of its own fields last changed, UTC.' }),
    }),
  });

  const Person = builder.prismaNode('Customer', {
    variant: 'Person',
    description: 'A customer who is an individual.',
    interfaces: [Customer],
    id: { field: 'id' },
    nullable: true,
    findUnique: (id, context) => ({ tenantId_id: { tenantId: viewerOf(context).tenantId, id: asUuid(id) }, kind: 'PERSON' }),
    authScopes: READ,
    fields: (t) => ({
      firstName: t.exposeString('firstName', { nullable: true, description: 'Given name; null when unknown.' }),
      lastName: t.exposeString('lastName', { nullable: true, description: 'Family name(s); null when unknown.' }),
      birthDate: t.expose('birthDate', { type: 'Date', nullable: true, description: 'Date of birth (a calendar date, no time zone); null when unknown.' }),
      memberships: t.field({
        type: ['Membership'],
        description: 'The organizations this person belongs to.',
        extensions: readAlong(membershipsOfPersonPart),
        resolve: (person, _args, context, info) => readAlongOrLoad(person, {}, context, info, 'memberships', membershipsOfPersonPart),
      }),
    }),
  });

  const Organization = builder.prismaNode('Customer', {
    variant: 'Organization',
    description: 'A customer that is a company or institution; people belong to it through memberships.',
    interfaces: [Customer],
    id: { field: 'id' },
    nullable: true,
    findUnique: (id, context) => ({ tenantId_id: { tenantId: viewerOf(context).tenantId, id: asUuid(id) }, kind: 'ORGANIZATION' }),
    authScopes: READ,
    fields: (t) => ({
      legalName: t.exposeString('legalName', { nullable: true, description: 'Registered legal name, when it differs from the trading name; null when unknown.' }),
      taxId: t.exposeString('taxId', { nullable: true, description: 'Tax identification number (e.g. a Spanish CIF), as entered; null when unknown.' }),
      industry: t.exposeString('industry', { nullable: true, description: 'Line of business, as entered (e.g. "Retail"); null when unknown.' }),
      size: t.field({ type: OrganizationSize, nullable: true, description: 'Head-count band; null when unknown.', resolve: (organization) => organization.size }),
      members: t.field({
        type: ['Membership'],
        description: 'The people who belong to this organization.',
        extensions: readAlong(membersOfOrganizationPart),
        resolve: (organization, _args, context, info) => readAlongOrLoad(organization, {}, context, info, 'members', membersOfOrganizationPart),
      }),
    }),
  });

  registerTimeline(builder, Customer);
  return { Customer, Person, Organization };
}

const primaryEmailPart = primaryContactPart('EMAIL');
const primaryPhonePart = primaryContactPart('PHONE');

/**
 * A relation's value as the customer's statement read it along, or, when the customer came
 * another way (a mutation's payload, another area's row), loaded with every other customer the
 * request shows.
 */
function readAlongOrLoad<Value>(customer: { id: string }, args: Record<string, unknown>, context: Context, info: GraphQLResolveInfo, name: string, part: ReadAlongPart<Value>): Value | Promise<Value> {
  const along = valueReadAlong<Value>(customer, info);
  return along ? along.value : relationLoader(context, name, part, args).load(customer.id);
}
