import type { Context, Prisma } from '../../src/plugin-api.ts';
import { viewerOf } from '../../src/plugin-api.ts';

export type CustomerRow = Prisma.CustomerModel;

/** Each column of a customer as Prisma reads it (enums as text, audiences as text[]); `c` is the Customer table. */
const COLUMNS: Readonly<Record<keyof CustomerRow, string>> = {
  id: 'c.id',
  tenantId: 'c."tenantId"',
  kind: 'c.kind::text',
  displayName: 'c."displayName"',
  audiences: 'c.audiences::text[]',
  lifecycle: 'c.lifecycle::text',
  lifecycleChangedAt: 'c."lifecycleChangedAt"',
  ownerId: 'c."ownerId"',
  language: 'c.language',
  country: 'c.country',
  region: 'c.region',
  city: 'c.city',
  firstName: 'c."firstName"',
  lastName: 'c."lastName"',
  birthDate: 'c."birthDate"',
  legalName: 'c."legalName"',
  taxId: 'c."taxId"',
  industry: 'c.industry',
  size: 'c.size::text',
  traits: 'c.traits',
  archivedAt: 'c."archivedAt"',
  createdAt: 'c."createdAt"',
  updatedAt: 'c."updatedAt"',
};
const ALL_COLUMNS = Object.keys(COLUMNS) as (keyof CustomerRow)[];
const ALWAYS_READ: readonly (keyof CustomerRow)[] = ['id', 'tenantId', 'kind'];

/** Primary contact values a statement can bring along, by the field that shows them (see Customer.primaryEmail). */
const PRIMARY_CONTACTS = {
  primaryEmail: `(SELECT p.value FROM "ContactPoint" p WHERE p."tenantId" = c."tenantId" AND p."customerId" = c.id AND p.kind = 'EMAIL' AND p."isPrimary")`,
  primaryPhone: `(SELECT p.value FROM "ContactPoint" p WHERE p."tenantId" = c."tenantId" AND p."customerId" = c.id AND p.kind = 'PHONE' AND p."isPrimary")`,
} as const;
/** Fields that need no column beyond the ones always read. */
const FIELDS_WITHOUT_COLUMNS = new Set(['__typename', 'id']);

/** Every column of a customer, read as Prisma reads it. */
export const CUSTOMER_COLUMNS = ALL_COLUMNS.map((name) => `${COLUMNS[name]} AS "${name}"`).join(', ');

/**
 * The columns (and primary contacts) the selected fields need, by the name each is read as:
 * reading and converting all 23 columns of 50 rows (the traits JSON, four timestamps each) cost
 * more than the rest of a list's work. Any field this table does not know (a relation, another
 * area's field, which may read any column) brings every column.
 */
function columnsFor(fields: ReadonlySet<string>, always: readonly string[]): Map<string, string> {
  const columns = new Map<string, string>();
  for (const name of [...ALWAYS_READ, ...(always as (keyof CustomerRow)[])]) columns.set(name, COLUMNS[name]);
  let every = false;
  for (const field of fields) {
    if (field in COLUMNS) columns.set(field, COLUMNS[field as keyof CustomerRow]);
    else if (field in PRIMARY_CONTACTS) columns.set(field, PRIMARY_CONTACTS[field as keyof typeof PRIMARY_CONTACTS]);
    else if (!FIELDS_WITHOUT_COLUMNS.has(field)) every = true;
  }
  if (every) for (const name of ALL_COLUMNS) columns.set(name, COLUMNS[name]);
  return columns;
}

/** The select list of a statement on `"Customer" c` for the selected fields (`always`: columns it orders by). */
export function customerColumnsFor(fields: ReadonlySet<string>, always: readonly string[] = []): string {
  return [...columnsFor(fields, always)].map(([name, expression]) => `${expression} AS "${name}"`).join(', ');
}

/** Columns of a customer read in another area's statement, and how to take the customer out of its rows. */
export interface CustomerAlong {
  /** For the select list of a statement that joins `"Customer" c`. */
  columns: string;
  read(row: object): CustomerRow;
}

/**
 * A customer read along with another area's rows (a ticket's, a deal's), in that area's own
 * statement: the columns the client's selection of the customer needs, named `<prefix><column>`.
 */
export function customerColumnsAlong(fields: ReadonlySet<string>, prefix: string): CustomerAlong {
  const names = [...columnsFor(fields, [])];
  return {
    columns: names.map(([name, expression]) => `${expression} AS "${prefix}${name}"`).join(', '),
    read: (row) => {
      const values = row as Record<string, unknown>;
      const customer: Record<string, unknown> = {};
      for (const [name] of names) customer[name] = values[`${prefix}${name}`];
      return customer as unknown as CustomerRow;
    },
  };
}

/** The customers of the viewer's tenant among `ids`, archived ones too (what a row that points at its customer shows). */
export function customersById(context: Context, ids: readonly string[]): Promise<CustomerRow[]> {
  return context.sql.query<CustomerRow>(`SELECT ${CUSTOMER_COLUMNS} FROM "Customer" c WHERE c."tenantId" = $1 AND c.id = ANY($2::uuid[])`, [viewerOf(context).tenantId, ids]);
}

/** The live (not archived) customers of the viewer's tenant among `ids`, in one statement. */
export function liveCustomersById(context: Context, ids: readonly string[]): Promise<CustomerRow[]> {
  return context.sql.query<CustomerRow>(
    `SELECT ${CUSTOMER_COLUMNS} FROM "Customer" c WHERE c."tenantId" = $1 AND c.id = ANY($2::uuid[]) AND c."archivedAt" IS NULL`,
    [viewerOf(context).tenantId, ids],
  );
}
