import type { Builder } from '../../src/plugin-api.ts';
import { viewerOf } from '../../src/plugin-api.ts';
import { ConsentChannel, ConsentStatus, ContactPointKind, OrganizationSize } from './store/enums.ts';
import { asUuid } from './customer-ids.ts';

const READ = { permission: 'profile:read' } as const;

/** The smaller records a profile is made of: contact points, consents, source references. */
export function registerProfileParts(builder: Builder): void {
  builder.enumType(ContactPointKind, {
    name: 'ContactPointKind',
    description: 'What kind of contact point it is.',
    values: {
      EMAIL: { description: 'An e-mail address, stored lower-cased.' },
      PHONE: { description: 'A phone number, stored in E.164.' },
      ADDRESS: { description: 'A postal address, in its street, postal code, city, region and country fields.' },
    },
  });
  builder.enumType(ConsentChannel, {
    name: 'ConsentChannel',
    description: 'A channel the company may use to contact a customer, with their consent.',
    values: {
      EMAIL: { description: 'Marketing e-mail.' },
      SMS: { description: 'Text messages.' },
      PHONE: { description: 'Phone calls.' },
      POST: { description: 'Letters and printed mail.' },
    },
  });
  builder.enumType(ConsentStatus, {
    name: 'ConsentStatus',
    description: 'Whether the customer currently agrees to be contacted on a channel.',
    values: {
      GRANTED: { description: 'The customer agreed to be contacted on the channel.' },
      WITHDRAWN: { description: 'The customer refused or withdrew consent: do not contact them on the channel.' },
    },
  });
  builder.enumType(OrganizationSize, {
    name: 'OrganizationSize',
    description: 'Head-count band of an organization (EU SME bands, employees).',
    values: {
      MICRO: { description: 'Fewer than 10 employees.' },
      SMALL: { description: '10 to 49 employees.' },
      MEDIUM: { description: '50 to 249 employees.' },
      LARGE: { description: '250 to 999 employees.' },
      ENTERPRISE: { description: '1,000 employees or more.' },
    },
  });

  builder.prismaNode('ContactPoint', {
    id: { field: 'id' },
    nullable: true,
    findUnique: (id, context) => ({ id: asUuid(id), tenantId: viewerOf(context).tenantId }),
    authScopes: READ,
    description: 'An e-mail (lower-cased), a phone (E.164) or a postal address.',
    fields: (t) => ({
      kind: t.field({ type: ContactPointKind, description: 'E-mail, phone or postal address.', resolve: (point) => point.kind }),
      value: t.exposeString('value', { description: 'Normalized value; for addresses a one-line rendering.' }),
      label: t.exposeString('label', { nullable: true, description: 'e.g. "work", "home".' }),
      isPrimary: t.exposeBoolean('isPrimary', { description: 'The one of its kind used by default (`primaryEmail`, `primaryPhone`); exactly one per kind.' }),
      street: t.exposeString('street', { nullable: true, description: 'Addresses: street and number; null for other kinds.' }),
      postalCode: t.exposeString('postalCode', { nullable: true, description: 'Addresses: postal code; null for other kinds.' }),
      city: t.exposeString('city', { nullable: true, description: 'Addresses: city; null for other kinds.' }),
      region: t.exposeString('region', { nullable: true, description: 'Addresses: province, state or region; null for other kinds.' }),
      country: t.expose('country', { type: 'CountryCode', nullable: true, description: 'Addresses: country (ISO 3166-1 alpha-2); for phones, the country used to read a national number; may be null.' }),
      createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When it was added, UTC.' }),
    }),
  });

  builder.prismaObject('Consent', {
    authScopes: READ,
    description: 'Whether the customer may be contacted on a channel, and since when.',
    fields: (t) => ({
      channel: t.field({ type: ConsentChannel, description: 'The channel this consent is for.', resolve: (consent) => consent.channel }),
      status: t.field({ type: ConsentStatus, description: 'Granted or withdrawn, as last recorded.', resolve: (consent) => consent.status }),
      changedAt: t.expose('changedAt', { type: 'DateTime', description: 'When consent was given or withdrawn.' }),
      source: t.exposeString('source', { nullable: true, description: 'Where it was captured, e.g. "web-form".' }),
    }),
  });

  builder.prismaObject('ExternalRef', {
    authScopes: READ,
    description: "The customer's id in another system (point of sale, e-commerce, call center …).",
    fields: (t) => ({
      source: t.exposeString('source', { description: 'The other system, as your integrations name it (e.g. "pos", "shop").' }),
      externalId: t.exposeString('externalId', { description: "The customer's id in that system, exactly as it gives it." }),
    }),
  });
}
