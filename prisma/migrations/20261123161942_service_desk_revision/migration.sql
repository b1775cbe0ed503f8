-- CreateTable
CREATE TABLE "ServiceDeskRevision" (
    "tenantId" TEXT NOT NULL,
    "revision" BIGINT NOT NULL,

    CONSTRAINT "ServiceDeskRevision_pkey" PRIMARY KEY ("tenantId")
);

-- Row-level security: the second wall behind the application's own tenant scoping. A row is
-- visible and writable only inside a transaction whose app.tenant_id matches it; FORCE applies
-- the policy to the table owner as well.

ALTER TABLE "ServiceDeskRevision" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "ServiceDeskRevision" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "ServiceDeskRevision" USING ("tenantId" = current_setting('app.tenant_id', true)) WITH CHECK ("tenantId" = current_setting('app.tenant_id', true));

-- Every change to a tenant's service-desk configuration counts up its revision, in the same
-- transaction, so a cached configuration is known to be current by reading one row. A tenant
-- without a row is at revision 0.
CREATE FUNCTION service_desk_revision_bump() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  changed_tenant text := CASE WHEN TG_OP = 'DELETE' THEN OLD."tenantId" ELSE NEW."tenantId" END;
BEGIN
  INSERT INTO "ServiceDeskRevision" ("tenantId", revision) VALUES (changed_tenant, 1)
  ON CONFLICT ("tenantId") DO UPDATE SET revision = "ServiceDeskRevision".revision + 1;
  RETURN NULL;
END $$;

CREATE TRIGGER service_desk_revision AFTER INSERT OR UPDATE OR DELETE ON "TicketCategory" FOR EACH ROW EXECUTE FUNCTION service_desk_revision_bump();
CREATE TRIGGER service_desk_revision AFTER INSERT OR UPDATE OR DELETE ON "TicketQueue" FOR EACH ROW EXECUTE FUNCTION service_desk_revision_bump();
CREATE TRIGGER service_desk_revision AFTER INSERT OR UPDATE OR DELETE ON "ServiceCalendar" FOR EACH ROW EXECUTE FUNCTION service_desk_revision_bump();
CREATE TRIGGER service_desk_revision AFTER INSERT OR UPDATE OR DELETE ON "SlaPolicy" FOR EACH ROW EXECUTE FUNCTION service_desk_revision_bump();
CREATE TRIGGER service_desk_revision AFTER INSERT OR UPDATE OR DELETE ON "RoutingRule" FOR EACH ROW EXECUTE FUNCTION service_desk_revision_bump();
