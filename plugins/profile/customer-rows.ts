import type { Context, Prisma } from '../../src/plugin-api.ts';

export type CustomerRow = Prisma.CustomerModel;

/** Every column of a customer, read as Prisma reads it (enums as text, audiences as text[]). */
export const CUSTOMER_COLUMNS = `c.id, c."tenantId", c.kind::text AS kind, c."displayName", c.audiences::text[] AS audiences,
  c.lifecycle::text AS lifecycle, c."lifecycleChangedAt", c."ownerId", c.language, c.country, c.region, c.city, c."firstName",
  c."lastName", c."birthDate", c."legalName", c."taxId", c.industry, c.size::text AS size, c.traits, c."archivedAt", c."createdAt",
  c."updatedAt"`;

/** The column (with its cast) behind each scalar field of Customer, Person and Organization. */
const COLUMN_OF_FIELD: Readonly<Record<string, string>> = {
  displayName: 'c."displayName"',
  audiences: 'c.audiences::text[] AS audiences',
  lifecycle: 'c.lifecycle::text AS lifecycle',
  lifecycleChangedAt: 'c."lifecycleChangedAt"',
  ownerId: 'c."ownerId"',
  language: 'c.language',
  country: 'c.country',
  region: 'c.region',
  city: 'c.city',
  traits: 'c.traits',
  archivedAt: 'c."archivedAt"',
  createdAt: 'c."createdAt"',
  updatedAt: 'c."updatedAt"',
  firstName: 'c."firstName"',
  lastName: 'c."lastName"',
  birthDate: 'c."birthDate"',
  legalName: 'c."legalName"',
  taxId: 'c."taxId"',
  industry: 'c.industry',
  size: 'c.size::text AS size',
};
/** Fields that need no column beyond the ones always read (or that a list brings along itself). */
const FIELDS_WITHOUT_COLUMNS = new Set(['__typename', 'id', 'primaryEmail', 'primaryPhone']);

/**
 * The columns a page of customers needs for the fields its query selects: reading and converting
 * all 23 columns of 50 rows (the traits JSON, four timestamps each) cost more than the rest of the
 * list's work. The row id, tenant and kind are always read; any field this table does not know
 * (a relation, another area's field, which may read any column) brings every column.
 */
export function customerColumnsFor(fields: ReadonlySet<string>, always: readonly string[] = []): string {
  const columns = new Set(['c.id', 'c."tenantId"', 'c.kind::text AS kind', ...always.map((field) => COLUMN_OF_FIELD[field]!)]);
  for (const field of fields) {
    const column = COLUMN_OF_FIELD[field];
    if (column) columns.add(column);
    else if (!FIELDS_WITHOUT_COLUMNS.has(field)) return CUSTOMER_COLUMNS;
  }
  return [...columns].join(', ');
}

/** The live (not archived) customers of the viewer's tenant among `ids`, in one statement. */
export function liveCustomersById(context: Context, ids: readonly string[]): Promise<CustomerRow[]> {
  return context.sql.query<CustomerRow>(
    `SELECT ${CUSTOMER_COLUMNS} FROM "Customer" c WHERE c."tenantId" = $1 AND c.id = ANY($2::uuid[]) AND c."archivedAt" IS NULL`,
    [context.viewer!.tenantId, ids],
  );
}
