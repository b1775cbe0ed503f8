import type { TenantDb } from '../../../src/plugin-api.ts';

/** Locks an opportunity's row until commit (if there is one): changes to one deal take turns. */
export async function lockOpportunityRow(db: TenantDb, tenantId: string, id: string): Promise<void> {
  await db.$executeRaw`SELECT 1 FROM "Opportunity" WHERE "tenantId" = ${tenantId} AND id = ${id}::uuid FOR UPDATE`;
}
