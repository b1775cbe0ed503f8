-- CreateEnum
CREATE TYPE "CampaignKind" AS ENUM ('WELCOME', 'UP_SELLING', 'CROSS_SELLING', 'RETENTION', 'WIN_BACK', 'SERVICE_SCHEDULING', 'LOYALTY', 'SEASONAL', 'BIRTHDAY', 'DATE_REMINDER', 'EVENT', 'PROMOTION', 'DIGITAL_BANNER', 'PRINT', 'TELEMARKETING');

-- CreateEnum
CREATE TYPE "CampaignStatus" AS ENUM ('DRAFT', 'SCHEDULED', 'RUNNING', 'COMPLETED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "CampaignChannel" AS ENUM ('EMAIL', 'SMS', 'PHONE', 'POST', 'WEB', 'MOBILE_APP');

-- CreateEnum
CREATE TYPE "CampaignRecurrence" AS ENUM ('NONE', 'DAILY', 'WEEKLY', 'MONTHLY');

-- CreateEnum
CREATE TYPE "CampaignRecipientOutcome" AS ENUM ('CONTACTED', 'CONTROL', 'EXCLUDED');

-- CreateEnum
CREATE TYPE "CampaignExclusionReason" AS ENUM ('NO_CONSENT', 'CONSENT_WITHDRAWN', 'SUPPRESSED', 'FREQUENCY_CAP', 'NO_CONTACT_POINT');

-- CreateEnum
CREATE TYPE "CampaignRunStatus" AS ENUM ('RUNNING', 'COMPLETED', 'STOPPED');

-- AlterEnum
ALTER TYPE "InteractionChannel" ADD VALUE 'POSTAL_MAIL';

-- AlterEnum
ALTER TYPE "InteractionKind" ADD VALUE 'CAMPAIGN_CONTACT';

-- CreateTable
CREATE TABLE "Campaign" (
    "id" UUID NOT NULL,
    "tenantId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "kind" "CampaignKind" NOT NULL,
    "objective" TEXT,
    "targetKpis" JSONB NOT NULL DEFAULT '[]',
    "channels" "CampaignChannel"[],
    "ownerId" TEXT,
    "status" "CampaignStatus" NOT NULL DEFAULT 'DRAFT',
    "startsAt" TIMESTAMP(3),
    "endsAt" TIMESTAMP(3),
    "recurrence" "CampaignRecurrence" NOT NULL DEFAULT 'NONE',
    "controlShare" DECIMAL(4,3) NOT NULL DEFAULT 0.10,
    "attributionWindowDays" INTEGER NOT NULL DEFAULT 30,
    "decayHalfLifeDays" INTEGER NOT NULL DEFAULT 7,
    "budget" DECIMAL(14,2),
    "currency" CHAR(3),
    "launchedAt" TIMESTAMP(3),
    "completedAt" TIMESTAMP(3),
    "cancelledAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Campaign_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CampaignAudience" (
    "tenantId" TEXT NOT NULL,
    "campaignId" UUID NOT NULL,
    "segmentId" UUID NOT NULL,
    "excluded" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "CampaignAudience_pkey" PRIMARY KEY ("campaignId","segmentId")
);

-- CreateTable
CREATE TABLE "CampaignVariant" (
    "id" UUID NOT NULL,
    "tenantId" TEXT NOT NULL,
    "campaignId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "content" TEXT,
    "weight" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "CampaignVariant_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CampaignCost" (
    "id" UUID NOT NULL,
    "tenantId" TEXT NOT NULL,
    "campaignId" UUID NOT NULL,
    "label" TEXT NOT NULL,
    "amount" DECIMAL(14,2) NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "incurredOn" DATE NOT NULL,

    CONSTRAINT "CampaignCost_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CampaignRun" (
    "id" UUID NOT NULL,
    "tenantId" TEXT NOT NULL,
    "campaignId" UUID NOT NULL,
    "step" TEXT NOT NULL,
    "snapshotSegmentId" UUID NOT NULL,
    "status" "CampaignRunStatus" NOT NULL DEFAULT 'RUNNING',
    "checkpoint" UUID,
    "audience" INTEGER NOT NULL DEFAULT 0,
    "contacted" INTEGER NOT NULL DEFAULT 0,
    "control" INTEGER NOT NULL DEFAULT 0,
    "excluded" INTEGER NOT NULL DEFAULT 0,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "CampaignRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CampaignRecipient" (
    "id" UUID NOT NULL,
    "tenantId" TEXT NOT NULL,
    "campaignId" UUID NOT NULL,
    "runId" UUID NOT NULL,
    "step" TEXT NOT NULL,
    "customerId" UUID NOT NULL,
    "channel" "CampaignChannel" NOT NULL,
    "outcome" "CampaignRecipientOutcome" NOT NULL,
    "exclusionReason" "CampaignExclusionReason",
    "variantId" UUID,
    "interactionId" UUID,
    "decidedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CampaignRecipient_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CampaignSuppression" (
    "id" UUID NOT NULL,
    "tenantId" TEXT NOT NULL,
    "customerId" UUID,
    "value" TEXT,
    "channel" "CampaignChannel",
    "reason" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CampaignSuppression_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CampaignSettings" (
    "tenantId" TEXT NOT NULL,
    "maxContacts" INTEGER NOT NULL DEFAULT 2,
    "perDays" INTEGER NOT NULL DEFAULT 7,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CampaignSettings_pkey" PRIMARY KEY ("tenantId")
);

-- CreateIndex
CREATE INDEX "Campaign_tenantId_status_startsAt_idx" ON "Campaign"("tenantId", "status", "startsAt");

-- CreateIndex
CREATE INDEX "Campaign_tenantId_createdAt_id_idx" ON "Campaign"("tenantId", "createdAt", "id");

-- CreateIndex
CREATE UNIQUE INDEX "Campaign_tenantId_id_key" ON "Campaign"("tenantId", "id");

-- CreateIndex
CREATE INDEX "CampaignAudience_tenantId_segmentId_idx" ON "CampaignAudience"("tenantId", "segmentId");

-- CreateIndex
CREATE UNIQUE INDEX "CampaignVariant_tenantId_id_key" ON "CampaignVariant"("tenantId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "CampaignVariant_campaignId_name_key" ON "CampaignVariant"("campaignId", "name");

-- CreateIndex
CREATE INDEX "CampaignCost_tenantId_campaignId_idx" ON "CampaignCost"("tenantId", "campaignId");

-- CreateTable
CREATE TABLE "CampaignConversion" (
    "id" UUID NOT NULL,
    "tenantId" TEXT NOT NULL,
    "campaignId" UUID NOT NULL,
    "source" TEXT NOT NULL,
    "sourceId" UUID NOT NULL,
    "amount" DECIMAL(14,2) NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "convertedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CampaignConversion_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "CampaignConversion_campaignId_source_sourceId_key" ON "CampaignConversion"("campaignId", "source", "sourceId");

-- AddForeignKey
ALTER TABLE "CampaignConversion" ADD CONSTRAINT "CampaignConversion_tenantId_campaignId_fkey" FOREIGN KEY ("tenantId", "campaignId") REFERENCES "Campaign"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- CreateIndex
CREATE UNIQUE INDEX "CampaignRun_tenantId_id_key" ON "CampaignRun"("tenantId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "CampaignRun_campaignId_step_key" ON "CampaignRun"("campaignId", "step");

-- CreateIndex
CREATE INDEX "CampaignRecipient_tenantId_customerId_decidedAt_idx" ON "CampaignRecipient"("tenantId", "customerId", "decidedAt");

-- CreateIndex
CREATE INDEX "CampaignRecipient_tenantId_campaignId_outcome_idx" ON "CampaignRecipient"("tenantId", "campaignId", "outcome");

-- CreateIndex
CREATE UNIQUE INDEX "CampaignRecipient_campaignId_step_customerId_channel_key" ON "CampaignRecipient"("campaignId", "step", "customerId", "channel");

-- CreateIndex
CREATE INDEX "CampaignSuppression_tenantId_customerId_idx" ON "CampaignSuppression"("tenantId", "customerId");

-- CreateIndex
CREATE INDEX "CampaignSuppression_tenantId_value_idx" ON "CampaignSuppression"("tenantId", "value");

-- AddForeignKey
ALTER TABLE "CampaignAudience" ADD CONSTRAINT "CampaignAudience_tenantId_campaignId_fkey" FOREIGN KEY ("tenantId", "campaignId") REFERENCES "Campaign"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CampaignVariant" ADD CONSTRAINT "CampaignVariant_tenantId_campaignId_fkey" FOREIGN KEY ("tenantId", "campaignId") REFERENCES "Campaign"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CampaignCost" ADD CONSTRAINT "CampaignCost_tenantId_campaignId_fkey" FOREIGN KEY ("tenantId", "campaignId") REFERENCES "Campaign"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CampaignRun" ADD CONSTRAINT "CampaignRun_tenantId_campaignId_fkey" FOREIGN KEY ("tenantId", "campaignId") REFERENCES "Campaign"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CampaignRecipient" ADD CONSTRAINT "CampaignRecipient_tenantId_campaignId_fkey" FOREIGN KEY ("tenantId", "campaignId") REFERENCES "Campaign"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CampaignRecipient" ADD CONSTRAINT "CampaignRecipient_tenantId_customerId_fkey" FOREIGN KEY ("tenantId", "customerId") REFERENCES "Customer"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Row-level security: the second wall behind the application's own tenant scoping. A row is
-- visible and writable only inside a transaction whose app.tenant_id matches it; FORCE applies
-- the policy to the table owner as well.

ALTER TABLE "Campaign" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "Campaign" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "Campaign" USING ("tenantId" = current_setting('app.tenant_id', true)) WITH CHECK ("tenantId" = current_setting('app.tenant_id', true));

ALTER TABLE "CampaignAudience" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "CampaignAudience" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "CampaignAudience" USING ("tenantId" = current_setting('app.tenant_id', true)) WITH CHECK ("tenantId" = current_setting('app.tenant_id', true));

ALTER TABLE "CampaignCost" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "CampaignCost" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "CampaignCost" USING ("tenantId" = current_setting('app.tenant_id', true)) WITH CHECK ("tenantId" = current_setting('app.tenant_id', true));

ALTER TABLE "CampaignConversion" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "CampaignConversion" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "CampaignConversion" USING ("tenantId" = current_setting('app.tenant_id', true)) WITH CHECK ("tenantId" = current_setting('app.tenant_id', true));

ALTER TABLE "CampaignRecipient" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "CampaignRecipient" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "CampaignRecipient" USING ("tenantId" = current_setting('app.tenant_id', true)) WITH CHECK ("tenantId" = current_setting('app.tenant_id', true));

ALTER TABLE "CampaignRun" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "CampaignRun" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "CampaignRun" USING ("tenantId" = current_setting('app.tenant_id', true)) WITH CHECK ("tenantId" = current_setting('app.tenant_id', true));

ALTER TABLE "CampaignSettings" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "CampaignSettings" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "CampaignSettings" USING ("tenantId" = current_setting('app.tenant_id', true)) WITH CHECK ("tenantId" = current_setting('app.tenant_id', true));

ALTER TABLE "CampaignSuppression" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "CampaignSuppression" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "CampaignSuppression" USING ("tenantId" = current_setting('app.tenant_id', true)) WITH CHECK ("tenantId" = current_setting('app.tenant_id', true));

ALTER TABLE "CampaignVariant" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "CampaignVariant" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "CampaignVariant" USING ("tenantId" = current_setting('app.tenant_id', true)) WITH CHECK ("tenantId" = current_setting('app.tenant_id', true));

-- Launch runs a server continues outside any tenant: RUNNING runs, oldest first. Its background
-- runner resumes them after a restart, or after the instance running one stopped. Row-Level
-- Security hides every tenant's runs outside a tenant transaction, so the function, which runs as
-- the table owner, needs a policy of its own, as FORCE ROW LEVEL SECURITY confines the owner too.
CREATE POLICY campaign_run_scan_every_tenant ON "CampaignRun" FOR SELECT TO CURRENT_USER USING (true);

CREATE FUNCTION campaign_runs_to_continue(max_rows INTEGER)
RETURNS TABLE ("tenantId" TEXT, id UUID)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
AS $$
  SELECT r."tenantId", r.id FROM "CampaignRun" r
  WHERE r.status = 'RUNNING'
  ORDER BY r."startedAt", r.id
  LIMIT max_rows
$$;
-- Not for every role (PostgreSQL's default): the application role is granted it (src/db/app-role.ts).
REVOKE EXECUTE ON FUNCTION campaign_runs_to_continue(INTEGER) FROM PUBLIC;
