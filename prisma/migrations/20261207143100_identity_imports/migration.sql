-- Imports a server picks up outside any tenant: the jobs of uploaded files (storedPath set) still
-- RUNNING whose last batch committed before stalled_before, least recently moved first. Its
-- background runner resumes them after a restart, or after the instance running one stopped.
-- Row-Level Security hides every tenant's jobs outside a tenant transaction, so the function, which
-- runs as the table owner, needs a policy of its own, as FORCE ROW LEVEL SECURITY confines the owner too.
CREATE POLICY import_scan_every_tenant ON "ImportJob" FOR SELECT TO CURRENT_USER USING (true);

CREATE FUNCTION identity_imports_to_resume(stalled_before TIMESTAMP(3), max_rows INTEGER)
RETURNS TABLE ("tenantId" TEXT, id UUID, "storedPath" TEXT)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
AS $$
  SELECT j."tenantId", j.id, j."storedPath" FROM "ImportJob" j
  WHERE j.status = 'RUNNING' AND j."storedPath" IS NOT NULL AND j."updatedAt" < stalled_before
  ORDER BY j."updatedAt"
  LIMIT max_rows
$$;
-- Not for every role (PostgreSQL's default): the application role is granted it (src/db/app-role.ts).
REVOKE EXECUTE ON FUNCTION identity_imports_to_resume(TIMESTAMP(3), INTEGER) FROM PUBLIC;
