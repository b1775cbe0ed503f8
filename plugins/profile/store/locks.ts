import type { TenantDb } from '../../../src/plugin-api.ts';

/**
 * Serializes writers of one e-mail of a tenant until commit: a concurrent request for the same
 * e-mail waits, then sees the holder, so the race ends in a ConflictError rather than a
 * unique-index failure.
 */
export async function lockEmail(db: TenantDb, tenantId: string, email: string): Promise<void> {
  await db.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`email:${tenantId}:${email}`}, 0))`;
}

/**
 * Locks the customer's row until commit: writes that keep "one primary per kind" or "one primary
 * organization" true read-then-write, and must not interleave for the same customer.
 */
export async function lockCustomer(db: TenantDb, customerId: string): Promise<void> {
  await db.$executeRaw`SELECT 1 FROM "Customer" WHERE id = ${customerId}::uuid FOR UPDATE`;
}
