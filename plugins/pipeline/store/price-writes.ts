import type { TenantDb } from '../../../src/plugin-api.ts';
import { newRowId } from '../../../src/plugin-api.ts';

/** Sets products' unit prices in a price list, inserting or replacing, in one statement however many there are. */
export async function upsertPrices(db: TenantDb, tenantId: string, priceListId: string, prices: readonly { productId: string; unitPrice: string }[], now: Date): Promise<void> {
  await db.$executeRawUnsafe(
    `INSERT INTO "Price" (id, "tenantId", "priceListId", "productId", "unitPrice", "updatedAt")
     SELECT p.id, $1, $2::uuid, p."productId", p."unitPrice", $6::timestamp(3)
     FROM unnest($3::uuid[], $4::numeric[], $5::uuid[]) AS p("productId", "unitPrice", id)
     ON CONFLICT ("tenantId", "priceListId", "productId") DO UPDATE SET "unitPrice" = excluded."unitPrice", "updatedAt" = excluded."updatedAt"`,
    tenantId,
    priceListId,
    prices.map((price) => price.productId),
    prices.map((price) => price.unitPrice),
    prices.map(() => newRowId()),
    now.toISOString(),
  );
}
