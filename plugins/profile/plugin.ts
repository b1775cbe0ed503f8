import { definePlugin } from '../../src/plugin-api.ts';
import { registerContactMutations } from './contact-mutations.ts';
import { registerCustomer } from './customer.ts';
import { registerCustomerMutations } from './customer-mutations.ts';
import { registerCustomerQueries } from './customer-queries.ts';
import { profileTopics } from './events.ts';
import { registerMembership } from './membership.ts';
import { registerMembershipMutations } from './membership-mutations.ts';
import { registerProfileParts } from './profile-parts.ts';
import { seedProfiles } from './seed.ts';

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
  register(builder) {
    registerProfileParts(builder);
    registerMembership(builder, registerCustomer(builder));
    registerCustomerQueries(builder);
    registerCustomerMutations(builder);
    registerContactMutations(builder);
    registerMembershipMutations(builder);
  },
  seed: seedProfiles,
});
