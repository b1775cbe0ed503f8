import type { Builder, Context } from '../../src/plugin-api.ts';
import { READ, WRITE, WRITE_ERRORS } from './access.ts';
import { linkMembership, unlinkMembership } from './membership-writes.ts';
import type { registerOrganization } from './organization.ts';
import type { registerPerson } from './person.ts';
import { loadCustomer } from './public-api.ts';
import type { CustomerRow } from './store/customer-rows.ts';
import type { MembershipRow } from './store/profile-relations.ts';

interface MembershipEnds {
  Person: ReturnType<typeof registerPerson>;
  Organization: ReturnType<typeof registerOrganization>;
}

/**
 * `Membership`: a person belonging to an organization (B2B accounts), with role, title and one
 * primary organization per person; its ends are typed as Person and Organization, not Customer.
 */
export function registerMembership(builder: Builder, ends: MembershipEnds): void {
  builder.prismaObject('Membership', {
    authScopes: READ,
    description: 'A person belonging to an organization.',
    fields: (t) => ({
      role: t.exposeString('role', { nullable: true, description: 'e.g. "Purchasing", "Decision maker".' }),
      title: t.exposeString('title', { nullable: true, description: 'Job title.' }),
      isPrimary: t.exposeBoolean('isPrimary', { description: "The person's main organization." }),
      startedAt: t.expose('startedAt', { type: 'Date', nullable: true, description: 'When they joined (a calendar date); null when unknown.' }),
      // The statement that read the memberships brought the other end along when it was selected.
      person: t.field({ type: ends.Person, description: 'The member.', resolve: (membership, _args, context) => (membership as MembershipRow).person ?? customerAtEnd(context, membership.personId) }),
      organization: t.field({
        type: ends.Organization,
        description: 'The organization they belong to.',
        resolve: (membership, _args, context) => (membership as MembershipRow).organization ?? customerAtEnd(context, membership.organizationId),
      }),
    }),
  });

  const LinkMembershipInput = builder.inputType('LinkMembershipInput', {
    description: 'A person belonging to an organization; given fields replace those of an existing link.',
    fields: (t) => ({
      personId: t.id({ required: true, description: 'The person (global id of a Person).' }),
      organizationId: t.id({ required: true, description: 'The organization (global id of an Organization).' }),
      role: t.string({ description: 'Their part in the relationship, e.g. "Purchasing", "Decision maker".' }),
      title: t.string({ description: 'Job title.' }),
      isPrimary: t.boolean({ description: "Make this the person's main organization (the previous one stops being primary)." }),
      startedAt: t.field({ type: 'Date', description: 'When they joined the organization (a calendar date).' }),
    }),
  });
  const MembershipPayload = builder.objectRef<{ membership: object }>('MembershipPayload').implement({
    description: 'The membership created or updated.',
    fields: (t) => ({
      membership: t.field({ type: 'Membership', description: 'The link as stored.', resolve: (payload) => payload.membership }),
    }),
  });
  const UnlinkPayload = builder.objectRef<{ person: object; organization: object }>('UnlinkMembershipPayload').implement({
    description: 'The person and organization that are no longer linked.',
    fields: (t) => ({
      person: t.field({ type: 'Person', description: 'The person, without that membership.', resolve: (payload) => payload.person }),
      organization: t.field({ type: 'Organization', description: 'The organization, without that member.', resolve: (payload) => payload.organization }),
    }),
  });

  builder.mutationFields((t) => ({
    linkMembership: t.field({
      type: MembershipPayload,
      authScopes: WRITE,
      errors: { types: WRITE_ERRORS },
      description: 'Links a person to an organization, or updates the link when it exists.',
      args: { input: t.arg({ type: LinkMembershipInput, required: true, description: 'The person, the organization and the link details.' }) },
      resolve: (_root, args, context) => linkMembership(context, args.input),
    }),
    unlinkMembership: t.field({
      type: UnlinkPayload,
      authScopes: WRITE,
      errors: { types: WRITE_ERRORS },
      description: 'Ends a membership; NotFoundError when the person does not belong to the organization.',
      args: {
        personId: t.arg.id({ required: true, description: 'The person (global id of a Person).' }),
        organizationId: t.arg.id({ required: true, description: 'The organization (global id of an Organization).' }),
      },
      resolve: (_root, args, context) => unlinkMembership(context, String(args.personId), String(args.organizationId)),
    }),
  }));
}

/** A membership's end always exists (a foreign key in the same tenant): loaded with every customer the request shows. */
async function customerAtEnd(context: Context, customerId: string): Promise<CustomerRow> {
  const customer = await loadCustomer(context, customerId);
  if (!customer) throw new Error(`Membership points at customer ${customerId}, which the tenant does not have`);
  return customer;
}
