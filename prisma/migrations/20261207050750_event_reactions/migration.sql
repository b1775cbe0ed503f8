-- CreateTable
CREATE TABLE "EventReactionProgress" (
    "consumer" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "position" BIGINT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "EventReactionProgress_pkey" PRIMARY KEY ("consumer","tenantId")
);

-- CreateIndex
CREATE INDEX "OutboxEvent_tenantId_topic_position_idx" ON "OutboxEvent"("tenantId", "topic", "position");

-- Row-level security: the second wall behind the application's own tenant scoping. A row is
-- visible and writable only inside a transaction whose app.tenant_id matches it; FORCE applies
-- the policy to the table owner as well.

ALTER TABLE "EventReactionProgress" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "EventReactionProgress" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "EventReactionProgress" USING ("tenantId" = current_setting('app.tenant_id', true)) WITH CHECK ("tenantId" = current_setting('app.tenant_id', true));

-- Event reactions (src/events/reactions.ts) find where they have work across every tenant, then
-- handle the events in each tenant's own transaction as the application role (RLS applies there as
-- in a request). Only the finding crosses tenants: this function, owned by the migrating role,
-- returns nothing but consumer names and tenant ids. The owner needs a read policy of its own for it,
-- as FORCE ROW LEVEL SECURITY confines the owner like the application otherwise ("OutboxEvent" and
-- "Tenant" have theirs already).
CREATE POLICY reactions_scan_every_tenant ON "EventReactionProgress" FOR SELECT TO CURRENT_USER USING (true);

-- The (consumer, tenant) pairs with an event of one of the consumer's topics positioned after the
-- consumer's progress in that tenant (from 0 without a progress row), least recently moved first,
-- at most max_rows. The arrays are parallel: the i-th topic is one the i-th consumer reacts to.
CREATE FUNCTION event_reactions_due(wanted_consumers TEXT[], wanted_topics TEXT[], max_rows INTEGER)
RETURNS TABLE (consumer TEXT, "tenantId" TEXT)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
AS $$
  SELECT w.name, t.id
  FROM (SELECT pair.name, array_agg(pair.topic) AS topics FROM unnest(wanted_consumers, wanted_topics) AS pair(name, topic) GROUP BY pair.name) w
  CROSS JOIN "Tenant" t
  LEFT JOIN "EventReactionProgress" p ON p.consumer = w.name AND p."tenantId" = t.id
  WHERE EXISTS (
    SELECT FROM "OutboxEvent" e
    WHERE e."tenantId" = t.id AND e.topic = ANY (w.topics) AND e.position > COALESCE(p.position, 0)
  )
  ORDER BY p."updatedAt" NULLS FIRST, w.name, t.id
  LIMIT max_rows
$$;
-- Not for every role (PostgreSQL's default): the application role is granted it (src/db/app-role.ts).
REVOKE EXECUTE ON FUNCTION event_reactions_due(TEXT[], TEXT[], INTEGER) FROM PUBLIC;
