import type { Builder } from '../../src/plugin-api.ts';
import { readAlong, viewerOf } from '../../src/plugin-api.ts';
import { READ, WRITE, WRITE_ERRORS } from './access.ts';
import type { CustomerRef } from './customer.ts';
import { asUuid } from './customer-ids.ts';
import { newCustomerInputFields } from './customer-input-types.ts';
import { readAlongOrLoad } from './customer-relations.ts';
import { createOrganization } from './customer-writes.ts';
import type { ExternalRefInputRef } from './external-ref.ts';
import { customerIdNamed } from './store/merge-alias-resolution.ts';
import { OrganizationSize } from './store/enums.ts';
import { membersOfOrganizationPart } from './store/profile-relations.ts';

/** `Organization`: a customer that is a company or institution, and `createOrganization`. */
export function registerOrganization(builder: Builder, Customer: CustomerRef, ExternalRefInput: ExternalRefInputRef) {
  const Organization = builder.prismaNode('Customer', {
    variant: 'Organization',
    description: 'A customer that is a company or institution; people belong to it through memberships.',
    interfaces: [Customer],
    id: { field: 'id' },
    nullable: true,
    // A merged record's id answers the customer it was merged into (`mergedRecords` says so).
    findUnique: async (id, context) => ({ tenantId_id: { tenantId: viewerOf(context).tenantId, id: await customerIdNamed(context, asUuid(id)) }, kind: 'ORGANIZATION' }),
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

  const CreateOrganizationInput = builder.inputType('CreateOrganizationInput', {
    description: 'A new organization.',
    fields: (t) => ({
      name: t.string({ required: true, description: 'Trading name, shown as the display name.' }),
      legalName: t.string({ description: 'Registered legal name, when it differs from `name`.' }),
      taxId: t.string({ description: 'Tax identification number, as the authority writes it.' }),
      industry: t.string({ description: 'Line of business, e.g. "Retail".' }),
      size: t.field({ type: OrganizationSize, description: 'Head-count band.' }),
      ...newCustomerInputFields(t, ExternalRefInput),
    }),
  });
  const OrganizationPayload = builder.objectRef<{ organization: object }>('OrganizationPayload').implement({
    description: 'The organization a mutation created or changed.',
    fields: (t) => ({
      organization: t.field({ type: 'Organization', description: 'The organization as stored.', resolve: (payload) => payload.organization }),
    }),
  });

  builder.mutationFields((t) => ({
    createOrganization: t.field({
      type: OrganizationPayload,
      authScopes: WRITE,
      errors: { types: WRITE_ERRORS },
      description: 'Creates an organization. An e-mail already used by another active customer is a ConflictError naming that customer (`existingId`).',
      args: { input: t.arg({ type: CreateOrganizationInput, required: true, description: 'The organization to create.' }) },
      resolve: async (_root, args, context) => ({ organization: await createOrganization(context, args.input) }),
    }),
  }));

  return Organization;
}
