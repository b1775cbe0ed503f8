import type { Builder } from '../../src/plugin-api.ts';
import { ConsentChannel, ConsentStatus, ContactPointKind, OrganizationSize } from '../../src/plugin-api.ts';
import { asUuid } from './customer-ids.ts';

const READ = { permission: 'profile:read' } as const;

/** The smaller records a profile is made of: contact points, consents, source references. */
export function registerProfileParts(builder: Builder): void {
  builder.enumType(ContactPointKind, { name: 'ContactPointKind' });
  builder.enumType(ConsentChannel, { name: 'ConsentChannel' });
  builder.enumType(ConsentStatus, { name: 'ConsentStatus' });
  builder.enumType(OrganizationSize, { name: 'OrganizationSize' });

  builder.prismaNode('ContactPoint', {
    id: { field: 'id' },
    nullable: true,
    findUnique: (id, context) => ({ id: asUuid(id), tenantId: context.viewer!.tenantId }),
    authScopes: READ,
    description: 'An e-mail (lower-cased), a phone (E.164) or a postal address.',
    fields: (t) => ({
      kind: t.field({ type: ContactPointKind, resolve: (point) => point.kind }),
      value: t.exposeString('value', { description: 'Normalized value; for addresses a one-line rendering.' }),
      label: t.exposeString('label', { nullable: true, description: 'e.g. "work", "home".' }),
      isPrimary: t.exposeBoolean('isPrimary'),
      street: t.exposeString('street', { nullable: true }),
      postalCode: t.exposeString('postalCode', { nullable: true }),
      city: t.exposeString('city', { nullable: true }),
      region: t.exposeString('region', { nullable: true }),
      country: t.expose('country', { type: 'CountryCode', nullable: true }),
      createdAt: t.expose('createdAt', { type: 'DateTime' }),
    }),
  });

  builder.prismaObject('Consent', {
    authScopes: READ,
    description: 'Whether the customer may be contacted on a channel, and since when.',
    fields: (t) => ({
      channel: t.field({ type: ConsentChannel, resolve: (consent) => consent.channel }),
      status: t.field({ type: ConsentStatus, resolve: (consent) => consent.status }),
      changedAt: t.expose('changedAt', { type: 'DateTime', description: 'When consent was given or withdrawn.' }),
      source: t.exposeString('source', { nullable: true, description: 'Where it was captured, e.g. "web-form".' }),
    }),
  });

  builder.prismaObject('ExternalRef', {
    authScopes: READ,
    description: "The customer's id in another system (point of sale, e-commerce, call center …).",
    fields: (t) => ({
      source: t.exposeString('source'),
      externalId: t.exposeString('externalId'),
    }),
  });
}
