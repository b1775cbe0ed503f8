import type { Builder, Context } from '../../src/plugin-api.ts';
import type { registerCustomer } from './customer.ts';
import { loadCustomer } from './public-api.ts';
import type { CustomerRow } from './store/customer-rows.ts';
import type { MembershipRow } from './store/profile-relations.ts';

const READ = { permission: 'profile:read' } as const;

/** A person belonging to an organization; its ends are typed as Person and Organization, not Customer. */
export function registerMembership(builder: Builder, refs: ReturnType<typeof registerCustomer>): void {
  builder.prismaObject('Membership', {
    authScopes: READ,
    description: 'A person belonging to an organization.',
    fields: (t) => ({
      role: t.exposeString('role', { nullable: true, description: 'e.g. "Purchasing", "Decision maker".' }),
      title: t.exposeString('title', { nullable: true, description: 'Job title.' }),
      isPrimary: t.exposeBoolean('isPrimary', { description: "The person's main organization." }),
      startedAt: t.expose('startedAt', { type: 'Date', nullable: true, description: 'When they joined (a calendar date); null when unknown.' }),
      // The statement that read the memberships brought the other end along when it was selected.
      person: t.field({ type: refs.Person, description: 'The member.', resolve: (membership, _args, context) => (membership as MembershipRow).person ?? customerAtEnd(context, membership.personId) }),
      organization: t.field({
        type: refs.Organization,
        description: 'The organization they belong to.',
        resolve: (membership, _args, context) => (membership as MembershipRow).organization ?? customerAtEnd(context, membership.organizationId),
      }),
    }),
  });
}

/** A membership's end always exists (a foreign key in the same tenant): loaded with every customer the request shows. */
async function customerAtEnd(context: Context, customerId: string): Promise<CustomerRow> {
  const customer = await loadCustomer(context, customerId);
  if (!customer) throw new Error(`Membership points at customer ${customerId}, which the tenant does not have`);
  return customer;
}
