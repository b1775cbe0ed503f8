import type { PrismaClient } from '../generated/prisma/client.ts';
import type { Prisma } from '../generated/prisma/client.ts';

/** A Prisma transaction client whose transaction has `app.tenant_id` set. */
export type TenantDb = Prisma.TransactionClient;

/**
 * Opens one transaction for the tenant and runs `work` in it. RLS policies read `app.tenant_id`,
 * and `set_config(..., true)` scopes it to this transaction, so a pooled connection never carries
 * one tenant's setting into another's request.
 */
export function withTenant<T>(prisma: PrismaClient, tenantId: string, work: (db: TenantDb) => Promise<T>): Promise<T> {
  return prisma.$transaction(async (db) => {
    await db.$executeRaw`SELECT set_config('app.tenant_id', ${tenantId}, true)`;
    return work(db);
  });
}
