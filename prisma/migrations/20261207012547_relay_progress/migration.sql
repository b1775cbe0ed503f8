-- CreateTable
CREATE TABLE "EventRelay" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "positionedThrough" BIGINT NOT NULL,
    "publishedThrough" BIGINT NOT NULL,

    CONSTRAINT "EventRelay_pkey" PRIMARY KEY ("id")
);

-- One row, starting where the relay stands now: every event positioned so far was published.
ALTER TABLE "EventRelay" ADD CONSTRAINT "EventRelay_single_row" CHECK ("id" = 1);
INSERT INTO "EventRelay" ("id", "positionedThrough", "publishedThrough")
SELECT 1, COALESCE(MAX("position"), 0), COALESCE(MAX("position"), 0) FROM "OutboxEvent";

-- Only the relay (the owner's connection) reads and moves it; the application role sees no row.
ALTER TABLE "EventRelay" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "EventRelay" FORCE ROW LEVEL SECURITY;
CREATE POLICY relay_progress_owner ON "EventRelay" FOR ALL TO CURRENT_USER USING (true) WITH CHECK (true);
