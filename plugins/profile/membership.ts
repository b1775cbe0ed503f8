import type { Builder } from '../../src/plugin-api.ts';
import type { registerCustomer } from './customer.ts';

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
      person: t.relation('person', { type: refs.Person, description: 'The member.' }),
      organization: t.relation('organization', { type: refs.Organization, description: 'The organization they belong to.' }),
    }),
  });
}
