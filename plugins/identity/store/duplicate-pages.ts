import type { KeysetOrder, KeysetRequest, Sql } from '../../../src/plugin-api.ts';
import { keysetWindow } from '../../../src/plugin-api.ts';
import type { MatchSignalResult } from '../matching/signals.ts';

/** A kept pair as the API shows it. */
export interface DuplicatePairRow {
  customerA: string;
  customerB: string;
  score: number;
  signals: MatchSignalResult[];
  computedAt: Date;
  dismissedAt: Date | null;
}

export interface DuplicateFilter {
  kind: 'PERSON' | 'ORGANIZATION' | null;
  /** Only the pairs of this customer (row id). */
  customerId: string | null;
  minScore: number;
  includeDismissed: boolean;
}

/** Best score first; ties by the pair's ids, so pages never skip or repeat a pair. */
export const DUPLICATE_ORDER: KeysetOrder<DuplicatePairRow> = {
  name: 'SCORE DESC',
  columns: [
    { expression: 'd.score', kind: 'numeric', ascending: false, valueOf: (row) => String(row.score) },
    { expression: 'd."customerA"', kind: 'uuid', ascending: true, valueOf: (row) => row.customerA },
    { expression: 'd."customerB"', kind: 'uuid', ascending: true, valueOf: (row) => row.customerB },
  ],
};

const COLUMNS = `d."customerA"::text AS "customerA", d."customerB"::text AS "customerB", d.score, d.signals, d."computedAt", d."dismissedAt"`;

/** One page of the tenant's kept pairs, in ONE statement (the score index, or the customer's pairs). */
export async function duplicatePage(scope: { sql: Sql; tenantId: string }, filter: DuplicateFilter, request: KeysetRequest): Promise<DuplicatePairRow[]> {
  const values: unknown[] = [scope.tenantId, filter.minScore];
  const parameter = (value: unknown) => {
    values.push(value);
    return `$${values.length}`;
  };
  const window = keysetWindow(DUPLICATE_ORDER, request, parameter);
  const conditions = [`d."tenantId" = $1`, `d.score >= $2`, ...window.conditions];
  if (!filter.includeDismissed) conditions.push(`d."dismissedAt" IS NULL`);
  if (filter.customerId) {
    const customer = parameter(filter.customerId);
    conditions.push(`(d."customerA" = ${customer}::uuid OR d."customerB" = ${customer}::uuid)`);
  }
  if (filter.kind) {
    conditions.push(`EXISTS (SELECT 1 FROM "MatchProfile" m WHERE m."tenantId" = d."tenantId" AND m."customerId" = d."customerA" AND m.kind = ${parameter(filter.kind)})`);
  }
  return scope.sql.query<DuplicatePairRow>(
    `SELECT ${COLUMNS} FROM "DuplicatePair" d WHERE ${conditions.join(' AND ')} ORDER BY ${window.orderBy} LIMIT ${Number(window.limit)}`,
    values,
  );
}

/**
 * The best undismissed pairs of each of `customerIds` from `minScore`, at most `limit` each, in
 * ONE statement whatever the number of customers.
 */
export async function duplicatesOfCustomers(
  scope: { sql: Sql; tenantId: string },
  customerIds: readonly string[],
  minScore: number,
  limit: number,
): Promise<Map<string, DuplicatePairRow[]>> {
  const rows = await scope.sql<DuplicatePairRow & { customerId: string }>`
    SELECT c.id::text AS "customerId", pair.*
    FROM unnest(${customerIds}::uuid[]) AS c(id)
    CROSS JOIN LATERAL (
      SELECT d."customerA"::text AS "customerA", d."customerB"::text AS "customerB", d.score, d.signals, d."computedAt", d."dismissedAt"
      FROM "DuplicatePair" d
      WHERE d."tenantId" = ${scope.tenantId} AND (d."customerA" = c.id OR d."customerB" = c.id) AND d."dismissedAt" IS NULL AND d.score >= ${minScore}
      ORDER BY d.score DESC, d."customerA", d."customerB"
      LIMIT ${limit}
    ) pair`;
  const byCustomer = new Map<string, DuplicatePairRow[]>();
  for (const { customerId, ...pair } of rows) byCustomer.set(customerId, [...(byCustomer.get(customerId) ?? []), pair]);
  return byCustomer;
}

/** Marks a kept pair as two different customers; null when no such pair is kept. */
export async function dismissDuplicatePair(scope: { sql: Sql; tenantId: string }, pair: { customerA: string; customerB: string }, by: string, now: Date): Promise<DuplicatePairRow | null> {
  const [row] = await scope.sql.query<DuplicatePairRow>(
    `UPDATE "DuplicatePair" d SET "dismissedAt" = COALESCE(d."dismissedAt", $4::timestamp), "dismissedBy" = COALESCE(d."dismissedBy", $5)
     WHERE d."tenantId" = $1 AND d."customerA" = $2::uuid AND d."customerB" = $3::uuid
     RETURNING ${COLUMNS}`,
    [scope.tenantId, pair.customerA, pair.customerB, now, by],
  );
  return row ?? null;
}
