import type { Builder } from '../../src/plugin-api.ts';
import { readAlong, viewerOf } from '../../src/plugin-api.ts';
import { READ, WRITE, WRITE_ERRORS } from './access.ts';
import type { CustomerRef } from './customer.ts';
import { asUuid } from './customer-ids.ts';
import { newCustomerInputFields } from './customer-input-types.ts';
import { readAlongOrLoad } from './customer-relations.ts';
import { createPerson } from './customer-writes.ts';
import type { ExternalRefInputRef } from './external-ref.ts';
import { customerIdNamed } from './store/merge-alias-resolution.ts';
import { membershipsOfPersonPart } from './store/profile-relations.ts';

/** `Person`: a customer who is an individual, and `createPerson`. */
export function registerPerson(builder: Builder, Customer: CustomerRef, ExternalRefInput: ExternalRefInputRef) {
  const Person = builder.prismaNode('Customer', {
    variant: 'Person',
    description: 'A customer who is an individual.',
    interfaces: [Customer],
    id: { field: 'id' },
    nullable: true,
    // A merged record's id answers the customer it was merged into (`mergedRecords` says so).
    findUnique: async (id, context) => ({ tenantId_id: { tenantId: viewerOf(context).tenantId, id: await customerIdNamed(context, asUuid(id)) }, kind: 'PERSON' }),
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

  const CreatePersonInput = builder.inputType('CreatePersonInput', {
    description: 'A new person; the display name is first and last name.',
    fields: (t) => ({
      firstName: t.string({ required: true, description: 'Given name.' }),
      lastName: t.string({ required: true, description: 'Family name(s).' }),
      birthDate: t.field({ type: 'Date', description: 'Date of birth (YYYY-MM-DD), not in the future.' }),
      ...newCustomerInputFields(t, ExternalRefInput),
    }),
  });
  const PersonPayload = builder.objectRef<{ person: object }>('PersonPayload').implement({
    description: 'The person a mutation created or changed.',
    fields: (t) => ({
      person: t.field({ type: 'Person', description: 'The person as stored.', resolve: (payload) => payload.person }),
    }),
  });

  builder.mutationFields((t) => ({
    createPerson: t.field({
      type: PersonPayload,
      authScopes: WRITE,
      errors: { types: WRITE_ERRORS },
      description: 'Creates a person. An e-mail already used by another active customer is a ConflictError naming that customer (`existingId`).',
      args: { input: t.arg({ type: CreatePersonInput, required: true, description: 'The person to create.' }) },
      resolve: async (_root, args, context) => ({ person: await createPerson(context, args.input) }),
    }),
  }));

  return Person;
}
