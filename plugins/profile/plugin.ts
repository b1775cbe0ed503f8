import { definePlugin } from '../../src/plugin-api.ts';
import { registerConsent } from './consent.ts';
import { registerContactPoint } from './contact-point.ts';
import { registerCustomer } from './customer.ts';
import { profileTopics } from './events.ts';
import { registerExternalRef } from './external-ref.ts';
import { profileMergeParticipant } from './merge/profile-merge.ts';
import { registerMembership } from './membership.ts';
import { registerOrganization } from './organization.ts';
import { registerPerson } from './person.ts';
import { registerProfileEnums } from './profile-enums.ts';
import { seedProfiles } from './seed.ts';
import { customerPopulation, profileFacts } from './store/customer-facts.ts';

// The profile's public helpers: other areas import these from this file, never from the others.

/** The profile's enums other areas read (a customer's kind, audiences, lifecycle, an organization's size). */
export { Audience, CustomerKind, Lifecycle, OrganizationSize } from './store/enums.ts';
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
  matchAttributesSql,
  type MatchAttributes,
  reachabilitySql,
  type Reachability,
  seedDuplicateRecords,
  type SeedDuplicateRecord,
} from './public-api.ts';
/** For imports (identity): set-based customer writes with the profile's events, and key lookups. */
export {
  findImportKeyHolders,
  importCustomers,
  type CustomerImport,
  type CustomerImportResult,
  type CustomerImportSettings,
  type ImportedAddress,
  type ImportedCustomer,
  type ImportKeyHolders,
  type ImportKeys,
  type KeyHolder,
  type ProfileImportScope,
} from './public-api.ts';
/** For merging customers (identity): the fields a merge settles, locking, the resulting profile, aliases. */
export {
  customerAliases,
  fieldAppliesTo,
  isMergeableField,
  lockCustomersForMerge,
  MERGEABLE_FIELDS,
  mergedProfileOf,
  type CustomerAlias,
  type MergeableField,
  type MergeCandidate,
  type MergedProfile,
  type SurvivorColumn,
} from './merge/merge-api.ts';
/** Completeness and validity of the profiles per source, for data-quality reports. */
export { profileQualityBySource, type ProfileQualityRow } from './store/data-quality.ts';

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
  customerMerge: profileMergeParticipant,
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
