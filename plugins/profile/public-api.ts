import type { Context, CustomerKind } from '../../src/plugin-api.ts';
import { customerGlobalId, parseCustomerGlobalId } from './customer-ids.ts';
import { liveCustomersById, type CustomerRow } from './customer-rows.ts';

// What other areas may use of the profile, re-exported by plugin.ts: they reach customers through
// these functions, never through the profile's files.

export { customerGlobalId };

/** A row of the Customer table (people and organizations). */
export type { CustomerRow };

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
  const tenantId = context.viewer!.tenantId;
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

function referenceKey(source: string, externalId: string): string {
  return `${source}\u0000${externalId}`;
}
