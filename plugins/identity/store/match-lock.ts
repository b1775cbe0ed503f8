import type { Sql } from '../../../src/plugin-api.ts';

/**
 * Serializes the passes that rewrite a tenant's match profiles and pairs (the reaction's batches,
 * a rebuild) until the transaction ends: two of them interleaved would insert the same profile
 * twice or deadlock on each other's rows.
 */
export async function lockTenantMatching(scope: { sql: Sql; tenantId: string }): Promise<void> {
  await scope.sql`SELECT pg_advisory_xact_lock(hashtextextended('identity.matching:' || ${scope.tenantId}, 0))`;
}
