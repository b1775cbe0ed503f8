import type { PoolClient } from 'pg';

/** The profile seed's customers, as the sales seed reads them back. */
export interface SeedCustomer {
  id: string;
  kind: 'PERSON' | 'ORGANIZATION';
  displayName: string;
  country: string | null;
  audiences: string[];
  ownerId: string | null;
  createdAt: Date;
}

export async function readCustomers(sql: PoolClient, tenantId: string): Promise<SeedCustomer[]> {
  const { rows } = await sql.query<SeedCustomer>(
    `SELECT id::text, kind::text, "displayName", country, audiences::text[] AS audiences, "ownerId", "createdAt"
     FROM "Customer" WHERE "tenantId" = $1 AND "archivedAt" IS NULL AND lifecycle <> 'LOST' ORDER BY id`,
    [tenantId],
  );
  return rows;
}

/** How likely a customer is to be in a deal: businesses and key accounts far more than shoppers. */
export function dealWeight(customer: SeedCustomer): number {
  if (customer.audiences.includes('EMPLOYEE') || customer.audiences.includes('SUPPLIER')) return 0;
  const keyAccount = customer.audiences.includes('KEY_ACCOUNT') ? 3 : 1;
  return (customer.kind === 'ORGANIZATION' ? 8 : customer.audiences.includes('PROSPECT') ? 0.6 : 0.35) * keyAccount;
}
