import type { Context, Prisma } from '../../../src/plugin-api.ts';
import { keepReadAlong, viewerOf, type ReadAlongSelection } from '../../../src/plugin-api.ts';
import { primaryContactPart } from './primary-contacts.ts';

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
  mergedIntoId: 'c."mergedIntoId"',
  createdAt: 'c."createdAt"',
  updatedAt: 'c."updatedAt"',
};
const ALL_COLUMNS = Object.keys(COLUMNS) as (keyof CustomerRow)[];
const ALWAYS_READ: readonly (keyof CustomerRow)[] = ['id', 'tenantId', 'kind'];

/** Fields that need no column beyond the ones always read. */
const FIELDS_WITHOUT_COLUMNS = new Set(['__typename', 'id']);

/** Every column of a customer, read as Prisma reads it. */
export const CUSTOMER_COLUMNS = ALL_COLUMNS.map((name) => `${COLUMNS[name]} AS "${name}"`).join(', ');

/**
 * The columns the selected fields need, by the name each is read as: reading and converting all
 * 23 columns of 50 rows (the traits JSON, four timestamps each) cost more than the rest of a
 * list's work. Fields read along (`readAlongFields`) need none; any other field this table does
 * not know (another area's, which may read any column) brings every column.
 */
function columnsFor(fields: ReadonlySet<string>, always: readonly string[], readAlongFields: ReadonlySet<string>): Map<string, string> {
  const columns = new Map<string, string>();
  for (const name of [...ALWAYS_READ, ...(always as (keyof CustomerRow)[])]) columns.set(name, COLUMNS[name]);
  let every = false;
  for (const field of fields) {
    if (field in COLUMNS) columns.set(field, COLUMNS[field as keyof CustomerRow]);
    else if (!FIELDS_WITHOUT_COLUMNS.has(field) && !readAlongFields.has(field)) every = true;
  }
  if (every) for (const name of ALL_COLUMNS) columns.set(name, COLUMNS[name]);
  return columns;
}

/** The select list of a statement on `"Customer" c` for the selected fields (`always`: columns it orders by). */
export function customerColumnsFor(fields: ReadonlySet<string>, always: readonly string[] = [], readAlongFields: ReadonlySet<string> = new Set()): string {
  return [...columnsFor(fields, always, readAlongFields)].map(([name, expression]) => `${expression} AS "${name}"`).join(', ');
}

/**
 * The customers of the viewer's tenant among `ids`, archived ones too (what a row that points at
 * its customer shows), with their primary e-mail and phone read along: the lists of other areas
 * (a ticket queue, a board) show them beside the name more often than not.
 */
export async function customersById(context: Context, ids: readonly string[]): Promise<CustomerRow[]> {
  const rows = await context.sql.query<CustomerRow & { primaryEmail: string | null; primaryPhone: string | null }>(
    `SELECT ${CUSTOMER_COLUMNS}, ${PRIMARY_EMAIL.expression({}, context, 'c', () => '', NO_SELECTION)} AS "primaryEmail",
            ${PRIMARY_PHONE.expression({}, context, 'c', () => '', NO_SELECTION)} AS "primaryPhone"
     FROM "Customer" c WHERE c."tenantId" = $1 AND c.id = ANY($2::uuid[])`,
    [viewerOf(context).tenantId, ids],
  );
  return rows.map(({ primaryEmail, primaryPhone, ...customer }) => {
    keepReadAlong(customer, new Map([['primaryEmail', primaryEmail], ['primaryPhone', primaryPhone]]));
    return customer;
  });
}

const PRIMARY_EMAIL = primaryContactPart('EMAIL');
const PRIMARY_PHONE = primaryContactPart('PHONE');
const NO_SELECTION: ReadAlongSelection = { fieldNames: () => new Set() };

/** The live (not archived) customers of the viewer's tenant among `ids`, in one statement. */
export function liveCustomersById(context: Context, ids: readonly string[]): Promise<CustomerRow[]> {
  return context.sql.query<CustomerRow>(
    `SELECT ${CUSTOMER_COLUMNS} FROM "Customer" c WHERE c."tenantId" = $1 AND c.id = ANY($2::uuid[]) AND c."archivedAt" IS NULL`,
    [viewerOf(context).tenantId, ids],
  );
}
