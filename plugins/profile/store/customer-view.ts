import type { GraphQLResolveInfo } from 'graphql';
import type { Context } from '../../../src/plugin-api.ts';
import type { CustomerKind } from './enums.ts';
import { keepReadAlong, selectedParts, viewerOf } from '../../../src/plugin-api.ts';
import { CUSTOMER_COLUMNS, type CustomerRow } from './customer-rows.ts';

/**
 * One customer with every field its query selects that can be read along with it (the profile's
 * own relations, its timeline, other areas' facts: see read-along.ts), in one statement. Fields
 * that cannot (another area's related list) read their own, batched per request.
 */
export async function loadCustomerView(context: Context, info: GraphQLResolveInfo, id: string, kind: CustomerKind): Promise<CustomerRow | null> {
  const values: unknown[] = [viewerOf(context).tenantId, id, kind];
  const parameter = (value: unknown) => `$${values.push(value)}`;
  const parts = selectedParts(info, ['Customer', 'Person', 'Organization'], context, 'c', parameter);
  const partColumns = parts.map((part, index) => `${part.expression} AS "part${index}"`);
  const [row] = await context.sql.query<CustomerRow & Record<string, unknown>>(
    // A merged record's id names the customer it was merged into.
    `SELECT ${[CUSTOMER_COLUMNS, ...partColumns].join(', ')} FROM "Customer" c
     WHERE c."tenantId" = $1 AND c.kind = $3::"CustomerKind"
       AND c.id = (SELECT coalesce(a."mergedIntoId", a.id) FROM "Customer" a WHERE a."tenantId" = $1 AND a.id = $2::uuid)`,
    values,
  );
  if (!row) return null;
  keepReadAlong(row, new Map(parts.map((part, index) => [part.responseKey, part.read(row[`part${index}`])])));
  return row;
}
