import type { Context, Sql } from '../../../src/plugin-api.ts';
import { viewerOf } from '../../../src/plugin-api.ts';
import type { CustomerKind } from './enums.ts';

/** A customer as a merge checks it before it runs. */
export interface MergeCandidate {
  id: string;
  kind: CustomerKind;
  displayName: string;
  archivedAt: Date | null;
  mergedIntoId: string | null;
}

/**
 * Locks the customers of a merge (or unmerge) until commit and reads what it checks, in one
 * statement: in id order, so two merges of overlapping customers wait for each other instead of
 * deadlocking, and the profile's own writes on them (which lock the customer first) wait too.
 * Unknown ids, and other tenants', are absent from the answer.
 */
export async function lockCustomersForMerge(scope: { sql: Sql; tenantId: string }, ids: readonly string[]): Promise<MergeCandidate[]> {
  return scope.sql<MergeCandidate>`
    SELECT id::text AS id, kind::text AS kind, "displayName", "archivedAt", "mergedIntoId"::text AS "mergedIntoId"
    FROM "Customer" WHERE "tenantId" = ${scope.tenantId} AND id = ANY(${ids}::uuid[])
    ORDER BY id FOR UPDATE`;
}

/** A record merged into another, whose id now names it. */
export interface CustomerAlias {
  id: string;
  kind: CustomerKind;
  displayName: string;
  mergedIntoId: string;
}

/** The aliases of these customers (the records merged into them, directly or through an earlier merge), in one statement. */
export async function customerAliases(context: Context, customerIds: readonly string[]): Promise<CustomerAlias[]> {
  if (customerIds.length === 0) return [];
  return context.sql<CustomerAlias>`
    SELECT id::text AS id, kind::text AS kind, "displayName", "mergedIntoId"::text AS "mergedIntoId"
    FROM "Customer" WHERE "tenantId" = ${viewerOf(context).tenantId} AND "mergedIntoId" = ANY(${customerIds}::uuid[])
    ORDER BY "mergedIntoId", id`;
}
