-- CreateEnum
CREATE TYPE "CustomerMergeStatus" AS ENUM ('MERGED', 'UNMERGED');

-- CreateEnum
CREATE TYPE "ImportKind" AS ENUM ('CUSTOMERS', 'INTERACTIONS');

-- CreateEnum
CREATE TYPE "ImportFormat" AS ENUM ('CSV', 'NDJSON');

-- CreateEnum
CREATE TYPE "ImportStatus" AS ENUM ('RUNNING', 'COMPLETED', 'FAILED');

-- CreateEnum
CREATE TYPE "ImportReviewStatus" AS ENUM ('PENDING', 'CREATED', 'MERGED_INTO', 'DISMISSED');

-- AlterTable
ALTER TABLE "Customer" ADD COLUMN     "mergedIntoId" UUID;

-- CreateTable
CREATE TABLE "MatchProfile" (
    "tenantId" TEXT NOT NULL,
    "customerId" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "nameKey" TEXT NOT NULL,
    "firstKey" TEXT,
    "lastKey" TEXT,
    "firstSound" TEXT,
    "lastSound" TEXT,
    "birthDate" DATE,
    "emailKeys" TEXT[],
    "phoneKeys" TEXT[],
    "taxKey" TEXT,
    "refKeys" TEXT[],
    "addressKeys" TEXT[],
    "postalCodes" TEXT[],
    "organizationIds" UUID[],
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MatchProfile_pkey" PRIMARY KEY ("tenantId","customerId")
);

-- CreateTable
CREATE TABLE "MatchSettings" (
    "tenantId" TEXT NOT NULL,
    "weights" JSONB NOT NULL DEFAULT '{}',
    "threshold" DOUBLE PRECISION NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MatchSettings_pkey" PRIMARY KEY ("tenantId")
);

-- CreateTable
CREATE TABLE "DuplicatePair" (
    "tenantId" TEXT NOT NULL,
    "customerA" UUID NOT NULL,
    "customerB" UUID NOT NULL,
    "score" DOUBLE PRECISION NOT NULL,
    "signals" JSONB NOT NULL,
    "dismissedAt" TIMESTAMP(3),
    "dismissedBy" TEXT,
    "computedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DuplicatePair_pkey" PRIMARY KEY ("tenantId","customerA","customerB")
);

-- CreateTable
CREATE TABLE "CustomerMerge" (
    "id" UUID NOT NULL,
    "tenantId" TEXT NOT NULL,
    "survivorId" UUID NOT NULL,
    "mergedIds" UUID[],
    "fieldChoices" JSONB NOT NULL DEFAULT '{}',
    "status" "CustomerMergeStatus" NOT NULL DEFAULT 'MERGED',
    "moved" JSONB NOT NULL DEFAULT '[]',
    "mergedAt" TIMESTAMP(3) NOT NULL,
    "mergedBy" TEXT NOT NULL,
    "unmergedAt" TIMESTAMP(3),
    "unmergedBy" TEXT,

    CONSTRAINT "CustomerMerge_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CustomerMergeChange" (
    "id" BIGSERIAL NOT NULL,
    "tenantId" TEXT NOT NULL,
    "mergeId" UUID NOT NULL,
    "participant" TEXT NOT NULL,
    "rows" TEXT NOT NULL,
    "rowId" TEXT NOT NULL,
    "previous" JSONB,

    CONSTRAINT "CustomerMergeChange_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ImportJob" (
    "id" UUID NOT NULL,
    "tenantId" TEXT NOT NULL,
    "kind" "ImportKind" NOT NULL,
    "format" "ImportFormat" NOT NULL,
    "fileName" TEXT NOT NULL,
    "fileSha256" TEXT NOT NULL,
    "fileBytes" BIGINT NOT NULL,
    "storedPath" TEXT,
    "mapping" JSONB NOT NULL,
    "options" JSONB NOT NULL DEFAULT '{}',
    "status" "ImportStatus" NOT NULL DEFAULT 'RUNNING',
    "checkpointLine" INTEGER NOT NULL DEFAULT 0,
    "checkpointByte" BIGINT NOT NULL DEFAULT 0,
    "created" INTEGER NOT NULL DEFAULT 0,
    "updated" INTEGER NOT NULL DEFAULT 0,
    "unchanged" INTEGER NOT NULL DEFAULT 0,
    "held" INTEGER NOT NULL DEFAULT 0,
    "rejected" INTEGER NOT NULL DEFAULT 0,
    "failure" TEXT,
    "createdBy" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "ImportJob_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ImportRejectedRow" (
    "tenantId" TEXT NOT NULL,
    "jobId" UUID NOT NULL,
    "line" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "content" TEXT NOT NULL,

    CONSTRAINT "ImportRejectedRow_pkey" PRIMARY KEY ("tenantId","jobId","line")
);

-- CreateTable
CREATE TABLE "ImportReviewItem" (
    "id" UUID NOT NULL,
    "tenantId" TEXT NOT NULL,
    "jobId" UUID NOT NULL,
    "line" INTEGER NOT NULL,
    "row" JSONB NOT NULL,
    "candidateIds" UUID[],
    "score" DOUBLE PRECISION NOT NULL,
    "status" "ImportReviewStatus" NOT NULL DEFAULT 'PENDING',
    "decidedAt" TIMESTAMP(3),
    "decidedBy" TEXT,

    CONSTRAINT "ImportReviewItem_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "MatchProfile_nameKey_idx" ON "MatchProfile" USING GIN ("nameKey" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "MatchProfile_emailKeys_idx" ON "MatchProfile" USING GIN ("emailKeys");

-- CreateIndex
CREATE INDEX "MatchProfile_phoneKeys_idx" ON "MatchProfile" USING GIN ("phoneKeys");

-- CreateIndex
CREATE INDEX "MatchProfile_refKeys_idx" ON "MatchProfile" USING GIN ("refKeys");

-- CreateIndex
CREATE INDEX "MatchProfile_addressKeys_idx" ON "MatchProfile" USING GIN ("addressKeys");

-- CreateIndex
CREATE INDEX "MatchProfile_tenantId_lastSound_firstSound_idx" ON "MatchProfile"("tenantId", "lastSound", "firstSound");

-- CreateIndex
CREATE INDEX "MatchProfile_tenantId_taxKey_idx" ON "MatchProfile"("tenantId", "taxKey");

-- CreateIndex
CREATE INDEX "DuplicatePair_tenantId_score_customerA_customerB_idx" ON "DuplicatePair"("tenantId", "score" DESC, "customerA", "customerB");

-- CreateIndex
CREATE INDEX "DuplicatePair_tenantId_customerB_idx" ON "DuplicatePair"("tenantId", "customerB");

-- CreateIndex
CREATE INDEX "CustomerMerge_tenantId_survivorId_idx" ON "CustomerMerge"("tenantId", "survivorId");

-- CreateIndex
CREATE INDEX "CustomerMerge_tenantId_mergedAt_id_idx" ON "CustomerMerge"("tenantId", "mergedAt" DESC, "id");

-- CreateIndex
CREATE UNIQUE INDEX "CustomerMerge_tenantId_id_key" ON "CustomerMerge"("tenantId", "id");

-- CreateIndex
CREATE INDEX "CustomerMergeChange_tenantId_mergeId_participant_idx" ON "CustomerMergeChange"("tenantId", "mergeId", "participant");

-- CreateIndex
CREATE INDEX "ImportJob_tenantId_startedAt_id_idx" ON "ImportJob"("tenantId", "startedAt" DESC, "id");

-- CreateIndex
CREATE UNIQUE INDEX "ImportJob_tenantId_id_key" ON "ImportJob"("tenantId", "id");

-- CreateIndex
CREATE INDEX "ImportReviewItem_tenantId_status_id_idx" ON "ImportReviewItem"("tenantId", "status", "id");

-- CreateIndex
CREATE UNIQUE INDEX "ImportReviewItem_tenantId_jobId_line_key" ON "ImportReviewItem"("tenantId", "jobId", "line");

-- CreateIndex
CREATE INDEX "Customer_tenantId_mergedIntoId_idx" ON "Customer"("tenantId", "mergedIntoId");

-- AddForeignKey
ALTER TABLE "CustomerMergeChange" ADD CONSTRAINT "CustomerMergeChange_tenantId_mergeId_fkey" FOREIGN KEY ("tenantId", "mergeId") REFERENCES "CustomerMerge"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Row-level security: the second wall behind the application's own tenant scoping. A row is
-- visible and writable only inside a transaction whose app.tenant_id matches it; FORCE applies
-- the policy to the table owner as well.

ALTER TABLE "CustomerMerge" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "CustomerMerge" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "CustomerMerge" USING ("tenantId" = current_setting('app.tenant_id', true)) WITH CHECK ("tenantId" = current_setting('app.tenant_id', true));

ALTER TABLE "CustomerMergeChange" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "CustomerMergeChange" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "CustomerMergeChange" USING ("tenantId" = current_setting('app.tenant_id', true)) WITH CHECK ("tenantId" = current_setting('app.tenant_id', true));

ALTER TABLE "DuplicatePair" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "DuplicatePair" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "DuplicatePair" USING ("tenantId" = current_setting('app.tenant_id', true)) WITH CHECK ("tenantId" = current_setting('app.tenant_id', true));

ALTER TABLE "ImportJob" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "ImportJob" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "ImportJob" USING ("tenantId" = current_setting('app.tenant_id', true)) WITH CHECK ("tenantId" = current_setting('app.tenant_id', true));

ALTER TABLE "ImportRejectedRow" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "ImportRejectedRow" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "ImportRejectedRow" USING ("tenantId" = current_setting('app.tenant_id', true)) WITH CHECK ("tenantId" = current_setting('app.tenant_id', true));

ALTER TABLE "ImportReviewItem" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "ImportReviewItem" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "ImportReviewItem" USING ("tenantId" = current_setting('app.tenant_id', true)) WITH CHECK ("tenantId" = current_setting('app.tenant_id', true));

ALTER TABLE "MatchProfile" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "MatchProfile" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "MatchProfile" USING ("tenantId" = current_setting('app.tenant_id', true)) WITH CHECK ("tenantId" = current_setting('app.tenant_id', true));

ALTER TABLE "MatchSettings" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "MatchSettings" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "MatchSettings" USING ("tenantId" = current_setting('app.tenant_id', true)) WITH CHECK ("tenantId" = current_setting('app.tenant_id', true));
