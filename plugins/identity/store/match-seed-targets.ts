import type { Sql } from '../../../src/plugin-api.ts';

/**
 * Of `customerIds`, those no event of the log names yet: the demo can make such a record a second
 * record of someone else without contradicting the history earlier seeds wrote.
 */
export async function customersWithoutHistory(sql: Sql, tenantId: string, customerIds: readonly string[]): Promise<Set<string>> {
  const rows = await sql<{ id: string }>`
    SELECT candidate.id::text AS id FROM unnest(${customerIds}::uuid[]) AS candidate(id)
    WHERE NOT EXISTS (SELECT 1 FROM "OutboxEvent" e WHERE e."tenantId" = ${tenantId} AND e."customerId" = candidate.id)`;
  return new Set(rows.map((row) => row.id));
}
