-- DropIndex
DROP INDEX "OutboxEvent_tenantId_customerId_id_idx";

-- DropIndex
DROP INDEX "OutboxEvent_tenantId_id_idx";

-- AlterTable
ALTER TABLE "OutboxEvent" ADD COLUMN     "channel" TEXT,
ADD COLUMN     "customerNodeId" TEXT,
ADD COLUMN     "kind" TEXT,
ADD COLUMN     "position" BIGINT,
ADD COLUMN     "recordedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- CreateIndex
CREATE UNIQUE INDEX "OutboxEvent_position_key" ON "OutboxEvent"("position");

-- CreateIndex
CREATE INDEX "OutboxEvent_unpublished_idx" ON "OutboxEvent"("id") WHERE ("position" IS NULL);

-- CreateIndex
CREATE INDEX "OutboxEvent_tenantId_position_idx" ON "OutboxEvent"("tenantId", "position");

-- CreateIndex
CREATE INDEX "OutboxEvent_tenantId_customerId_occurredAt_id_idx" ON "OutboxEvent"("tenantId", "customerId", "occurredAt" DESC, "id" DESC);

-- The relay reads and positions every tenant's events. It connects as the owner (the role running
-- this migration), which FORCE ROW LEVEL SECURITY would otherwise confine like the application.
CREATE POLICY relay_positions_every_tenant ON "OutboxEvent" FOR ALL TO CURRENT_USER USING (true) WITH CHECK (true);
