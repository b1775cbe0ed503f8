import type { SeedContext } from '../../src/plugin-api.ts';
import { createDemoKit } from './demo/kit.ts';
import { MembershipPlanner } from './demo/memberships.ts';
import { buildOrganization, type DemoOrganization } from './demo/organizations.ts';
import { buildPerson, type DemoPerson } from './demo/people.ts';

// 2,300 customers make 2,000 people and 300 organizations: a retailer with a B2B side.
const ORGANIZATION_SHARE = 3 / 23;

/**
 * The profile plugin's demo data for one tenant: people and organizations with their contact
 * points, consents, source keys and the people's jobs at the organizations. Everything is drawn
 * from `context.faker` and dated relative to `context.now`, so the same seed writes the same rows.
 */
export async function seedProfiles(context: SeedContext): Promise<void> {
  const kit = createDemoKit(context);
  const organizationCount = Math.round(context.customers * ORGANIZATION_SHARE);
  const personCount = context.customers - organizationCount;

  const organizations: DemoOrganization[] = Array.from({ length: organizationCount }, () => buildOrganization(kit));
  const planner = new MembershipPlanner(organizations);
  const people: DemoPerson[] = Array.from({ length: personCount }, () => buildPerson(kit, planner));
  const everyone = [...organizations, ...people];

  const steps: [label: string, table: string, rows: readonly object[]][] = [
    ['organizations', 'Customer', organizations.map((organization) => organization.customer)],
    ['people', 'Customer', people.map((person) => person.customer)],
    ['contact points', 'ContactPoint', everyone.flatMap((customer) => customer.contactPoints)],
    ['consents', 'Consent', everyone.flatMap((customer) => customer.consents)],
    ['external refs', 'ExternalRef', everyone.flatMap((customer) => customer.externalRefs)],
    ['memberships', 'Membership', people.flatMap((person) => person.memberships)],
  ];
  for (const [label, table, rows] of steps) await context.insert(label, table, rows);
}
