import type { TenantDb } from '../../../src/plugin-api.ts';

/** Locks a lead's row until commit (if there is one): a lead is qualified once, even when two reps try at the same moment. */
export async function lockLeadRow(db: TenantDb, tenantId: string, id: string): Promise<void> {
  await db.$executeRaw`SELECT 1 FROM "Lead" WHERE "tenantId" = ${tenantId} AND id = ${id}::uuid FOR UPDATE`;
}
