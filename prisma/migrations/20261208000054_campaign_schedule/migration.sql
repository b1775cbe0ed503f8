-- CreateIndex
CREATE INDEX "Campaign_status_startsAt_idx" ON "Campaign"("status", "startsAt");

-- The campaigns of every tenant whose schedule calls for the launch runner at `due_at`, oldest
-- start first: a SCHEDULED campaign whose start has come (LAUNCH), a RUNNING recurring one with no
-- run yet in the current period, UTC days, ISO weeks or months as the launch's step names them
-- (LAUNCH), and a RUNNING one whose end has come (COMPLETE). Only ids leave the function; the
-- runner then acts in each tenant's own transaction, under Row-Level Security.
CREATE FUNCTION campaigns_due(due_at TIMESTAMP(3), max_rows INTEGER)
RETURNS TABLE ("tenantId" TEXT, id UUID, action TEXT)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
AS $$
  SELECT c."tenantId", c.id, CASE WHEN c.status = 'RUNNING' AND c."endsAt" <= due_at THEN 'COMPLETE' ELSE 'LAUNCH' END
  FROM "Campaign" c
  WHERE (c.status = 'SCHEDULED' AND c."startsAt" <= due_at AND (c."endsAt" IS NULL OR c."endsAt" > due_at))
     OR (c.status = 'RUNNING' AND c."endsAt" <= due_at)
     OR (c.status = 'RUNNING' AND c.recurrence <> 'NONE' AND (c."endsAt" IS NULL OR c."endsAt" > due_at)
         AND NOT EXISTS (
           SELECT 1 FROM "CampaignRun" r
           WHERE r."campaignId" = c.id
             AND r."startedAt" >= date_trunc(CASE c.recurrence WHEN 'DAILY' THEN 'day' WHEN 'WEEKLY' THEN 'week' ELSE 'month' END, due_at)))
  ORDER BY c."startsAt", c.id
  LIMIT max_rows
$$;
-- Not for every role (PostgreSQL's default): the application role is granted it (src/db/app-role.ts).
REVOKE EXECUTE ON FUNCTION campaigns_due(TIMESTAMP(3), INTEGER) FROM PUBLIC;
