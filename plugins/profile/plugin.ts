import { definePlugin } from '../../src/plugin-api.ts';
import { registerConsent } from './consent.ts';
import { registerContactPoint } from './contact-point.ts';
import { registerCustomer } from './customer.ts';
import { profileTopics } from './events.ts';
import { registerExternalRef } from './external-ref.ts';
import { registerMembership } from './membership.ts';
import { registerOrganization } from './organization.ts';
import { registerPerson } from './person.ts';
import { registerProfileEnums } from './profile-enums.ts';
import { seedProfiles } from './seed.ts';
import { customerPopulation, profileFacts } from './store/customer-facts.ts';

// The profile's public helpers: other areas import these from this file, never from the others.

/** The profile's enums other areas read (a customer's kind, audiences, lifecycle). */
export { Audience, CustomerKind, Lifecycle } from './store/enums.ts';
export {
  createCustomer,
  customerGlobalId,
  customerNodeIds,
  decodeCustomerId,
  emailSchema,
  findCustomerByEmail,
  loadCustomer,
  normalizePhone,
  readSeedCustomers,
  resolveCustomerReferences,
  type CustomerReference,
  type CustomerRow,
  type NewCustomer,
  type SeedCustomer,
} from './public-api.ts';

export default definePlugin({
  name: 'profile',
  description: 'The unified customer profile: people, organizations, contact points, consent, memberships.',
  permissions: {
    'profile:read': 'Read customer profiles, contact points, consents and memberships.',
    'profile:write': 'Create, edit, link and archive customers.',
  },
  roles: {
    sales: ['profile:read', 'profile:write'],
    service: ['profile:read', 'profile:write'],
    marketing: ['profile:read', 'profile:write'],
    'sales-manager': ['profile:read', 'profile:write'],
  },
  topics: profileTopics,
  customerFacts: profileFacts,
  customerPopulation,
  register(builder, composition) {
    registerProfileEnums(builder);
    registerContactPoint(builder);
    registerConsent(builder);
    const ExternalRefInput = registerExternalRef(builder);
    // Person and Organization implement the Customer ref, and Membership's ends are typed by theirs.
    const Customer = registerCustomer(builder, composition);
    const Person = registerPerson(builder, Customer, ExternalRefInput);
    const Organization = registerOrganization(builder, Customer, ExternalRefInput);
    registerMembership(builder, { Person, Organization });
  },
  seed: seedProfiles,
});
