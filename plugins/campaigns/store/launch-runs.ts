import type { BackgroundContext, Sql } from '../../../src/plugin-api.ts';
import { newRowId } from '../../../src/plugin-api.ts';

/** A campaign as a launch reads it, locked against a concurrent launch. */
export interface LaunchableCampaign {
  id: string;
  name: string;
  status: 'DRAFT' | 'SCHEDULED' | 'RUNNING' | 'COMPLETED' | 'CANCELLED';
  recurrence: 'NONE' | 'DAILY' | 'WEEKLY' | 'MONTHLY';
  channels: string[];
  include: string[];
  exclude: string[];
}

/** The campaign with its audience segments, locked FOR UPDATE: two launches of it take turns. */
export async function lockCampaignForLaunch(sql: Sql, campaignId: string): Promise<LaunchableCampaign | null> {
  const [row] = await sql<LaunchableCampaign>`
    SELECT c.id::text AS id, c.name, c.status::text AS status, c.recurrence::text AS recurrence, c.channels::text[] AS channels,
           ARRAY(SELECT a."segmentId"::text FROM "CampaignAudience" a WHERE a."campaignId" = c.id AND NOT a.excluded ORDER BY 1) AS include,
           ARRAY(SELECT a."segmentId"::text FROM "CampaignAudience" a WHERE a."campaignId" = c.id AND a.excluded ORDER BY 1) AS exclude
    FROM "Campaign" c WHERE c.id = ${campaignId}::uuid
    FOR UPDATE OF c`;
  return row ?? null;
}

/** The run of this step, if the campaign already has one. */
export async function runOfStep(sql: Sql, campaignId: string, step: string): Promise<{ id: string } | null> {
  const [row] = await sql<{ id: string }>`SELECT id::text AS id FROM "CampaignRun" WHERE "campaignId" = ${campaignId}::uuid AND step = ${step}`;
  return row ?? null;
}

/**
 * Starts a run and turns the campaign RUNNING, in one statement. The unique step per campaign
 * makes a second start of the same step write nothing (null).
 */
export async function startRun(
  sql: Sql,
  run: { tenantId: string; campaignId: string; step: string; snapshotSegmentId: string; audience: number; now: Date },
): Promise<{ id: string } | null> {
  const [row] = await sql<{ id: string }>`
    WITH run AS (
      INSERT INTO "CampaignRun" (id, "tenantId", "campaignId", step, "snapshotSegmentId", audience, "startedAt")
      VALUES (${newRowId()}::uuid, ${run.tenantId}, ${run.campaignId}::uuid, ${run.step}, ${run.snapshotSegmentId}::uuid, ${run.audience}::int, ${run.now}::timestamp(3))
      ON CONFLICT ("campaignId", step) DO NOTHING
      RETURNING id
    ), campaign AS (
      UPDATE "Campaign" SET status = 'RUNNING', "launchedAt" = COALESCE("launchedAt", ${run.now}::timestamp(3)), "updatedAt" = ${run.now}::timestamp(3)
      WHERE id = ${run.campaignId}::uuid AND EXISTS (SELECT 1 FROM run)
      RETURNING 1
    )
    SELECT id::text AS id FROM run`;
  return row ?? null;
}

/** A run as a batch needs it, with its campaign's channels, variants and the tenant's cap. */
export interface ClaimedRun {
  id: string;
  campaignId: string;
  campaignName: string;
  step: string;
  snapshotSegmentId: string;
  checkpoint: string | null;
  channels: string[];
  controlShare: string;
  variants: { id: string; name: string; weight: number }[];
  maxContacts: number;
  perDays: number;
}

/** The cap where the tenant set none (CampaignSettings' defaults): 2 marketing contacts per 7 days. */
export const DEFAULT_CAP = { maxContacts: 2, perDays: 7 } as const;

/**
 * A RUNNING run, locked for one batch; null when it is finished or another instance holds it
 * (SKIP LOCKED): two instances never decide the same customers at once.
 */
export async function claimRun(sql: Sql, runId: string): Promise<ClaimedRun | null> {
  const [row] = await sql<ClaimedRun>`
    SELECT r.id::text AS id, r."campaignId"::text AS "campaignId", c.name AS "campaignName", r.step, r."snapshotSegmentId"::text AS "snapshotSegmentId",
           r.checkpoint::text AS checkpoint, c.channels::text[] AS channels, c."controlShare"::text AS "controlShare",
           COALESCE((SELECT json_agg(json_build_object('id', v.id, 'name', v.name, 'weight', v.weight) ORDER BY v.name)
                     FROM "CampaignVariant" v WHERE v."campaignId" = c.id AND v.weight > 0), '[]'::json) AS variants,
           COALESCE(s."maxContacts", ${DEFAULT_CAP.maxContacts}::int) AS "maxContacts", COALESCE(s."perDays", ${DEFAULT_CAP.perDays}::int) AS "perDays"
    FROM "CampaignRun" r
    JOIN "Campaign" c ON c.id = r."campaignId"
    LEFT JOIN "CampaignSettings" s ON s."tenantId" = r."tenantId"
    WHERE r.id = ${runId}::uuid AND r.status = 'RUNNING'
    FOR UPDATE OF r SKIP LOCKED`;
  return row ?? null;
}

/** RUNNING runs of every tenant, oldest first (the migration's SECURITY DEFINER function). */
export function runsToContinue(context: Pick<BackgroundContext, 'queryWithoutTenant'>, limit: number): Promise<{ tenantId: string; id: string }[]> {
  return context.queryWithoutTenant<{ tenantId: string; id: string }>`SELECT "tenantId", id::text AS id FROM campaign_runs_to_continue(${limit}::int)`;
}

/** What a campaign's schedule calls for: its launch (or its recurring period's), or its completion. */
export interface DueCampaign {
  tenantId: string;
  id: string;
  action: 'LAUNCH' | 'COMPLETE';
}

/** Campaigns of every tenant whose schedule has come at `now`, oldest start first (the migration's SECURITY DEFINER function). */
export function campaignsDue(context: Pick<BackgroundContext, 'queryWithoutTenant'>, now: Date, limit: number): Promise<DueCampaign[]> {
  return context.queryWithoutTenant<DueCampaign>`SELECT "tenantId", id::text AS id, action FROM campaigns_due(${now}::timestamp(3), ${limit}::int)`;
}

/**
 * A running campaign whose end has come, COMPLETED at `at` in one statement, its runs still deciding
 * stopped (no contact after the end); null when it is not RUNNING (completed or cancelled meanwhile).
 */
export async function completeCampaignAt(sql: Sql, campaignId: string, at: Date): Promise<{ id: string; name: string; kind: string; status: string } | null> {
  const [row] = await sql<{ id: string; name: string; kind: string; status: string }>`
    WITH stopped AS (
      UPDATE "CampaignRun" SET status = 'STOPPED', "finishedAt" = ${at}::timestamp(3)
      WHERE "tenantId" = current_setting('app.tenant_id') AND "campaignId" = ${campaignId}::uuid AND status = 'RUNNING'
    )
    UPDATE "Campaign" SET status = 'COMPLETED', "completedAt" = ${at}::timestamp(3), "updatedAt" = ${at}::timestamp(3)
    WHERE "tenantId" = current_setting('app.tenant_id') AND id = ${campaignId}::uuid AND status = 'RUNNING'
    RETURNING id::text AS id, name, kind::text AS kind, status::text AS status`;
  return row ?? null;
}
