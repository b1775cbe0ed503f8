-- CreateEnum
CREATE TYPE "TenantStatus" AS ENUM ('ACTIVE', 'DISABLED');

-- AlterTable
ALTER TABLE "Tenant" ADD COLUMN     "disabledAt" TIMESTAMP(3),
ADD COLUMN     "status" "TenantStatus" NOT NULL DEFAULT 'ACTIVE';

-- The tenant directory is the one table that crosses tenants by nature: every request checks its
-- tenant's status, and operators list, create, disable and enable tenants. Row-level security shows
-- the application role only the row of the tenant in scope, so these functions, owned by the
-- migrating role and run with its rights, are the application's only way across: each does one
-- narrow thing. The owner needs a policy of its own for them, as FORCE ROW LEVEL SECURITY confines
-- the owner like the application otherwise.
CREATE POLICY tenant_directory_owner ON "Tenant" FOR ALL TO CURRENT_USER USING (true) WITH CHECK (true);

-- A tenant's status; NULL when no such tenant exists.
CREATE FUNCTION tenant_status_of(tenant_id TEXT)
RETURNS "TenantStatus"
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
AS $$
  SELECT status FROM "Tenant" WHERE id = tenant_id
$$;

-- Every tenant, by id.
CREATE FUNCTION tenant_directory()
RETURNS SETOF "Tenant"
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
AS $$
  SELECT * FROM "Tenant" ORDER BY id
$$;

-- The new tenant; no row when the id is taken.
CREATE FUNCTION create_tenant(tenant_id TEXT, tenant_name TEXT, created_at TIMESTAMP(3))
RETURNS SETOF "Tenant"
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public
AS $$
  INSERT INTO "Tenant" (id, name, "createdAt") VALUES (tenant_id, tenant_name, created_at)
  ON CONFLICT (id) DO NOTHING
  RETURNING *
$$;

-- The tenant with its new status; no row when it does not exist. Disabling a disabled tenant keeps
-- the moment it was first disabled; enabling clears it.
CREATE FUNCTION set_tenant_status(tenant_id TEXT, new_status "TenantStatus", changed_at TIMESTAMP(3))
RETURNS SETOF "Tenant"
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public
AS $$
  UPDATE "Tenant"
  SET "disabledAt" = CASE WHEN new_status = 'ACTIVE' THEN NULL WHEN status = 'DISABLED' THEN "disabledAt" ELSE changed_at END,
      status = new_status
  WHERE id = tenant_id
  RETURNING *
$$;

-- Not for every role (PostgreSQL's default): the application role is granted them (src/db/app-role.ts).
REVOKE EXECUTE ON FUNCTION tenant_status_of(TEXT) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION tenant_directory() FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION create_tenant(TEXT, TEXT, TIMESTAMP(3)) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION set_tenant_status(TEXT, "TenantStatus", TIMESTAMP(3)) FROM PUBLIC;
