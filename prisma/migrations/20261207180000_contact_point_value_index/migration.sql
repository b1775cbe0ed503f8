-- Contact points looked up by value (imports, matching): under Row-Level Security the equality of
-- the enum `kind` is not leakproof, so it cannot lead an index scan; (tenantId, value) can.
DROP INDEX "ContactPoint_tenantId_kind_value_idx";

CREATE INDEX "ContactPoint_tenantId_value_idx" ON "ContactPoint"("tenantId", "value");
