-- CreateEnum
CREATE TYPE "SegmentKind" AS ENUM ('DYNAMIC', 'STATIC');

-- CreateEnum
CREATE TYPE "SegmentEntrySource" AS ENUM ('RULE', 'SNAPSHOT', 'MANUAL');

-- CreateEnum
CREATE TYPE "RfmCell" AS ENUM ('CHAMPIONS', 'LOYAL', 'POTENTIAL_LOYALISTS', 'NEW_CUSTOMERS', 'PROMISING', 'NEEDS_ATTENTION', 'ABOUT_TO_SLEEP', 'AT_RISK', 'CANNOT_LOSE', 'HIBERNATING', 'LOST');

-- CreateEnum
CREATE TYPE "ValueModelMethod" AS ENUM ('BG_NBD_GAMMA_GAMMA', 'FALLBACK');

-- CreateTable
CREATE TABLE "Segment" (
    "id" UUID NOT NULL,
    "tenantId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "ownerId" TEXT,
    "kind" "SegmentKind" NOT NULL,
    "rule" JSONB,
    "refersTo" UUID[],
    "timeDependent" BOOLEAN NOT NULL DEFAULT false,
    "nextEvaluationAt" TIMESTAMP(3),
    "evaluatedAt" TIMESTAMP(3),
    "snapshotAt" TIMESTAMP(3),
    "archivedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Segment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SegmentMembership" (
    "id" UUID NOT NULL,
    "tenantId" TEXT NOT NULL,
    "segmentId" UUID NOT NULL,
    "customerId" UUID NOT NULL,
    "source" "SegmentEntrySource" NOT NULL,
    "enteredAt" TIMESTAMP(3) NOT NULL,
    "exitedAt" TIMESTAMP(3),

    CONSTRAINT "SegmentMembership_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CustomerScore" (
    "customerId" UUID NOT NULL,
    "tenantId" TEXT NOT NULL,
    "recencyScore" INTEGER,
    "frequencyScore" INTEGER,
    "monetaryScore" INTEGER,
    "rfmCell" "RfmCell",
    "recencyDays" INTEGER,
    "purchases" INTEGER NOT NULL DEFAULT 0,
    "monetaryValue" DECIMAL(14,2) NOT NULL DEFAULT 0,
    "currency" CHAR(3),
    "historicalValue" JSONB NOT NULL DEFAULT '{}',
    "predictedPurchases" DOUBLE PRECISION,
    "predictedValue" DECIMAL(14,2),
    "probabilityAlive" DOUBLE PRECISION,
    "churnRisk" DOUBLE PRECISION,
    "churnReasons" JSONB NOT NULL DEFAULT '[]',
    "method" "ValueModelMethod",
    "computedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CustomerScore_pkey" PRIMARY KEY ("customerId")
);

-- CreateTable
CREATE TABLE "ValueModel" (
    "tenantId" TEXT NOT NULL,
    "currency" CHAR(3),
    "method" "ValueModelMethod" NOT NULL,
    "parameters" JSONB NOT NULL DEFAULT '{}',
    "reason" TEXT,
    "customers" INTEGER NOT NULL DEFAULT 0,
    "repeatBuyers" INTEGER NOT NULL DEFAULT 0,
    "fittedAt" TIMESTAMP(3) NOT NULL,
    "nextScoringAt" TIMESTAMP(3) NOT NULL,
    "rfmBoundaries" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "ValueModel_pkey" PRIMARY KEY ("tenantId")
);

-- CreateIndex
CREATE INDEX "Segment_due_idx" ON "Segment"("nextEvaluationAt") WHERE ("archivedAt" IS NULL AND kind = 'DYNAMIC');

-- CreateIndex
CREATE UNIQUE INDEX "Segment_tenantId_id_key" ON "Segment"("tenantId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "Segment_live_name_key" ON "Segment"("tenantId", "name") WHERE ("archivedAt" IS NULL);

-- CreateIndex
CREATE INDEX "SegmentMembership_tenantId_customerId_enteredAt_idx" ON "SegmentMembership"("tenantId", "customerId", "enteredAt");

-- CreateIndex
CREATE INDEX "SegmentMembership_tenantId_segmentId_enteredAt_idx" ON "SegmentMembership"("tenantId", "segmentId", "enteredAt");

-- CreateIndex
CREATE UNIQUE INDEX "SegmentMembership_current_key" ON "SegmentMembership"("segmentId", "customerId") WHERE ("exitedAt" IS NULL);

-- CreateIndex
CREATE INDEX "CustomerScore_tenantId_rfmCell_idx" ON "CustomerScore"("tenantId", "rfmCell");

-- CreateIndex
CREATE INDEX "CustomerScore_tenantId_predictedValue_idx" ON "CustomerScore"("tenantId", "predictedValue");

-- CreateIndex
CREATE INDEX "CustomerScore_tenantId_churnRisk_idx" ON "CustomerScore"("tenantId", "churnRisk");

-- CreateIndex
CREATE UNIQUE INDEX "CustomerScore_tenantId_customerId_key" ON "CustomerScore"("tenantId", "customerId");

-- AddForeignKey
ALTER TABLE "SegmentMembership" ADD CONSTRAINT "SegmentMembership_tenantId_segmentId_fkey" FOREIGN KEY ("tenantId", "segmentId") REFERENCES "Segment"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SegmentMembership" ADD CONSTRAINT "SegmentMembership_tenantId_customerId_fkey" FOREIGN KEY ("tenantId", "customerId") REFERENCES "Customer"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CustomerScore" ADD CONSTRAINT "CustomerScore_tenantId_customerId_fkey" FOREIGN KEY ("tenantId", "customerId") REFERENCES "Customer"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Row-level security: the second wall behind the application's own tenant scoping. A row is
-- visible and writable only inside a transaction whose app.tenant_id matches it; FORCE applies
-- the policy to the table owner as well.

ALTER TABLE "CustomerScore" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "CustomerScore" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "CustomerScore" USING ("tenantId" = current_setting('app.tenant_id', true)) WITH CHECK ("tenantId" = current_setting('app.tenant_id', true));

ALTER TABLE "Segment" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "Segment" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "Segment" USING ("tenantId" = current_setting('app.tenant_id', true)) WITH CHECK ("tenantId" = current_setting('app.tenant_id', true));

ALTER TABLE "SegmentMembership" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "SegmentMembership" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "SegmentMembership" USING ("tenantId" = current_setting('app.tenant_id', true)) WITH CHECK ("tenantId" = current_setting('app.tenant_id', true));

ALTER TABLE "ValueModel" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "ValueModel" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "ValueModel" USING ("tenantId" = current_setting('app.tenant_id', true)) WITH CHECK ("tenantId" = current_setting('app.tenant_id', true));

-- The scheduled passes find due work across every tenant, then claim and do it in each tenant's own
-- transaction as the application role. Only the finding crosses tenants: these functions, owned by
-- the migrating role, return nothing but tenant ids and segment ids.
CREATE POLICY evaluation_scan_every_tenant ON "Segment" FOR SELECT TO CURRENT_USER USING (true);
CREATE POLICY scoring_scan_every_tenant ON "ValueModel" FOR SELECT TO CURRENT_USER USING (true);

CREATE FUNCTION segments_due_for_evaluation(due_by TIMESTAMP(3), max_rows INTEGER)
RETURNS TABLE ("tenantId" TEXT, id UUID)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
AS $$
  SELECT s."tenantId", s.id FROM "Segment" s
  WHERE s."nextEvaluationAt" <= due_by AND s."archivedAt" IS NULL AND s.kind = 'DYNAMIC'
  ORDER BY s."nextEvaluationAt"
  LIMIT max_rows
$$;
REVOKE EXECUTE ON FUNCTION segments_due_for_evaluation(TIMESTAMP(3), INTEGER) FROM PUBLIC;

CREATE FUNCTION tenants_due_for_scoring(due_by TIMESTAMP(3), max_rows INTEGER)
RETURNS TABLE ("tenantId" TEXT)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
AS $$
  SELECT v."tenantId" FROM "ValueModel" v WHERE v."nextScoringAt" <= due_by ORDER BY v."nextScoringAt" LIMIT max_rows
$$;
REVOKE EXECUTE ON FUNCTION tenants_due_for_scoring(TIMESTAMP(3), INTEGER) FROM PUBLIC;
