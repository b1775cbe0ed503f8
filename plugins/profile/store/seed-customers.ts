import type { SeedContext } from '../../../src/plugin-api.ts';
import type { CustomerKind } from './enums.ts';
import type { Audience } from './enums.ts';

/** What a demo seed of another area knows of each live customer of the tenant. */
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
