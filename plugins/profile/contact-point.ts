import type { Builder } from '../../src/plugin-api.ts';
import { viewerOf } from '../../src/plugin-api.ts';
import { READ, WRITE, WRITE_ERRORS } from './access.ts';
import { addContactPoint, removeContactPoint } from './contact-point-writes.ts';
import { asUuid } from './customer-ids.ts';
import { ContactPointKind } from './store/enums.ts';

/** `ContactPoint`: a customer's e-mails, phones and addresses, one primary of each kind; added and removed by its mutations. */
export function registerContactPoint(builder: Builder): void {
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

  const AddContactPointInput = builder.inputType('AddContactPointInput', {
    description: 'A new e-mail, phone or postal address for a customer.',
    fields: (t) => ({
      customerId: t.id({ required: true, description: 'The customer it belongs to (global id).' }),
      kind: t.field({ type: ContactPointKind, required: true, description: 'E-mail, phone or address; decides which other fields are read.' }),
      value: t.string({ description: 'The e-mail or phone. For addresses use the address fields.' }),
      label: t.string({ description: 'What it is for, e.g. "work", "home".' }),
      isPrimary: t.boolean({ description: 'Make it the primary of its kind. The first of a kind is always primary.' }),
      street: t.string({ description: 'Addresses: street and number.' }),
      postalCode: t.string({ description: 'Addresses: postal code.' }),
      city: t.string({ description: 'Addresses: city.' }),
      region: t.string({ description: 'Addresses: province, state or region.' }),
      country: t.string({ description: 'For addresses, and to read national phone numbers.' }),
    }),
  });
  const ContactPointPayload = builder.objectRef<{ contactPoint: object; customer: object }>('ContactPointPayload').implement({
    description: 'The contact point added, and its customer.',
    fields: (t) => ({
      contactPoint: t.field({ type: 'ContactPoint', description: 'The contact point as stored (normalized).', resolve: (payload) => payload.contactPoint }),
      customer: t.field({ type: 'Customer', description: 'The customer as it is after the change.', resolve: (payload) => payload.customer }),
    }),
  });
  const RemoveContactPointPayload = builder.objectRef<{ removedId: string; customer: object }>('RemoveContactPointPayload').implement({
    description: 'The contact point removed, and its customer as it is now.',
    fields: (t) => ({
      removedId: t.id({ description: 'Global id of the contact point that no longer exists.', resolve: (payload) => payload.removedId }),
      customer: t.field({ type: 'Customer', description: 'The customer as it is after the change.', resolve: (payload) => payload.customer }),
    }),
  });

  builder.mutationFields((t) => ({
    addContactPoint: t.field({
      type: ContactPointPayload,
      authScopes: WRITE,
      errors: { types: WRITE_ERRORS },
      description: 'Adds an e-mail, phone or address to a customer. An e-mail of another active customer, or one the customer already has, is a ConflictError.',
      args: { input: t.arg({ type: AddContactPointInput, required: true, description: 'The contact point to add.' }) },
      resolve: (_root, args, context) => addContactPoint(context, args.input),
    }),
    removeContactPoint: t.field({
      type: RemoveContactPointPayload,
      authScopes: WRITE,
      errors: { types: WRITE_ERRORS },
      description: 'Removes a contact point; when it was the primary, the oldest remaining one of its kind becomes primary.',
      args: { id: t.arg.id({ required: true, description: 'The contact point (global id).' }) },
      resolve: (_root, args, context) => removeContactPoint(context, String(args.id)),
    }),
  }));
}
