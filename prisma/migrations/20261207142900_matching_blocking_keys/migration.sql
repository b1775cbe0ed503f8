-- The second threshold of a tenant's matching: from it a pair is a possible duplicate (kept and
-- offered for review; an import holds the row), below the likely threshold.
ALTER TABLE "MatchSettings" ADD COLUMN "possibleThreshold" DOUBLE PRECISION NOT NULL DEFAULT 8;

-- Candidates are found by equality on "MatchKey" below. The profile's own indexes served lookups
-- that Row-Level Security defeats (`&&` on arrays is not leakproof, so it cannot be an index
-- condition on a table with a policy) or probes too slow to block on (trigrams of short names):
-- they would only slow every write.
DROP INDEX "MatchProfile_nameKey_idx";
DROP INDEX "MatchProfile_emailKeys_idx";
DROP INDEX "MatchProfile_phoneKeys_idx";
DROP INDEX "MatchProfile_refKeys_idx";
DROP INDEX "MatchProfile_addressKeys_idx";
DROP INDEX "MatchProfile_tenantId_lastSound_firstSound_idx";
DROP INDEX "MatchProfile_tenantId_taxKey_idx";

-- CreateTable
CREATE TABLE "MatchKey" (
    "tenantId" TEXT NOT NULL,
    "block" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "customerId" UUID NOT NULL,
    "kind" TEXT NOT NULL,

    CONSTRAINT "MatchKey_pkey" PRIMARY KEY ("tenantId","block","key","customerId")
);

-- CreateIndex
CREATE INDEX "MatchKey_tenantId_customerId_idx" ON "MatchKey"("tenantId", "customerId");

ALTER TABLE "MatchKey" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "MatchKey" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "MatchKey" USING ("tenantId" = current_setting('app.tenant_id', true)) WITH CHECK ("tenantId" = current_setting('app.tenant_id', true));
