import type { GraphQLResolveInfo } from 'graphql';
import type { Context, CustomerKind, TenantDb } from '../../src/plugin-api.ts';
import { keepReadAlong, selectedParts, viewerOf } from '../../src/plugin-api.ts';
import { customerRelationsSql } from './customer-relations-sql.ts';
import { CUSTOMER_COLUMNS, type CustomerRow } from './customer-rows.ts';

type PrismaQuery = Parameters<TenantDb['customer']['findFirst']>[0];

/**
 * One customer with what its query selects, in as few statements as the selection allows: the
 * fields other areas read along (its timeline, its interaction facts …, see read-along.ts) and the
 * profile's own relations (memberships with their organizations, contact points, consents,
 * external references) come in the statement that reads the customer. A selection that plans
 * other relations (a nested one, another area's) goes through Prisma in one joined query, and the
 * fields read along then in one statement of their own.
 */
export async function loadCustomerView(context: Context, info: GraphQLResolveInfo, query: PrismaQuery, id: string, kind: CustomerKind): Promise<CustomerRow | null> {
  const tenantId = viewerOf(context).tenantId;
  const values: unknown[] = [tenantId, id, kind];
  const parameter = (value: unknown) => `$${values.push(value)}`;
  const parts = selectedParts(info, ['Customer', 'Person', 'Organization'], context, 'c', parameter);
  const partColumns = parts.map((part, index) => `${part.expression} AS "part${index}"`);
  const keepParts = (customer: CustomerRow, row: Record<string, unknown>) =>
    keepReadAlong(customer, new Map(parts.map((part, index) => [part.responseKey, part.read(row[`part${index}`])])));
  const where = `c."tenantId" = $1 AND c.id = $2::uuid AND c.kind = $3::"CustomerKind"`;

  const relations = customerRelationsSql(query, parameter);
  if (relations) {
    const [row] = await context.sql.query<CustomerRow & Record<string, unknown>>(
      `SELECT ${[CUSTOMER_COLUMNS, ...relations.columns, ...partColumns].join(', ')} FROM "Customer" c WHERE ${where}`,
      values,
    );
    if (!row) return null;
    relations.read(row);
    keepParts(row, row);
    return row;
  }
  const customer = await context.db.customer.findFirst({ ...query, where: { id, kind, tenantId } });
  if (customer && parts.length > 0) {
    const [row] = await context.sql.query<Record<string, unknown>>(`SELECT ${partColumns.join(', ')} FROM "Customer" c WHERE ${where}`, values);
    keepParts(customer, row ?? {});
  }
  return customer;
}
