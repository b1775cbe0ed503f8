import type { Context } from '../../../src/plugin-api.ts';
import { viewerOf } from '../../../src/plugin-api.ts';
import { CUSTOMER_COLUMNS, type CustomerRow } from './customer-rows.ts';

export interface ExternalReference {
  source: string;
  externalId: string;
}

/** The customer ids behind external references, in one statement, keyed by `externalReferenceKey`. */
export async function customerIdsByExternalRef(context: Context, references: readonly ExternalReference[]): Promise<Map<string, string>> {
  const owners = new Map<string, string>();
  if (references.length === 0) return owners;
  const rows = await context.sql<{ source: string; externalId: string; customerId: string }>`
    SELECT r.source, r."externalId", r."customerId"::text AS "customerId"
    FROM "ExternalRef" r
    JOIN unnest(${references.map((reference) => reference.source)}::text[], ${references.map((reference) => reference.externalId)}::text[])
      AS wanted(source, "externalId") ON r.source = wanted.source AND r."externalId" = wanted."externalId"
    WHERE r."tenantId" = ${viewerOf(context).tenantId}`;
  for (const row of rows) owners.set(externalReferenceKey(row), row.customerId);
  return owners;
}

export function externalReferenceKey(reference: ExternalReference): string {
  return `${reference.source}\u0000${reference.externalId}`;
}

/** The customer (archived ones too) another system knows by `externalId`, or null. */
export async function customerByExternalRef(context: Context, source: string, externalId: string): Promise<CustomerRow | null> {
  const [customer] = await context.sql.query<CustomerRow>(
    `SELECT ${CUSTOMER_COLUMNS} FROM "ExternalRef" r JOIN "Customer" c ON c."tenantId" = r."tenantId" AND c.id = r."customerId"
     WHERE r."tenantId" = $1 AND r.source = $2 AND r."externalId" = $3`,
    [viewerOf(context).tenantId, source, externalId],
  );
  return customer ?? null;
}
