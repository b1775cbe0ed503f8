-- AlterTable
ALTER TABLE "Campaign" ADD COLUMN     "responseCode" VARCHAR(32);

-- CreateIndex
CREATE UNIQUE INDEX "Campaign_tenantId_responseCode_key" ON "Campaign"("tenantId", "responseCode");
