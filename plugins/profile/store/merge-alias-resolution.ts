import { createContextCache } from '@pothos/core';
import DataLoader from 'dataloader';
import type { Context } from '../../../src/plugin-api.ts';
import { viewerOf } from '../../../src/plugin-api.ts';
import { CUSTOMER_COLUMNS, type CustomerRow } from './customer-rows.ts';
import type { CustomerKind } from './enums.ts';

// A merged record is an alias: its id keeps naming a customer, the one it was merged into
// (`mergedIntoId`, always one step away: a merge re-points the aliases of what it merges).

const aliasTargets = createContextCache(
  (context: Context) =>
    new DataLoader<string, string>(async (ids) => {
      const rows = await context.sql<{ id: string; target: string }>`
        SELECT id::text AS id, coalesce("mergedIntoId", id)::text AS target FROM "Customer"
        WHERE "tenantId" = ${viewerOf(context).tenantId} AND id = ANY(${ids}::uuid[])`;
      const targets = new Map(rows.map((row) => [row.id, row.target]));
      return ids.map((id) => targets.get(id) ?? id);
    }),
);

/**
 * The row id a customer id names now: the survivor's for a merged record, the id itself otherwise
 * (unknown ids included). The ids a request asks for are looked up in one statement.
 */
export function customerIdNamed(context: Context, id: string): Promise<string> {
  return aliasTargets(context).load(id);
}

/**
 * The live customers of the viewer's tenant named by `ids` (a merged record's id names its
 * survivor), in one statement, keyed by the id asked for.
 */
export async function liveCustomersNamed(context: Context, ids: readonly string[], kind?: CustomerKind): Promise<Map<string, CustomerRow>> {
  const rows = await context.sql.query<CustomerRow & { askedId: string }>(
    `SELECT a.id::text AS "askedId", ${CUSTOMER_COLUMNS}
     FROM "Customer" a JOIN "Customer" c ON c."tenantId" = a."tenantId" AND c.id = coalesce(a."mergedIntoId", a.id)
     WHERE a."tenantId" = $1 AND a.id = ANY($2::uuid[]) AND c."archivedAt" IS NULL AND ($3::text IS NULL OR c.kind::text = $3)`,
    [viewerOf(context).tenantId, ids, kind ?? null],
  );
  return new Map(rows.map(({ askedId, ...customer }) => [askedId, customer]));
}
