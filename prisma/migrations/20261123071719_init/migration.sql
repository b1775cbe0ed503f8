-- CreateEnum
CREATE TYPE "CustomerKind" AS ENUM ('PERSON', 'ORGANIZATION');

-- CreateEnum
CREATE TYPE "Audience" AS ENUM ('PROSPECT', 'CUSTOMER', 'FORMER_CUSTOMER', 'EMPLOYEE', 'PRESCRIBER', 'KEY_ACCOUNT', 'SUPPLIER');

-- CreateEnum
CREATE TYPE "Lifecycle" AS ENUM ('ACTIVE', 'INACTIVE', 'LOST');

-- CreateEnum
CREATE TYPE "ContactPointKind" AS ENUM ('EMAIL', 'PHONE', 'ADDRESS');

-- CreateEnum
CREATE TYPE "ConsentChannel" AS ENUM ('EMAIL', 'SMS', 'PHONE', 'POST');

-- CreateEnum
CREATE TYPE "ConsentStatus" AS ENUM ('GRANTED', 'WITHDRAWN');

-- CreateEnum
CREATE TYPE "OrganizationSize" AS ENUM ('MICRO', 'SMALL', 'MEDIUM', 'LARGE', 'ENTERPRISE');

-- CreateTable
CREATE TABLE "Tenant" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Tenant_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OutboxEvent" (
    "id" BIGSERIAL NOT NULL,
    "tenantId" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "subjectId" TEXT NOT NULL,
    "customerId" UUID,
    "actorId" TEXT,
    "payload" JSONB NOT NULL,
    "occurredAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OutboxEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Customer" (
    "id" UUID NOT NULL,
    "tenantId" TEXT NOT NULL,
    "kind" "CustomerKind" NOT NULL,
    "displayName" TEXT NOT NULL,
    "audiences" "Audience"[],
    "lifecycle" "Lifecycle" NOT NULL DEFAULT 'ACTIVE',
    "lifecycleChangedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "ownerId" TEXT,
    "language" TEXT,
    "country" CHAR(2),
    "region" TEXT,
    "city" TEXT,
    "firstName" TEXT,
    "lastName" TEXT,
    "birthDate" DATE,
    "legalName" TEXT,
    "taxId" TEXT,
    "industry" TEXT,
    "size" "OrganizationSize",
    "traits" JSONB NOT NULL DEFAULT '{}',
    "archivedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Customer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ContactPoint" (
    "id" UUID NOT NULL,
    "tenantId" TEXT NOT NULL,
    "customerId" UUID NOT NULL,
    "kind" "ContactPointKind" NOT NULL,
    "value" TEXT NOT NULL,
    "label" TEXT,
    "isPrimary" BOOLEAN NOT NULL DEFAULT false,
    "isActive" BOOLEAN NOT NULL DEFAULT true,
    "street" TEXT,
    "postalCode" TEXT,
    "city" TEXT,
    "region" TEXT,
    "country" CHAR(2),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ContactPoint_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Consent" (
    "id" UUID NOT NULL,
    "tenantId" TEXT NOT NULL,
    "customerId" UUID NOT NULL,
    "channel" "ConsentChannel" NOT NULL,
    "status" "ConsentStatus" NOT NULL,
    "changedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "source" TEXT,

    CONSTRAINT "Consent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ExternalRef" (
    "id" UUID NOT NULL,
    "tenantId" TEXT NOT NULL,
    "customerId" UUID NOT NULL,
    "source" TEXT NOT NULL,
    "externalId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ExternalRef_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Membership" (
    "id" UUID NOT NULL,
    "tenantId" TEXT NOT NULL,
    "personId" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "role" TEXT,
    "title" TEXT,
    "isPrimary" BOOLEAN NOT NULL DEFAULT false,
    "startedAt" DATE,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Membership_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "OutboxEvent_tenantId_id_idx" ON "OutboxEvent"("tenantId", "id");

-- CreateIndex
CREATE INDEX "OutboxEvent_tenantId_customerId_id_idx" ON "OutboxEvent"("tenantId", "customerId", "id");

-- CreateIndex
CREATE INDEX "Customer_tenantId_displayName_id_idx" ON "Customer"("tenantId", "displayName", "id");

-- CreateIndex
CREATE INDEX "Customer_tenantId_updatedAt_id_idx" ON "Customer"("tenantId", "updatedAt", "id");

-- CreateIndex
CREATE INDEX "Customer_tenantId_createdAt_id_idx" ON "Customer"("tenantId", "createdAt", "id");

-- CreateIndex
CREATE INDEX "Customer_tenantId_ownerId_idx" ON "Customer"("tenantId", "ownerId");

-- CreateIndex
CREATE UNIQUE INDEX "Customer_tenantId_id_key" ON "Customer"("tenantId", "id");

-- CreateIndex
CREATE INDEX "ContactPoint_tenantId_customerId_idx" ON "ContactPoint"("tenantId", "customerId");

-- CreateIndex
CREATE INDEX "ContactPoint_tenantId_kind_value_idx" ON "ContactPoint"("tenantId", "kind", "value");

-- CreateIndex
CREATE UNIQUE INDEX "ContactPoint_active_email_key" ON "ContactPoint"("tenantId", "value") WHERE (kind = 'EMAIL' AND "isActive");

-- CreateIndex
CREATE UNIQUE INDEX "ContactPoint_one_primary_per_kind_key" ON "ContactPoint"("customerId", "kind") WHERE ("isPrimary");

-- CreateIndex
CREATE INDEX "Consent_tenantId_customerId_idx" ON "Consent"("tenantId", "customerId");

-- CreateIndex
CREATE UNIQUE INDEX "Consent_customerId_channel_key" ON "Consent"("customerId", "channel");

-- CreateIndex
CREATE INDEX "ExternalRef_tenantId_customerId_idx" ON "ExternalRef"("tenantId", "customerId");

-- CreateIndex
CREATE UNIQUE INDEX "ExternalRef_tenantId_source_externalId_key" ON "ExternalRef"("tenantId", "source", "externalId");

-- CreateIndex
CREATE INDEX "Membership_tenantId_personId_idx" ON "Membership"("tenantId", "personId");

-- CreateIndex
CREATE INDEX "Membership_tenantId_organizationId_idx" ON "Membership"("tenantId", "organizationId");

-- CreateIndex
CREATE UNIQUE INDEX "Membership_personId_organizationId_key" ON "Membership"("personId", "organizationId");

-- CreateIndex
CREATE UNIQUE INDEX "Membership_one_primary_per_person_key" ON "Membership"("personId") WHERE ("isPrimary");

-- AddForeignKey
ALTER TABLE "OutboxEvent" ADD CONSTRAINT "OutboxEvent_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ContactPoint" ADD CONSTRAINT "ContactPoint_tenantId_customerId_fkey" FOREIGN KEY ("tenantId", "customerId") REFERENCES "Customer"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Consent" ADD CONSTRAINT "Consent_tenantId_customerId_fkey" FOREIGN KEY ("tenantId", "customerId") REFERENCES "Customer"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExternalRef" ADD CONSTRAINT "ExternalRef_tenantId_customerId_fkey" FOREIGN KEY ("tenantId", "customerId") REFERENCES "Customer"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Membership" ADD CONSTRAINT "Membership_tenantId_personId_fkey" FOREIGN KEY ("tenantId", "personId") REFERENCES "Customer"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Membership" ADD CONSTRAINT "Membership_tenantId_organizationId_fkey" FOREIGN KEY ("tenantId", "organizationId") REFERENCES "Customer"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Row-level security: the second wall behind the application's own tenant scoping. A row is
-- visible and writable only inside a transaction whose app.tenant_id matches it; FORCE applies
-- the policy to the table owner as well.

ALTER TABLE "Consent" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "Consent" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "Consent" USING ("tenantId" = current_setting('app.tenant_id', true)) WITH CHECK ("tenantId" = current_setting('app.tenant_id', true));

ALTER TABLE "ContactPoint" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "ContactPoint" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "ContactPoint" USING ("tenantId" = current_setting('app.tenant_id', true)) WITH CHECK ("tenantId" = current_setting('app.tenant_id', true));

ALTER TABLE "Customer" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "Customer" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "Customer" USING ("tenantId" = current_setting('app.tenant_id', true)) WITH CHECK ("tenantId" = current_setting('app.tenant_id', true));

ALTER TABLE "ExternalRef" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "ExternalRef" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "ExternalRef" USING ("tenantId" = current_setting('app.tenant_id', true)) WITH CHECK ("tenantId" = current_setting('app.tenant_id', true));

ALTER TABLE "Membership" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "Membership" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "Membership" USING ("tenantId" = current_setting('app.tenant_id', true)) WITH CHECK ("tenantId" = current_setting('app.tenant_id', true));

ALTER TABLE "OutboxEvent" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "OutboxEvent" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "OutboxEvent" USING ("tenantId" = current_setting('app.tenant_id', true)) WITH CHECK ("tenantId" = current_setting('app.tenant_id', true));

ALTER TABLE "Tenant" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "Tenant" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "Tenant" USING ("id" = current_setting('app.tenant_id', true)) WITH CHECK ("id" = current_setting('app.tenant_id', true));
