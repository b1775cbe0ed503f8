-- CreateEnum
CREATE TYPE "TicketStatus" AS ENUM ('NEW', 'OPEN', 'PENDING_CUSTOMER', 'ESCALATED', 'RESOLVED', 'CLOSED', 'REOPENED');

-- CreateEnum
CREATE TYPE "TicketPriority" AS ENUM ('LOW', 'NORMAL', 'HIGH', 'URGENT');

-- CreateEnum
CREATE TYPE "TicketKind" AS ENUM ('QUERY', 'COMPLAINT', 'CLAIM', 'REQUEST');

-- CreateEnum
CREATE TYPE "TicketChannel" AS ENUM ('PHONE', 'EMAIL', 'WEB', 'CHAT', 'SOCIAL', 'MOBILE_APP', 'COMPLAINT_DESK', 'POINT_OF_SALE', 'IVR');

-- CreateEnum
CREATE TYPE "TicketMessageKind" AS ENUM ('PUBLIC_REPLY', 'INTERNAL_NOTE');

-- CreateEnum
CREATE TYPE "TicketAuthor" AS ENUM ('AGENT', 'CUSTOMER');

-- CreateTable
CREATE TABLE "ServiceCalendar" (
    "id" UUID NOT NULL,
    "tenantId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "timeZone" TEXT NOT NULL,
    "workingHours" JSONB NOT NULL,
    "holidays" JSONB NOT NULL DEFAULT '[]',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ServiceCalendar_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TicketQueue" (
    "id" UUID NOT NULL,
    "tenantId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "isDefault" BOOLEAN NOT NULL DEFAULT false,
    "escalationQueueId" UUID,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "TicketQueue_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TicketCategory" (
    "id" UUID NOT NULL,
    "tenantId" TEXT NOT NULL,
    "kind" "TicketKind" NOT NULL,
    "parentId" UUID,
    "name" TEXT NOT NULL,
    "script" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "TicketCategory_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RoutingRule" (
    "id" UUID NOT NULL,
    "tenantId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "conditions" JSONB NOT NULL DEFAULT '{}',
    "queueId" UUID,
    "priority" "TicketPriority",
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RoutingRule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SlaPolicy" (
    "id" UUID NOT NULL,
    "tenantId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "priority" "TicketPriority" NOT NULL,
    "kind" "TicketKind",
    "categoryId" UUID,
    "firstResponseMinutes" INTEGER NOT NULL,
    "resolutionMinutes" INTEGER NOT NULL,
    "warningPercent" INTEGER NOT NULL DEFAULT 80,
    "calendarId" UUID NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SlaPolicy_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TicketCounter" (
    "tenantId" TEXT NOT NULL,
    "last" INTEGER NOT NULL,

    CONSTRAINT "TicketCounter_pkey" PRIMARY KEY ("tenantId")
);

-- CreateTable
CREATE TABLE "Ticket" (
    "id" UUID NOT NULL,
    "tenantId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "customerId" UUID NOT NULL,
    "channel" "TicketChannel" NOT NULL,
    "kind" "TicketKind" NOT NULL,
    "categoryId" UUID NOT NULL,
    "priority" "TicketPriority" NOT NULL,
    "status" "TicketStatus" NOT NULL,
    "subject" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "queueId" UUID NOT NULL,
    "assigneeId" TEXT,
    "createdBy" TEXT,
    "routingRuleId" UUID,
    "routingReason" TEXT NOT NULL,
    "slaPolicyId" UUID,
    "slaCalendarId" UUID,
    "firstResponseTargetMinutes" INTEGER,
    "resolutionTargetMinutes" INTEGER,
    "warningPercent" INTEGER,
    "slaElapsedSeconds" INTEGER NOT NULL DEFAULT 0,
    "slaCheckpointAt" TIMESTAMP(3) NOT NULL,
    "slaRunning" BOOLEAN NOT NULL DEFAULT true,
    "firstResponseWarnAt" TIMESTAMP(3),
    "firstResponseDueAt" TIMESTAMP(3),
    "resolutionWarnAt" TIMESTAMP(3),
    "resolutionDueAt" TIMESTAMP(3),
    "firstResponseBreachedAt" TIMESTAMP(3),
    "resolutionBreachedAt" TIMESTAMP(3),
    "firstRespondedAt" TIMESTAMP(3),
    "firstResponseSeconds" INTEGER,
    "resolutionSeconds" INTEGER,
    "resolvedAt" TIMESTAMP(3),
    "closedAt" TIMESTAMP(3),
    "reopenCount" INTEGER NOT NULL DEFAULT 0,
    "escalationLevel" INTEGER NOT NULL DEFAULT 0,
    "nextEscalationAt" TIMESTAMP(3),
    "deadlineSortKey" TIMESTAMP(3) NOT NULL,
    "csatScore" INTEGER,
    "csatComment" TEXT,
    "csatAt" TIMESTAMP(3),
    "csatInteractionId" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Ticket_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TicketMessage" (
    "id" UUID NOT NULL,
    "tenantId" TEXT NOT NULL,
    "ticketId" UUID NOT NULL,
    "kind" "TicketMessageKind" NOT NULL,
    "author" "TicketAuthor" NOT NULL,
    "authorId" TEXT,
    "body" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TicketMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TicketStatusChange" (
    "id" UUID NOT NULL,
    "tenantId" TEXT NOT NULL,
    "ticketId" UUID NOT NULL,
    "fromStatus" "TicketStatus",
    "toStatus" "TicketStatus" NOT NULL,
    "changedAt" TIMESTAMP(3) NOT NULL,
    "actorId" TEXT,
    "note" TEXT,

    CONSTRAINT "TicketStatusChange_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TicketEscalation" (
    "id" UUID NOT NULL,
    "tenantId" TEXT NOT NULL,
    "ticketId" UUID NOT NULL,
    "level" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "escalatedAt" TIMESTAMP(3) NOT NULL,
    "fromQueueId" UUID NOT NULL,
    "toQueueId" UUID NOT NULL,

    CONSTRAINT "TicketEscalation_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ServiceCalendar_tenantId_id_key" ON "ServiceCalendar"("tenantId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "ServiceCalendar_tenantId_name_key" ON "ServiceCalendar"("tenantId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "TicketQueue_tenantId_id_key" ON "TicketQueue"("tenantId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "TicketQueue_tenantId_name_key" ON "TicketQueue"("tenantId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "TicketQueue_one_default_per_tenant_key" ON "TicketQueue"("tenantId") WHERE ("isDefault");

-- CreateIndex
CREATE INDEX "TicketCategory_tenantId_kind_idx" ON "TicketCategory"("tenantId", "kind");

-- CreateIndex
CREATE UNIQUE INDEX "TicketCategory_tenantId_id_key" ON "TicketCategory"("tenantId", "id");

-- CreateIndex
CREATE INDEX "RoutingRule_tenantId_position_idx" ON "RoutingRule"("tenantId", "position");

-- CreateIndex
CREATE UNIQUE INDEX "RoutingRule_tenantId_id_key" ON "RoutingRule"("tenantId", "id");

-- CreateIndex
CREATE INDEX "SlaPolicy_tenantId_priority_idx" ON "SlaPolicy"("tenantId", "priority");

-- CreateIndex
CREATE UNIQUE INDEX "SlaPolicy_tenantId_id_key" ON "SlaPolicy"("tenantId", "id");

-- CreateIndex
CREATE INDEX "Ticket_tenantId_queueId_status_deadlineSortKey_idx" ON "Ticket"("tenantId", "queueId", "status", "deadlineSortKey");

-- CreateIndex
CREATE INDEX "Ticket_tenantId_status_createdAt_idx" ON "Ticket"("tenantId", "status", "createdAt");

-- CreateIndex
CREATE INDEX "Ticket_tenantId_customerId_createdAt_idx" ON "Ticket"("tenantId", "customerId", "createdAt" DESC);

-- CreateIndex
CREATE INDEX "Ticket_tenantId_assigneeId_status_idx" ON "Ticket"("tenantId", "assigneeId", "status");

-- CreateIndex
CREATE INDEX "Ticket_tenantId_resolvedAt_idx" ON "Ticket"("tenantId", "resolvedAt");

-- CreateIndex
CREATE INDEX "Ticket_tenantId_firstRespondedAt_idx" ON "Ticket"("tenantId", "firstRespondedAt");

-- CreateIndex
CREATE INDEX "Ticket_tenantId_csatAt_idx" ON "Ticket"("tenantId", "csatAt");

-- CreateIndex
CREATE INDEX "Ticket_escalation_due_idx" ON "Ticket"("nextEscalationAt") WHERE ("nextEscalationAt" IS NOT NULL);

-- CreateIndex
CREATE UNIQUE INDEX "Ticket_tenantId_id_key" ON "Ticket"("tenantId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "Ticket_tenantId_number_key" ON "Ticket"("tenantId", "number");

-- CreateIndex
CREATE INDEX "TicketMessage_tenantId_ticketId_createdAt_id_idx" ON "TicketMessage"("tenantId", "ticketId", "createdAt", "id");

-- CreateIndex
CREATE UNIQUE INDEX "TicketMessage_tenantId_id_key" ON "TicketMessage"("tenantId", "id");

-- CreateIndex
CREATE INDEX "TicketStatusChange_tenantId_ticketId_changedAt_idx" ON "TicketStatusChange"("tenantId", "ticketId", "changedAt");

-- CreateIndex
CREATE INDEX "TicketStatusChange_tenantId_toStatus_changedAt_idx" ON "TicketStatusChange"("tenantId", "toStatus", "changedAt");

-- CreateIndex
CREATE INDEX "TicketEscalation_tenantId_escalatedAt_idx" ON "TicketEscalation"("tenantId", "escalatedAt");

-- CreateIndex
CREATE UNIQUE INDEX "TicketEscalation_ticketId_level_key" ON "TicketEscalation"("ticketId", "level");

-- AddForeignKey
ALTER TABLE "TicketQueue" ADD CONSTRAINT "TicketQueue_tenantId_escalationQueueId_fkey" FOREIGN KEY ("tenantId", "escalationQueueId") REFERENCES "TicketQueue"("tenantId", "id") ON DELETE RESTRICT ON UPDATE RESTRICT;

-- AddForeignKey
ALTER TABLE "TicketCategory" ADD CONSTRAINT "TicketCategory_tenantId_parentId_fkey" FOREIGN KEY ("tenantId", "parentId") REFERENCES "TicketCategory"("tenantId", "id") ON DELETE RESTRICT ON UPDATE RESTRICT;

-- AddForeignKey
ALTER TABLE "RoutingRule" ADD CONSTRAINT "RoutingRule_tenantId_queueId_fkey" FOREIGN KEY ("tenantId", "queueId") REFERENCES "TicketQueue"("tenantId", "id") ON DELETE RESTRICT ON UPDATE RESTRICT;

-- AddForeignKey
ALTER TABLE "SlaPolicy" ADD CONSTRAINT "SlaPolicy_tenantId_calendarId_fkey" FOREIGN KEY ("tenantId", "calendarId") REFERENCES "ServiceCalendar"("tenantId", "id") ON DELETE RESTRICT ON UPDATE RESTRICT;

-- AddForeignKey
ALTER TABLE "SlaPolicy" ADD CONSTRAINT "SlaPolicy_tenantId_categoryId_fkey" FOREIGN KEY ("tenantId", "categoryId") REFERENCES "TicketCategory"("tenantId", "id") ON DELETE RESTRICT ON UPDATE RESTRICT;

-- AddForeignKey
ALTER TABLE "Ticket" ADD CONSTRAINT "Ticket_tenantId_customerId_fkey" FOREIGN KEY ("tenantId", "customerId") REFERENCES "Customer"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Ticket" ADD CONSTRAINT "Ticket_tenantId_categoryId_fkey" FOREIGN KEY ("tenantId", "categoryId") REFERENCES "TicketCategory"("tenantId", "id") ON DELETE RESTRICT ON UPDATE RESTRICT;

-- AddForeignKey
ALTER TABLE "Ticket" ADD CONSTRAINT "Ticket_tenantId_queueId_fkey" FOREIGN KEY ("tenantId", "queueId") REFERENCES "TicketQueue"("tenantId", "id") ON DELETE RESTRICT ON UPDATE RESTRICT;

-- AddForeignKey
ALTER TABLE "Ticket" ADD CONSTRAINT "Ticket_tenantId_routingRuleId_fkey" FOREIGN KEY ("tenantId", "routingRuleId") REFERENCES "RoutingRule"("tenantId", "id") ON DELETE RESTRICT ON UPDATE RESTRICT;

-- AddForeignKey
ALTER TABLE "Ticket" ADD CONSTRAINT "Ticket_tenantId_slaPolicyId_fkey" FOREIGN KEY ("tenantId", "slaPolicyId") REFERENCES "SlaPolicy"("tenantId", "id") ON DELETE RESTRICT ON UPDATE RESTRICT;

-- AddForeignKey
ALTER TABLE "Ticket" ADD CONSTRAINT "Ticket_tenantId_slaCalendarId_fkey" FOREIGN KEY ("tenantId", "slaCalendarId") REFERENCES "ServiceCalendar"("tenantId", "id") ON DELETE RESTRICT ON UPDATE RESTRICT;

-- AddForeignKey
ALTER TABLE "TicketMessage" ADD CONSTRAINT "TicketMessage_tenantId_ticketId_fkey" FOREIGN KEY ("tenantId", "ticketId") REFERENCES "Ticket"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TicketStatusChange" ADD CONSTRAINT "TicketStatusChange_tenantId_ticketId_fkey" FOREIGN KEY ("tenantId", "ticketId") REFERENCES "Ticket"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TicketEscalation" ADD CONSTRAINT "TicketEscalation_tenantId_ticketId_fkey" FOREIGN KEY ("tenantId", "ticketId") REFERENCES "Ticket"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Row-level security: the second wall behind the application's own tenant scoping. A row is
-- visible and writable only inside a transaction whose app.tenant_id matches it; FORCE applies
-- the policy to the table owner as well.

ALTER TABLE "RoutingRule" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "RoutingRule" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "RoutingRule" USING ("tenantId" = current_setting('app.tenant_id', true)) WITH CHECK ("tenantId" = current_setting('app.tenant_id', true));

ALTER TABLE "ServiceCalendar" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "ServiceCalendar" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "ServiceCalendar" USING ("tenantId" = current_setting('app.tenant_id', true)) WITH CHECK ("tenantId" = current_setting('app.tenant_id', true));

ALTER TABLE "SlaPolicy" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "SlaPolicy" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "SlaPolicy" USING ("tenantId" = current_setting('app.tenant_id', true)) WITH CHECK ("tenantId" = current_setting('app.tenant_id', true));

ALTER TABLE "Ticket" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "Ticket" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "Ticket" USING ("tenantId" = current_setting('app.tenant_id', true)) WITH CHECK ("tenantId" = current_setting('app.tenant_id', true));

ALTER TABLE "TicketCategory" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "TicketCategory" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "TicketCategory" USING ("tenantId" = current_setting('app.tenant_id', true)) WITH CHECK ("tenantId" = current_setting('app.tenant_id', true));

ALTER TABLE "TicketCounter" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "TicketCounter" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "TicketCounter" USING ("tenantId" = current_setting('app.tenant_id', true)) WITH CHECK ("tenantId" = current_setting('app.tenant_id', true));

ALTER TABLE "TicketEscalation" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "TicketEscalation" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "TicketEscalation" USING ("tenantId" = current_setting('app.tenant_id', true)) WITH CHECK ("tenantId" = current_setting('app.tenant_id', true));

ALTER TABLE "TicketMessage" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "TicketMessage" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "TicketMessage" USING ("tenantId" = current_setting('app.tenant_id', true)) WITH CHECK ("tenantId" = current_setting('app.tenant_id', true));

ALTER TABLE "TicketQueue" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "TicketQueue" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "TicketQueue" USING ("tenantId" = current_setting('app.tenant_id', true)) WITH CHECK ("tenantId" = current_setting('app.tenant_id', true));

ALTER TABLE "TicketStatusChange" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "TicketStatusChange" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "TicketStatusChange" USING ("tenantId" = current_setting('app.tenant_id', true)) WITH CHECK ("tenantId" = current_setting('app.tenant_id', true));

-- The escalation scheduler finds due tickets across every tenant, then claims and escalates each one
-- in its own tenant's transaction as the application role (RLS applies there as in a request).
-- Only the finding crosses tenants: this function, owned by the migrating role, returns nothing but
-- the tenant and id of tickets whose next escalation has come. The owner needs a read policy of its
-- own for it, as FORCE ROW LEVEL SECURITY confines the owner like the application otherwise.
CREATE POLICY escalation_scan_every_tenant ON "Ticket" FOR SELECT TO CURRENT_USER USING (true);

CREATE FUNCTION tickets_due_for_escalation(due_by TIMESTAMP(3), max_rows INTEGER)
RETURNS TABLE ("tenantId" TEXT, id UUID)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
AS $$
  SELECT t."tenantId", t.id FROM "Ticket" t
  WHERE t."nextEscalationAt" <= due_by
  ORDER BY t."nextEscalationAt"
  LIMIT max_rows
$$;
-- Not for every role (PostgreSQL's default): the application role is granted it (src/db/app-role.ts).
REVOKE EXECUTE ON FUNCTION tickets_due_for_escalation(TIMESTAMP(3), INTEGER) FROM PUBLIC;
