import type { Context, Prisma } from '../../src/plugin-api.ts';

export type CustomerRow = Prisma.CustomerModel;

/** Every column of a customer, read as Prisma reads it (enums as text, audiences as text[]). */
export const CUSTOMER_COLUMNS = `c.id, c."tenantId", c.kind::text AS kind, c."displayName", c.audiences::text[] AS audiences,
  c.lifecycle::text AS lifecycle, c."lifecycleChangedAt", c."ownerId", c.language, c.country, c.region, c.city, c."firstName",
  c."lastName", c."birthDate", c."legalName", c."taxId", c.industry, c.size::text AS size, c.traits, c."archivedAt", c."createdAt",
  c."updatedAt"`;

/** The live (not archived) customers of the viewer's tenant among `ids`, in one statement. */
export function liveCustomersById(context: Context, ids: readonly string[]): Promise<CustomerRow[]> {
  return context.sql.query<CustomerRow>(
    `SELECT ${CUSTOMER_COLUMNS} FROM "Customer" c WHERE c."tenantId" = $1 AND c.id = ANY($2::uuid[]) AND c."archivedAt" IS NULL`,
    [context.viewer!.tenantId, ids],
  );
}
