-- CreateEnum
CREATE TYPE "LeadSource" AS ENUM ('WEB_FORM', 'EVENT', 'PHONE_CALL', 'EMAIL', 'REFERRAL', 'CAMPAIGN', 'OTHER');

-- CreateEnum
CREATE TYPE "LeadStatus" AS ENUM ('NEW', 'WORKING', 'QUALIFIED', 'DISQUALIFIED');

-- CreateEnum
CREATE TYPE "LeadDisqualificationReason" AS ENUM ('NO_BUDGET', 'NO_NEED', 'NO_AUTHORITY', 'BAD_TIMING', 'COMPETITOR', 'UNREACHABLE', 'DUPLICATE', 'SPAM', 'OTHER');

-- CreateEnum
CREATE TYPE "OpportunityStage" AS ENUM ('PROSPECT', 'POTENTIAL_LEAD', 'QUALIFICATION', 'OPPORTUNITY', 'OFFER_DEVELOPMENT', 'SHORTLIST', 'NEGOTIATION', 'CLOSED_WON', 'CLOSED_LOST');

-- CreateEnum
CREATE TYPE "OpportunityLostReason" AS ENUM ('PRICE', 'COMPETITOR', 'NO_BUDGET', 'NO_DECISION', 'TIMING', 'PRODUCT_FIT', 'UNRESPONSIVE', 'OTHER');

-- CreateEnum
CREATE TYPE "ProductAvailability" AS ENUM ('AVAILABLE', 'LIMITED', 'ON_REQUEST', 'OUT_OF_STOCK', 'DISCONTINUED');

-- CreateEnum
CREATE TYPE "OfferStatus" AS ENUM ('DRAFT', 'SENT', 'ACCEPTED', 'REJECTED');

-- CreateEnum
CREATE TYPE "SalesActivityKind" AS ENUM ('TASK', 'CALL', 'MEETING');

-- CreateEnum
CREATE TYPE "SalesActivityStatus" AS ENUM ('OPEN', 'DONE', 'CANCELLED');

-- CreateTable
CREATE TABLE "Lead" (
    "id" UUID NOT NULL,
    "tenantId" TEXT NOT NULL,
    "source" "LeadSource" NOT NULL,
    "sourceDetail" TEXT,
    "status" "LeadStatus" NOT NULL DEFAULT 'NEW',
    "customerId" UUID,
    "referrerId" UUID,
    "firstName" TEXT,
    "lastName" TEXT,
    "companyName" TEXT,
    "email" TEXT,
    "phone" TEXT,
    "country" CHAR(2),
    "interest" TEXT NOT NULL,
    "estimatedAmount" DECIMAL(14,2),
    "currency" CHAR(3),
    "ownerId" TEXT,
    "disqualificationReason" "LeadDisqualificationReason",
    "disqualificationNote" TEXT,
    "qualifiedAt" TIMESTAMP(3),
    "opportunityId" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Lead_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Opportunity" (
    "id" UUID NOT NULL,
    "tenantId" TEXT NOT NULL,
    "customerId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "stage" "OpportunityStage" NOT NULL,
    "amount" DECIMAL(14,2),
    "currency" CHAR(3) NOT NULL,
    "expectedCloseDate" DATE NOT NULL,
    "ownerId" TEXT NOT NULL,
    "probability" INTEGER,
    "nextStep" TEXT,
    "lostReason" "OpportunityLostReason",
    "lostNote" TEXT,
    "closedAt" TIMESTAMP(3),
    "stageEnteredAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Opportunity_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OpportunityStageChange" (
    "id" UUID NOT NULL,
    "tenantId" TEXT NOT NULL,
    "opportunityId" UUID NOT NULL,
    "fromStage" "OpportunityStage",
    "toStage" "OpportunityStage" NOT NULL,
    "changedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorId" TEXT,

    CONSTRAINT "OpportunityStageChange_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PipelineStageSetting" (
    "tenantId" TEXT NOT NULL,
    "stage" "OpportunityStage" NOT NULL,
    "probability" INTEGER NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PipelineStageSetting_pkey" PRIMARY KEY ("tenantId","stage")
);

-- CreateTable
CREATE TABLE "Product" (
    "id" UUID NOT NULL,
    "tenantId" TEXT NOT NULL,
    "sku" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "unit" TEXT NOT NULL DEFAULT 'unit',
    "availability" "ProductAvailability" NOT NULL DEFAULT 'AVAILABLE',
    "stockQuantity" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Product_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PriceList" (
    "id" UUID NOT NULL,
    "tenantId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "isDefault" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PriceList_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Price" (
    "id" UUID NOT NULL,
    "tenantId" TEXT NOT NULL,
    "priceListId" UUID NOT NULL,
    "productId" UUID NOT NULL,
    "unitPrice" DECIMAL(14,2) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Price_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CustomerDiscount" (
    "id" UUID NOT NULL,
    "tenantId" TEXT NOT NULL,
    "customerId" UUID NOT NULL,
    "productId" UUID,
    "percent" DECIMAL(5,2) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CustomerDiscount_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Offer" (
    "id" UUID NOT NULL,
    "tenantId" TEXT NOT NULL,
    "opportunityId" UUID NOT NULL,
    "priceListId" UUID NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "status" "OfferStatus" NOT NULL DEFAULT 'DRAFT',
    "validUntil" DATE,
    "note" TEXT,
    "sentAt" TIMESTAMP(3),
    "decidedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Offer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OfferLine" (
    "id" UUID NOT NULL,
    "tenantId" TEXT NOT NULL,
    "offerId" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "productId" UUID NOT NULL,
    "description" TEXT NOT NULL,
    "quantity" DECIMAL(12,3) NOT NULL,
    "unitPrice" DECIMAL(14,2) NOT NULL,
    "discountPercent" DECIMAL(5,2) NOT NULL DEFAULT 0,

    CONSTRAINT "OfferLine_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SalesActivity" (
    "id" UUID NOT NULL,
    "tenantId" TEXT NOT NULL,
    "kind" "SalesActivityKind" NOT NULL,
    "subject" TEXT NOT NULL,
    "notes" TEXT,
    "dueAt" TIMESTAMP(3) NOT NULL,
    "durationMinutes" INTEGER,
    "assigneeId" TEXT NOT NULL,
    "customerId" UUID,
    "opportunityId" UUID,
    "status" "SalesActivityStatus" NOT NULL DEFAULT 'OPEN',
    "outcome" TEXT,
    "completedAt" TIMESTAMP(3),
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SalesActivity_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Lead_tenantId_status_createdAt_id_idx" ON "Lead"("tenantId", "status", "createdAt", "id");

-- CreateIndex
CREATE INDEX "Lead_tenantId_ownerId_status_idx" ON "Lead"("tenantId", "ownerId", "status");

-- CreateIndex
CREATE INDEX "Lead_tenantId_email_idx" ON "Lead"("tenantId", "email");

-- CreateIndex
CREATE INDEX "Lead_tenantId_customerId_idx" ON "Lead"("tenantId", "customerId");

-- CreateIndex
CREATE UNIQUE INDEX "Lead_tenantId_id_key" ON "Lead"("tenantId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "Lead_tenantId_opportunityId_key" ON "Lead"("tenantId", "opportunityId");

-- CreateIndex
CREATE INDEX "Opportunity_tenantId_stage_expectedCloseDate_id_idx" ON "Opportunity"("tenantId", "stage", "expectedCloseDate", "id");

-- CreateIndex
CREATE INDEX "Opportunity_tenantId_customerId_idx" ON "Opportunity"("tenantId", "customerId");

-- CreateIndex
CREATE INDEX "Opportunity_tenantId_ownerId_stage_idx" ON "Opportunity"("tenantId", "ownerId", "stage");

-- CreateIndex
CREATE INDEX "Opportunity_tenantId_closedAt_idx" ON "Opportunity"("tenantId", "closedAt");

-- CreateIndex
CREATE INDEX "Opportunity_tenantId_createdAt_id_idx" ON "Opportunity"("tenantId", "createdAt", "id");

-- CreateIndex
CREATE INDEX "Opportunity_tenantId_updatedAt_id_idx" ON "Opportunity"("tenantId", "updatedAt", "id");

-- CreateIndex
CREATE UNIQUE INDEX "Opportunity_tenantId_id_key" ON "Opportunity"("tenantId", "id");

-- CreateIndex
CREATE INDEX "OpportunityStageChange_tenantId_opportunityId_changedAt_id_idx" ON "OpportunityStageChange"("tenantId", "opportunityId", "changedAt", "id");

-- CreateIndex
CREATE INDEX "OpportunityStageChange_tenantId_changedAt_idx" ON "OpportunityStageChange"("tenantId", "changedAt");

-- CreateIndex
CREATE INDEX "Product_tenantId_name_id_idx" ON "Product"("tenantId", "name", "id");

-- CreateIndex
CREATE UNIQUE INDEX "Product_tenantId_id_key" ON "Product"("tenantId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "Product_tenantId_sku_key" ON "Product"("tenantId", "sku");

-- CreateIndex
CREATE UNIQUE INDEX "PriceList_tenantId_id_key" ON "PriceList"("tenantId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "PriceList_tenantId_name_key" ON "PriceList"("tenantId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "PriceList_one_default_per_currency_key" ON "PriceList"("tenantId", "currency") WHERE ("isDefault");

-- CreateIndex
CREATE INDEX "Price_tenantId_productId_idx" ON "Price"("tenantId", "productId");

-- CreateIndex
CREATE UNIQUE INDEX "Price_tenantId_priceListId_productId_key" ON "Price"("tenantId", "priceListId", "productId");

-- CreateIndex
CREATE UNIQUE INDEX "CustomerDiscount_tenantId_customerId_productId_key" ON "CustomerDiscount"("tenantId", "customerId", "productId");

-- CreateIndex
CREATE UNIQUE INDEX "CustomerDiscount_one_general_per_customer_key" ON "CustomerDiscount"("tenantId", "customerId") WHERE ("productId" IS NULL);

-- CreateIndex
CREATE INDEX "Offer_tenantId_opportunityId_createdAt_idx" ON "Offer"("tenantId", "opportunityId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Offer_tenantId_id_key" ON "Offer"("tenantId", "id");

-- CreateIndex
CREATE INDEX "OfferLine_tenantId_productId_idx" ON "OfferLine"("tenantId", "productId");

-- CreateIndex
CREATE UNIQUE INDEX "OfferLine_tenantId_offerId_position_key" ON "OfferLine"("tenantId", "offerId", "position");

-- CreateIndex
CREATE INDEX "SalesActivity_tenantId_assigneeId_status_dueAt_idx" ON "SalesActivity"("tenantId", "assigneeId", "status", "dueAt");

-- CreateIndex
CREATE INDEX "SalesActivity_tenantId_customerId_dueAt_idx" ON "SalesActivity"("tenantId", "customerId", "dueAt");

-- CreateIndex
CREATE INDEX "SalesActivity_tenantId_opportunityId_dueAt_idx" ON "SalesActivity"("tenantId", "opportunityId", "dueAt");

-- CreateIndex
CREATE UNIQUE INDEX "SalesActivity_tenantId_id_key" ON "SalesActivity"("tenantId", "id");

-- AddForeignKey
ALTER TABLE "Lead" ADD CONSTRAINT "Lead_tenantId_customerId_fkey" FOREIGN KEY ("tenantId", "customerId") REFERENCES "Customer"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Lead" ADD CONSTRAINT "Lead_tenantId_referrerId_fkey" FOREIGN KEY ("tenantId", "referrerId") REFERENCES "Customer"("tenantId", "id") ON DELETE NO ACTION ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Lead" ADD CONSTRAINT "Lead_tenantId_opportunityId_fkey" FOREIGN KEY ("tenantId", "opportunityId") REFERENCES "Opportunity"("tenantId", "id") ON DELETE NO ACTION ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Opportunity" ADD CONSTRAINT "Opportunity_tenantId_customerId_fkey" FOREIGN KEY ("tenantId", "customerId") REFERENCES "Customer"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OpportunityStageChange" ADD CONSTRAINT "OpportunityStageChange_tenantId_opportunityId_fkey" FOREIGN KEY ("tenantId", "opportunityId") REFERENCES "Opportunity"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Price" ADD CONSTRAINT "Price_tenantId_priceListId_fkey" FOREIGN KEY ("tenantId", "priceListId") REFERENCES "PriceList"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Price" ADD CONSTRAINT "Price_tenantId_productId_fkey" FOREIGN KEY ("tenantId", "productId") REFERENCES "Product"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CustomerDiscount" ADD CONSTRAINT "CustomerDiscount_tenantId_customerId_fkey" FOREIGN KEY ("tenantId", "customerId") REFERENCES "Customer"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CustomerDiscount" ADD CONSTRAINT "CustomerDiscount_tenantId_productId_fkey" FOREIGN KEY ("tenantId", "productId") REFERENCES "Product"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Offer" ADD CONSTRAINT "Offer_tenantId_opportunityId_fkey" FOREIGN KEY ("tenantId", "opportunityId") REFERENCES "Opportunity"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Offer" ADD CONSTRAINT "Offer_tenantId_priceListId_fkey" FOREIGN KEY ("tenantId", "priceListId") REFERENCES "PriceList"("tenantId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OfferLine" ADD CONSTRAINT "OfferLine_tenantId_offerId_fkey" FOREIGN KEY ("tenantId", "offerId") REFERENCES "Offer"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OfferLine" ADD CONSTRAINT "OfferLine_tenantId_productId_fkey" FOREIGN KEY ("tenantId", "productId") REFERENCES "Product"("tenantId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SalesActivity" ADD CONSTRAINT "SalesActivity_tenantId_customerId_fkey" FOREIGN KEY ("tenantId", "customerId") REFERENCES "Customer"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SalesActivity" ADD CONSTRAINT "SalesActivity_tenantId_opportunityId_fkey" FOREIGN KEY ("tenantId", "opportunityId") REFERENCES "Opportunity"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Row-level security: the second wall behind the application's own tenant scoping. A row is
-- visible and writable only inside a transaction whose app.tenant_id matches it; FORCE applies
-- the policy to the table owner as well.

ALTER TABLE "CustomerDiscount" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "CustomerDiscount" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "CustomerDiscount" USING ("tenantId" = current_setting('app.tenant_id', true)) WITH CHECK ("tenantId" = current_setting('app.tenant_id', true));

ALTER TABLE "Lead" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "Lead" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "Lead" USING ("tenantId" = current_setting('app.tenant_id', true)) WITH CHECK ("tenantId" = current_setting('app.tenant_id', true));

ALTER TABLE "Offer" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "Offer" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "Offer" USING ("tenantId" = current_setting('app.tenant_id', true)) WITH CHECK ("tenantId" = current_setting('app.tenant_id', true));

ALTER TABLE "OfferLine" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "OfferLine" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "OfferLine" USING ("tenantId" = current_setting('app.tenant_id', true)) WITH CHECK ("tenantId" = current_setting('app.tenant_id', true));

ALTER TABLE "Opportunity" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "Opportunity" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "Opportunity" USING ("tenantId" = current_setting('app.tenant_id', true)) WITH CHECK ("tenantId" = current_setting('app.tenant_id', true));

ALTER TABLE "OpportunityStageChange" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "OpportunityStageChange" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "OpportunityStageChange" USING ("tenantId" = current_setting('app.tenant_id', true)) WITH CHECK ("tenantId" = current_setting('app.tenant_id', true));

ALTER TABLE "PipelineStageSetting" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "PipelineStageSetting" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "PipelineStageSetting" USING ("tenantId" = current_setting('app.tenant_id', true)) WITH CHECK ("tenantId" = current_setting('app.tenant_id', true));

ALTER TABLE "Price" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "Price" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "Price" USING ("tenantId" = current_setting('app.tenant_id', true)) WITH CHECK ("tenantId" = current_setting('app.tenant_id', true));

ALTER TABLE "PriceList" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "PriceList" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "PriceList" USING ("tenantId" = current_setting('app.tenant_id', true)) WITH CHECK ("tenantId" = current_setting('app.tenant_id', true));

ALTER TABLE "Product" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "Product" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "Product" USING ("tenantId" = current_setting('app.tenant_id', true)) WITH CHECK ("tenantId" = current_setting('app.tenant_id', true));

ALTER TABLE "SalesActivity" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "SalesActivity" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "SalesActivity" USING ("tenantId" = current_setting('app.tenant_id', true)) WITH CHECK ("tenantId" = current_setting('app.tenant_id', true));
