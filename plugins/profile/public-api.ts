import { createContextCache } from '@pothos/core';
import DataLoader from 'dataloader';
import type { Audience, Context, CustomerKind, SeedContext, TenantDb } from '../../src/plugin-api.ts';
import { parseInput, viewerOf } from '../../src/plugin-api.ts';
import { emailSchema, normalizePhone } from './contact-normalization.ts';
import { customerGlobalId, parseCustomerGlobalId } from './customer-ids.ts';
import { customerColumnsAlong, customersById, liveCustomersById, type CustomerAlong, type CustomerRow } from './customer-rows.ts';
import { createOrganizationSchema, createPersonSchema } from './profile-inputs.ts';
import { insertCustomer } from './profile-writes.ts';

// What other areas may use of the profile, re-exported by plugin.ts: they reach customers through
// these functions, never through the profile's files.

export { customerGlobalId };

/** How the profile normalizes contact data, for areas that keep contact data of their own (a lead's). */
export { emailSchema, normalizePhone };

/** A row of the Customer table (people and organizations). */
export type { CustomerRow };

/**
 * For a list of another area that shows each row's customer (a ticket queue): the customer's
 * columns for the fields the client selected of it, read in that list's own statement, which
 * joins `"Customer" c`. The customer then resolves without another query.
 */
export { customerColumnsAlong, type CustomerAlong };

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
 * where there is none (unknown, archived, another tenant's, or an id of the wrong kind). Costs at
 * most two statements whatever the number of references: one for the external references, one for
 * the customers.
 */
export async function resolveCustomerReferences(context: Context, references: readonly CustomerReference[]): Promise<(CustomerRow | null)[]> {
  const tenantId = viewerOf(context).tenantId;
  const wanted = references.map((reference) => ('id' in reference ? decodeCustomerId(reference.id) : null));

  const external = references.filter((reference): reference is { source: string; externalId: string } => !('id' in reference));
  const ownerOf = new Map<string, string>();
  if (external.length > 0) {
    const rows = await context.sql<{ source: string; externalId: string; customerId: string }>`
      SELECT r.source, r."externalId", r."customerId"::text AS "customerId"
      FROM "ExternalRef" r
      JOIN unnest(${external.map((reference) => reference.source)}::text[], ${external.map((reference) => reference.externalId)}::text[])
        AS wanted(source, "externalId") ON r.source = wanted.source AND r."externalId" = wanted."externalId"
      WHERE r."tenantId" = ${tenantId}`;
    for (const row of rows) ownerOf.set(referenceKey(row.source, row.externalId), row.customerId);
  }

  const ids = new Set<string>();
  for (const decoded of wanted) if (decoded) ids.add(decoded.id);
  for (const id of ownerOf.values()) ids.add(id);
  if (ids.size === 0) return references.map(() => null);

  const customers = await liveCustomersById(context, [...ids]);
  const byId = new Map(customers.map((customer) => [customer.id, customer]));
  return references.map((reference, index) => {
    if ('id' in reference) {
      const decoded = wanted[index];
      const customer = decoded ? byId.get(decoded.id) : undefined;
      return customer && customer.kind === decoded!.kind ? customer : null;
    }
    const id = ownerOf.get(referenceKey(reference.source, reference.externalId));
    return (id && byId.get(id)) || null;
  });
}

/** A customer as a reference names it: its row id and kind, not yet known to be live. */
export interface ClaimedCustomer {
  id: string;
  kind: CustomerKind;
}

/**
 * The customers references name, as far as they can be known without reading the customers: a
 * global id carries its row id and kind; external references are looked up, all in one statement
 * (none when there are none). Null where a reference names nothing. Whether a claimed customer is
 * live is left to the caller's own statement, through `liveCustomerCondition`: a write that names
 * its customer by id then checks it in the statement that writes, one round trip fewer.
 */
export async function claimCustomers(context: Context, references: readonly CustomerReference[]): Promise<(ClaimedCustomer | null)[]> {
  const external = references.flatMap((reference, index) => ('id' in reference ? [] : [index]));
  const resolved = external.length === 0 ? [] : await resolveCustomerReferences(context, external.map((index) => references[index]!));
  const claims = references.map((reference) => ('id' in reference ? decodeCustomerId(reference.id) : null));
  external.forEach((index, position) => {
    const customer = resolved[position];
    claims[index] = customer ? { id: customer.id, kind: customer.kind } : null;
  });
  return claims;
}

/**
 * SQL that holds when the customer of row id `id` and kind `kind` (SQL expressions of the caller's
 * statement) is a live customer of the transaction's tenant.
 */
export function liveCustomerCondition(id: string, kind: string): string {
  return `EXISTS (SELECT 1 FROM "Customer" live_customer
                  WHERE live_customer.id = ${id} AND live_customer.kind = ${kind}::"CustomerKind"
                    AND live_customer."tenantId" = current_setting('app.tenant_id') AND live_customer."archivedAt" IS NULL)`;
}

function referenceKey(source: string, externalId: string): string {
  return `${source}\u0000${externalId}`;
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

/** What a demo seed of another area knows of each live customer of the tenant, by id. */
export interface SeedCustomer {
  id: string;
  kind: CustomerKind;
  displayName: string;
  country: string | null;
  audiences: Audience[];
  lifecycle: 'ACTIVE' | 'INACTIVE' | 'LOST';
  lifecycleChangedAt: Date;
  ownerId: string | null;
  createdAt: Date;
  /** The store a shopper usually buys in (a demo trait), if any. */
  preferredStore: string | null;
}

/** The tenant's live customers, in id order, for the demo seeds of other areas. */
export async function readSeedCustomers(context: SeedContext): Promise<SeedCustomer[]> {
  const { rows } = await context.sql.query<SeedCustomer>(
    `SELECT id::text, kind::text, "displayName", country, audiences::text[] AS audiences, lifecycle::text, "lifecycleChangedAt", "ownerId", "createdAt",
            traits->>'preferredStore' AS "preferredStore"
     FROM "Customer" WHERE "tenantId" = $1 AND "archivedAt" IS NULL ORDER BY id`,
    [context.tenantId],
  );
  return rows;
}
