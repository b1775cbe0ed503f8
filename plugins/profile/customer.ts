import type { Builder, Prisma } from '../../src/plugin-api.ts';
import { Audience, ContactPointKind, Lifecycle, OrganizationSize } from '../../src/plugin-api.ts';
import { asUuid } from './customer-ids.ts';
import { primaryContacts } from './primary-contacts.ts';
import { registerTimeline } from './timeline.ts';

const READ = { permission: 'profile:read' } as const;

/**
 * `Customer`: what people and organizations share. Both live in one table, told apart by `kind`,
 * so every other area references "the customer" with a single foreign key.
 */
export function registerCustomer(builder: Builder) {
  builder.enumType(Audience, { name: 'Audience', description: 'Who a customer is to the company; a customer can be several.' });
  builder.enumType(Lifecycle, { name: 'Lifecycle' });

  const Customer = builder.prismaInterface('Customer', {
    name: 'Customer',
    interfaces: [builder.nodeInterfaceRef()],
    description: 'A person or an organization the company has a relationship with: the unified profile.',
    resolveType: (customer) => (customer.kind === 'PERSON' ? 'Person' : 'Organization'),
    authScopes: READ,
    fields: (t) => ({
      displayName: t.exposeString('displayName'),
      audiences: t.expose('audiences', { type: [Audience] }),
      lifecycle: t.expose('lifecycle', { type: Lifecycle }),
      lifecycleChangedAt: t.expose('lifecycleChangedAt', { type: 'DateTime' }),
      ownerId: t.exposeString('ownerId', { nullable: true, description: 'User id of the account owner.' }),
      language: t.exposeString('language', { nullable: true, description: 'BCP 47 language tag, e.g. "es".' }),
      country: t.expose('country', { type: 'CountryCode', nullable: true }),
      region: t.exposeString('region', { nullable: true }),
      city: t.exposeString('city', { nullable: true }),
      traits: t.expose('traits', { type: 'JSONObject', description: 'Free facts that have no typed field yet.' }),
      contactPoints: t.relation('contactPoints', {
        args: { kind: t.arg({ type: ContactPointKind, required: false }) },
        query: (args) => ({ where: args.kind ? { kind: args.kind } : {}, orderBy: CONTACT_POINT_ORDER }),
      }),
      primaryEmail: t.string({
        nullable: true,
        // A list that knew this field was wanted read it with its page (see customer-list.ts).
        resolve: (customer, _args, context) => readAlong(customer, 'primaryEmail') ?? primaryContacts(context).load(customer.id).then((found) => found.EMAIL ?? null),
      }),
      primaryPhone: t.string({
        nullable: true,
        resolve: (customer, _args, context) => readAlong(customer, 'primaryPhone') ?? primaryContacts(context).load(customer.id).then((found) => found.PHONE ?? null),
      }),
      consents: t.relation('consents', { query: { orderBy: { channel: 'asc' } } }),
      externalRefs: t.relation('externalRefs', { query: { orderBy: [{ source: 'asc' }, { externalId: 'asc' }] } }),
      archivedAt: t.expose('archivedAt', { type: 'DateTime', nullable: true }),
      createdAt: t.expose('createdAt', { type: 'DateTime' }),
      updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
    }),
  });

  const Person = builder.prismaNode('Customer', {
    variant: 'Person',
    interfaces: [Customer],
    id: { field: 'id' },
    nullable: true,
    findUnique: (id, context) => ({ tenantId_id: { tenantId: context.viewer!.tenantId, id: asUuid(id) }, kind: 'PERSON' }),
    authScopes: READ,
    fields: (t) => ({
      firstName: t.exposeString('firstName', { nullable: true }),
      lastName: t.exposeString('lastName', { nullable: true }),
      birthDate: t.expose('birthDate', { type: 'Date', nullable: true }),
      memberships: t.relation('memberships', {
        description: 'The organizations this person belongs to.',
        query: { orderBy: [{ isPrimary: 'desc' }, { createdAt: 'asc' }] },
      }),
    }),
  });

  const Organization = builder.prismaNode('Customer', {
    variant: 'Organization',
    interfaces: [Customer],
    id: { field: 'id' },
    nullable: true,
    findUnique: (id, context) => ({ tenantId_id: { tenantId: context.viewer!.tenantId, id: asUuid(id) }, kind: 'ORGANIZATION' }),
    authScopes: READ,
    fields: (t) => ({
      legalName: t.exposeString('legalName', { nullable: true }),
      taxId: t.exposeString('taxId', { nullable: true }),
      industry: t.exposeString('industry', { nullable: true }),
      size: t.field({ type: OrganizationSize, nullable: true, resolve: (organization) => organization.size }),
      members: t.relation('members', {
        description: 'The people who belong to this organization.',
        query: { orderBy: [{ isPrimary: 'desc' }, { createdAt: 'asc' }] },
      }),
    }),
  });

  registerTimeline(builder, Customer);
  return { Customer, Person, Organization };
}

const CONTACT_POINT_ORDER: Prisma.ContactPointOrderByWithRelationInput[] = [{ kind: 'asc' }, { isPrimary: 'desc' }, { createdAt: 'asc' }];

/** A value the statement that loaded the customer brought along (undefined when it did not). */
function readAlong(customer: object, field: 'primaryEmail' | 'primaryPhone'): string | null | undefined {
  return field in customer ? ((customer as Record<string, string | null>)[field] ?? null) : undefined;
}
