import type { TenantDb } from '../../../src/plugin-api.ts';

/** Locks an agenda item's row until commit (if there is one): it is completed or cancelled once. */
export async function lockActivityRow(db: TenantDb, tenantId: string, id: string): Promise<void> {
  await db.$executeRaw`SELECT 1 FROM "SalesActivity" WHERE "tenantId" = ${tenantId} AND id = ${id}::uuid FOR UPDATE`;
}
