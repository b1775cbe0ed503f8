import { createHash, randomUUID } from 'node:crypto';
import type { BackgroundContext, Plugin } from '../../../src/plugin-api.ts';
import type { TestServer } from '../../../tests/support/server.ts';
import { tenantRows } from '../../../tests/support/tenant-rows.ts';
import { startLaunchRunner, type LaunchRunnerOptions } from '../launch/launch-runner.ts';
import campaigns from '../plugin.ts';

// Helpers of the launch tests. Campaigns are written as rows here: launching is what these tests
// exercise, and they stay independent of how campaigns are defined through the API.

export const TENANT = 'demo';

/** A server whose campaigns plugin is the test's (see campaignsWithRunner) rather than the folder's, with background jobs on. */
export const RUNNER_ENVIRONMENT = { NEXO_BACKGROUND_JOBS: 'true', NEXO_PLUGINS: 'profile,interactions,pipeline,tickets,segments' };

/** The campaigns plugin with its launch runner at a test's pace (and its background context wrapped, if asked). */
export function campaignsWithRunner(options: LaunchRunnerOptions, wrap: (context: BackgroundContext) => BackgroundContext = (context) => context): Plugin {
  return { ...campaigns, background: (context) => startLaunchRunner(wrap(context), options) };
}

export function rows<Row extends object>(server: TestServer, query: string, values: unknown[] = []): Promise<Row[]> {
  return tenantRows<Row>(server.owner, TENANT, query, values);
}

/** Live demo customers, in id order. */
export async function liveCustomers(server: TestServer, limit: number): Promise<string[]> {
  const found = await rows<{ id: string }>(server, `SELECT id::text AS id FROM "Customer" WHERE "tenantId" = $2 AND "archivedAt" IS NULL ORDER BY id LIMIT $1`, [limit, TENANT]);
  return found.map((row) => row.id);
}

/** A static segment holding these customers. */
export async function staticSegment(server: TestServer, customers: readonly string[], at: Date): Promise<string> {
  const id = randomUUID();
  await rows(server, `INSERT INTO "Segment" (id, "tenantId", name, kind, "updatedAt") VALUES ($1, $2, $3, 'STATIC', $4)`, [id, TENANT, `Launch test ${id}`, at]);
  await rows(
    server,
    `INSERT INTO "SegmentMembership" (id, "tenantId", "segmentId", "customerId", source, "enteredAt") SELECT gen_random_uuid(), $1, $2, unnest($3::uuid[]), 'MANUAL', $4`,
    [TENANT, id, customers, at],
  );
  return id;
}

export interface CampaignFixture {
  channels: string[];
  controlShare: number;
  include: string[];
  status?: string;
  recurrence?: string;
  variants?: { name: string; weight: number }[];
  startsAt?: Date;
  endsAt?: Date;
}

/** A campaign row with its audience and variants; returns its row id. */
export async function campaignRow(server: TestServer, fixture: CampaignFixture, at: Date): Promise<string> {
  const id = randomUUID();
  await rows(
    server,
    `INSERT INTO "Campaign" (id, "tenantId", name, kind, channels, status, recurrence, "controlShare", "updatedAt", "startsAt", "endsAt")
     VALUES ($1, $2, $3, 'PROMOTION', $4::"CampaignChannel"[], $5::"CampaignStatus", $6::"CampaignRecurrence", $7, $8, $9, $10)`,
    [id, TENANT, `Campaign ${id}`, fixture.channels, fixture.status ?? 'SCHEDULED', fixture.recurrence ?? 'NONE', fixture.controlShare, at, fixture.startsAt ?? null, fixture.endsAt ?? null],
  );
  for (const segmentId of fixture.include) await rows(server, `INSERT INTO "CampaignAudience" ("tenantId", "campaignId", "segmentId") VALUES ($1, $2, $3)`, [TENANT, id, segmentId]);
  for (const variant of fixture.variants ?? []) {
    await rows(server, `INSERT INTO "CampaignVariant" (id, "tenantId", "campaignId", name, weight) VALUES (gen_random_uuid(), $1, $2, $3, $4)`, [TENANT, id, variant.name, variant.weight]);
  }
  return id;
}

/** The reproducible draw of a customer in a campaign, computed here as the brief defines it. */
export function drawOf(campaignId: string, customerId: string): number {
  return parseInt(createHash('md5').update(campaignId + customerId).digest('hex').slice(0, 8), 16) / 2 ** 32;
}

export const globalIdOf = (typename: string, rowId: string) => Buffer.from(`${typename}:${rowId}`).toString('base64');

export const LAUNCH = /* GraphQL */ `
  mutation Launch($id: ID!) {
    launchCampaign(id: $id) {
      __typename
      ... on LaunchCampaignPayload { run { id step status audience } }
      ... on ValidationError { message }
      ... on NotFoundError { message }
      ... on ConflictError { message }
    }
  }
`;

/** Waits until the run is COMPLETED (the runner works in the background). */
export async function completedRun(server: TestServer, campaignId: string, timeoutMs = 90_000): Promise<{ id: string; contacted: number; control: number; excluded: number; audience: number; checkpoint: string | null }> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const [run] = await rows<{ id: string; status: string; contacted: number; control: number; excluded: number; audience: number; checkpoint: string | null }>(
      server,
      `SELECT id::text AS id, status::text AS status, contacted, control, excluded, audience, checkpoint::text AS checkpoint FROM "CampaignRun" WHERE "campaignId" = $1`,
      [campaignId],
    );
    if (run?.status === 'COMPLETED') return run;
    if (performance.now() > deadline) throw new Error(`run of ${campaignId} not completed: ${JSON.stringify(run)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
