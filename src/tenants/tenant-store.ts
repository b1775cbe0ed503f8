import { TenantStatus } from '../generated/prisma/enums.ts';

/** A tenant as operators see it. */
export interface TenantRecord {
  /** The slug tokens carry in their `tenant` claim. */
  id: string;
  name: string;
  status: TenantStatus;
  disabledAt: Date | null;
  createdAt: Date;
}

/**
 * Runs one statement and returns its rows: the operation's `context.sql.query` in the API, a
 * plain `pg` client in the CLI, the application pool for the directory's lookups.
 */
export type RunQuery = <Row extends object>(text: string, values: readonly unknown[]) => Promise<Row[]>;

// Through the SECURITY DEFINER functions of the tenant_status migration: row-level security shows
// the application role only the tenant in scope. Times come back zoned (UTC), so every client
// reads the same instant whatever its own time zone.
const COLUMNS = `id, name, status::text AS status, "disabledAt" AT TIME ZONE 'UTC' AS "disabledAt", "createdAt" AT TIME ZONE 'UTC' AS "createdAt"`;

export function listTenants(query: RunQuery): Promise<TenantRecord[]> {
  return query<TenantRecord>(`SELECT ${COLUMNS} FROM tenant_directory()`, []);
}

/** The new tenant, or null when its id is taken. */
export async function insertTenant(query: RunQuery, tenant: { id: string; name: string; createdAt: Date }): Promise<TenantRecord | null> {
  const rows = await query<TenantRecord>(`SELECT ${COLUMNS} FROM create_tenant($1, $2, $3)`, [tenant.id, tenant.name, tenant.createdAt.toISOString()]);
  return rows[0] ?? null;
}

/** The tenant with its new status, or null when there is no such tenant. */
export async function updateTenantStatus(query: RunQuery, id: string, status: TenantStatus, changedAt: Date): Promise<TenantRecord | null> {
  const rows = await query<TenantRecord>(`SELECT ${COLUMNS} FROM set_tenant_status($1, $2::"TenantStatus", $3)`, [id, status, changedAt.toISOString()]);
  return rows[0] ?? null;
}

/** The tenant's status, or null when there is no such tenant. */
export async function readTenantStatus(query: RunQuery, id: string): Promise<TenantStatus | null> {
  const rows = await query<{ status: TenantStatus | null }>('SELECT tenant_status_of($1)::text AS status', [id]);
  return rows[0]?.status ?? null;
}

export { TenantStatus };
