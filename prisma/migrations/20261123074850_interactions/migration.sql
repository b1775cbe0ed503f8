-- CreateEnum
CREATE TYPE "InteractionChannel" AS ENUM ('POINT_OF_SALE', 'COMPLAINT_DESK', 'CALL_CENTER_INBOUND', 'CALL_CENTER_OUTBOUND', 'EMAIL', 'WEB', 'MOBILE_APP', 'CHAT', 'SMS', 'SOCIAL', 'IVR', 'LOYALTY_PROGRAM', 'SATISFACTION_SURVEY', 'FIELD_VISIT');

-- CreateEnum
CREATE TYPE "InteractionDirection" AS ENUM ('INBOUND', 'OUTBOUND');

-- CreateEnum
CREATE TYPE "InteractionKind" AS ENUM ('PURCHASE', 'INQUIRY', 'COMPLAINT', 'VISIT', 'CAMPAIGN_RESPONSE', 'SURVEY_RESPONSE', 'SERVICE', 'OTHER');

-- CreateTable
CREATE TABLE "Interaction" (
    "id" UUID NOT NULL,
    "tenantId" TEXT NOT NULL,
    "customerId" UUID NOT NULL,
    "channel" "InteractionChannel" NOT NULL,
    "direction" "InteractionDirection" NOT NULL,
    "kind" "InteractionKind" NOT NULL,
    "occurredAt" TIMESTAMP(3) NOT NULL,
    "summary" TEXT,
    "agentId" TEXT,
    "metadata" JSONB NOT NULL DEFAULT '{}',
    "amount" DECIMAL(14,2),
    "currency" CHAR(3),
    "productLines" JSONB,
    "surveyScore" INTEGER,
    "source" TEXT NOT NULL,
    "externalId" TEXT NOT NULL,
    "recordedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Interaction_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Interaction_tenantId_customerId_occurredAt_id_idx" ON "Interaction"("tenantId", "customerId", "occurredAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "Interaction_tenantId_channel_occurredAt_idx" ON "Interaction"("tenantId", "channel", "occurredAt" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "Interaction_tenantId_source_externalId_key" ON "Interaction"("tenantId", "source", "externalId");

-- AddForeignKey
ALTER TABLE "Interaction" ADD CONSTRAINT "Interaction_tenantId_customerId_fkey" FOREIGN KEY ("tenantId", "customerId") REFERENCES "Customer"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Row-level security: the second wall behind the application's own tenant scoping. A row is
-- visible and writable only inside a transaction whose app.tenant_id matches it; FORCE applies
-- the policy to the table owner as well.

ALTER TABLE "Interaction" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "Interaction" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "Interaction" USING ("tenantId" = current_setting('app.tenant_id', true)) WITH CHECK ("tenantId" = current_setting('app.tenant_id', true));
