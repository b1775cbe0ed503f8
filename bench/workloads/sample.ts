import { encodeGlobalID } from '@pothos/plugin-relay';
import type { TenantSql } from '../lib/tenant-sql.ts';

export interface SampleCustomer {
  /** Row id. */
  id: string;
  kind: 'PERSON' | 'ORGANIZATION';
  globalId: string;
  interactions: number;
  memberships: number;
}

export interface CustomerSample {
  /** People with at least one membership, in a fixed pseudo-random order (by the hash of their id). */
  people: SampleCustomer[];
  /** A person with one membership and about 10 interactions, and the busiest person with one membership. */
  quiet: SampleCustomer;
  busy: SampleCustomer;
}

/**
 * Picks the customers the workloads read. The seed is deterministic, so the same size gives the
 * same sample on every run; md5 of the id spreads it over the whole table.
 */
export async function pickCustomers(sql: TenantSql, size: number): Promise<CustomerSample> {
  return sql.transaction(async (client) => {
    const { rows } = await client.query<{ id: string; interactions: number; memberships: number }>(
      `WITH people AS (
         SELECT c.id, (SELECT count(*) FROM "Membership" m WHERE m."tenantId" = c."tenantId" AND m."personId" = c.id)::int AS memberships
         FROM "Customer" c
         WHERE c."tenantId" = current_setting('app.tenant_id') AND c.kind = 'PERSON' AND c."archivedAt" IS NULL
       )
       SELECT p.id::text AS id, p.memberships,
              (SELECT count(*) FROM "Interaction" i WHERE i."tenantId" = current_setting('app.tenant_id') AND i."customerId" = p.id)::int AS interactions
       FROM people p WHERE p.memberships > 0`,
    );
    if (rows.length < 2) throw new Error(`the demo tenant has ${rows.length} people with memberships; the benchmark needs more`);
    const toSample = (row: (typeof rows)[number]): SampleCustomer => ({ id: row.id, kind: 'PERSON', globalId: encodeGlobalID('Person', row.id), interactions: row.interactions, memberships: row.memberships });
    const { rows: order } = await client.query<{ id: string }>(
      `SELECT id::text AS id FROM unnest($1::uuid[]) AS id ORDER BY md5(id::text) LIMIT $2`,
      [rows.map((row) => row.id), size],
    );
    const byId = new Map(rows.map((row) => [row.id, row]));
    const single = rows.filter((row) => row.memberships === 1);
    const busy = single.reduce((best, row) => (row.interactions > best.interactions || (row.interactions === best.interactions && row.id < best.id) ? row : best));
    const quiet = single.reduce((best, row) => {
      const distance = Math.abs(row.interactions - 10) - Math.abs(best.interactions - 10);
      return distance < 0 || (distance === 0 && row.id < best.id) ? row : best;
    });
    return { people: order.map(({ id }) => toSample(byId.get(id)!)), quiet: toSample(quiet), busy: toSample(busy) };
  });
}
