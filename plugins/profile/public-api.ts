import { createContextCache } from '@pothos/core';
import DataLoader from 'dataloader';
import type { Context, TenantDb } from '../../src/plugin-api.ts';
import type { Audience, CustomerKind } from './store/enums.ts';
import { parseInput, viewerOf } from '../../src/plugin-api.ts';
import { emailSchema, normalizePhone } from './contact-normalization.ts';
import { customerGlobalId, parseCustomerGlobalId } from './customer-ids.ts';
import { customersById, type CustomerRow } from './store/customer-rows.ts';
import { customerIdsByExternalRef, externalReferenceKey } from './store/external-refs.ts';
import { readSeedCustomers, type SeedCustomer } from './store/seed-customers.ts';
import { createOrganizationSchema, createPersonSchema } from './profile-inputs.ts';
import { insertCustomer } from './profile-writes.ts';
import { liveCustomersNamed } from './store/merge-alias-resolution.ts';

// What other areas may use of the profile, re-exported by plugin.ts: they reach customers through
// these functions, never through the profile's files.

export { customerGlobalId };

/** For the demo seeds of other areas: the tenant's live customers. */
export { readSeedCustomers, type SeedCustomer };

/** What identity compares of customers (duplicate matching), read set-based as a subquery. */
export { matchAttributesSql, type MatchAttributes } from './store/match-attributes.ts';

/** For campaigns: consent per channel and contact points of customers, read set-based as a subquery. */
export { reachabilitySql, type Reachability } from './store/reachability.ts';

/** For identity's demo seed: people of the demo made second records of others (its demo duplicates). */
export { seedDuplicateRecords, type SeedDuplicateRecord } from './store/seed-duplicates.ts';

/** How the profile normalizes contact data, for areas that keep contact data of their own (a lead's). */
export { emailSchema, normalizePhone };

/** For imports (identity): customers written set-based with the profile's events, and found by their keys. */
export { importCustomers, type CustomerImport, type CustomerImportResult, type CustomerImportSettings, type ImportedAddress, type ImportedCustomer, type ProfileImportScope } from './store/import-customers.ts';
export { findImportKeyHolders, type ImportKeyHolders, type ImportKeys, type KeyHolder } from './store/import-lookups.ts';

/** A row of the Customer table (people and organizations). */
export type { CustomerRow };

const customerLoader = createContextCache(
  (context: Context) =>
    new DataLoader<string, CustomerRow | null>(async (ids) => {
      const byId = new Map((await customersById(context, ids)).map((customer) => [customer.id, customer]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
);

/**
 * The customer a row of another area points at, by its row id (archived customers too): the
 * customers of every row a request shows come in one statement. Null when the viewer's tenant has
 * no such customer.
 */
export function loadCustomer(context: Context, id: string): Promise<CustomerRow | null> {
  return customerLoader(context).load(id);
}

/** A customer named by its global id, or by its id in another system (an external reference). */
export type CustomerReference = { id: string } | { source: string; externalId: string };

/** The row id and kind behind a Person or Organization global id; null for anything else. */
export function decodeCustomerId(globalId: string): { id: string; kind: CustomerKind } | null {
  try {
    return parseCustomerGlobalId(globalId, []);
  } catch {
    return null;
  }
}

/**
 * Finds many customers at once, in the order asked: live customers of the viewer's tenant, null
 * where there is none (unknown, archived, another tenant's, or an id of the wrong kind); the id of
 * a merged record names the customer it was merged into, so a write given it acts on that one. Costs at
 * most two statements whatever the number of references: one for the external references, one for
 * the customers.
 */
export async function resolveCustomerReferences(context: Context, references: readonly CustomerReference[]): Promise<(CustomerRow | null)[]> {
  const wanted = references.map((reference) => ('id' in reference ? decodeCustomerId(reference.id) : null));

  const external = references.filter((reference): reference is { source: string; externalId: string } => !('id' in reference));
  const ownerOf = await customerIdsByExternalRef(context, external);

  const ids = new Set<string>();
  for (const decoded of wanted) if (decoded) ids.add(decoded.id);
  for (const id of ownerOf.values()) ids.add(id);
  if (ids.size === 0) return references.map(() => null);

  // A merged record's id (or reference) names the customer it was merged into.
  const byId = await liveCustomersNamed(context, [...ids]);
  return references.map((reference, index) => {
    if ('id' in reference) {
      const decoded = wanted[index];
      const customer = decoded ? byId.get(decoded.id) : undefined;
      return customer && customer.kind === decoded!.kind ? customer : null;
    }
    const id = ownerOf.get(externalReferenceKey(reference));
    return (id && byId.get(id)) || null;
  });
}

/** A person or organization another area creates (e.g. when a lead is qualified). */
export type NewCustomer = (
  | { kind: 'PERSON'; firstName: string; lastName: string }
  | { kind: 'ORGANIZATION'; name: string }
) & { email?: string | null; phone?: string | null; country?: string | null; ownerId?: string | null; audiences?: Audience[] };

/**
 * Creates a customer inside the caller's savepoint with exactly the rules and the event of
 * createPerson / createOrganization: invalid data is a ValidationError under `at`, an e-mail held
 * by another active customer a ConflictError naming the holder.
 */
export async function createCustomer(context: Context, db: TenantDb, input: NewCustomer, at: string[]): Promise<CustomerRow> {
  const shared = { email: input.email, phone: input.phone, country: input.country, ownerId: input.ownerId, audiences: input.audiences };
  const fields = (parsed: { audiences?: Audience[] | null; ownerId?: string | null; country?: string | null }) => ({
    audiences: [...new Set<Audience>(parsed.audiences ?? ['PROSPECT'])],
    lifecycle: 'ACTIVE' as const,
    ownerId: parsed.ownerId ?? viewerOf(context).subject,
    country: parsed.country ?? null,
  });
  if (input.kind === 'PERSON') {
    const parsed = parseInput(createPersonSchema, { firstName: input.firstName, lastName: input.lastName, ...shared }, at);
    return insertCustomer(context, db, {
      kind: 'PERSON',
      displayName: `${parsed.firstName} ${parsed.lastName}`,
      email: parsed.email,
      phone: parsed.phone,
      fields: { firstName: parsed.firstName, lastName: parsed.lastName, ...fields(parsed) },
    });
  }
  const parsed = parseInput(createOrganizationSchema, { name: input.name, ...shared }, at);
  return insertCustomer(context, db, { kind: 'ORGANIZATION', displayName: parsed.name, email: parsed.email, phone: parsed.phone, fields: fields(parsed) });
}

/** The live customer of the viewer's tenant whose active e-mail this is (already normalized), or null. */
export async function findCustomerByEmail(context: Context, email: string): Promise<CustomerRow | null> {
  const point = await context.db.contactPoint.findFirst({
    where: { tenantId: viewerOf(context).tenantId, kind: 'EMAIL', value: email, isActive: true, customer: { archivedAt: null } },
    select: { customer: true },
  });
  return point?.customer ?? null;
}

/**
 * The global ids of customers by row id (archived ones too), in one statement of whatever
 * transaction `db` is: a request's or a background job's. Events name their customer by it.
 */
export async function customerNodeIds(db: TenantDb, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const customers = await db.customer.findMany({ where: { id: { in: [...new Set(ids)] } }, select: { id: true, kind: true } });
  return new Map(customers.map((customer) => [customer.id, customerGlobalId(customer)]));
}
