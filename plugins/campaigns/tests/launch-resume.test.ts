import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { manualClock } from '../../../src/plugin-api.ts';
import { startTestServer, type TestServer } from '../../../tests/support/server.ts';
import { RUNNER_ENVIRONMENT, campaignRow, campaignsWithRunner, completedRun, globalIdOf, LAUNCH, liveCustomers, rows, staticSegment } from './launch-support.ts';

// A server stopped halfway through a run: the batch in progress is rolled back, and another
// instance resumes from the last committed checkpoint; everyone is decided, and contacted, once.

const seededAt = new Date(inject('demoSeededAt'));
const BATCH = 10;

describe('a launch stopped halfway', () => {
  let first: TestServer;
  let crashed: TestServer;
  let resumed: TestServer;

  beforeAll(async () => {
    first = await startTestServer({ clock: manualClock(seededAt) });
  }, 180_000);
  afterAll(async () => {
    await resumed?.stop();
    await crashed?.stop();
    await first?.stop();
  });

  it('resumes from its checkpoint and decides everyone once', async () => {
    const audience = await liveCustomers(first, 6 * BATCH + 3);
    const segmentId = await staticSegment(first, audience, seededAt);
    const campaignId = await campaignRow(first, { channels: ['WEB'], controlShare: 0.1, include: [segmentId] }, seededAt);
    const launched = await first.graphql(LAUNCH, { id: globalIdOf('Campaign', campaignId) });
    expect(launched.data?.launchCampaign.__typename, JSON.stringify(launched)).toBe('LaunchCampaignPayload');

    // An instance that commits one batch, then dies inside the second (its work rolled back).
    let batches = 0;
    crashed = await startTestServer({
      clock: manualClock(seededAt),
      shareDatabaseWith: first,
      environment: RUNNER_ENVIRONMENT,
      extraPlugins: [
        campaignsWithRunner({ intervalMs: 60_000, batchSize: BATCH }, (context) => ({
          ...context,
          inTenant: (tenantId, work) => {
            batches += 1;
            if (batches === 1) return context.inTenant(tenantId, work);
            return context.inTenant(tenantId, async (scope) => {
              await work(scope);
              throw new Error('the server stopped');
            });
          },
        })),
      ],
    });
    const deadline = performance.now() + 30_000;
    while (batches < 2 && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    await crashed.stop();
    const [halfway] = await rows<{ decided: number; checkpoint: string | null; status: string }>(
      first,
      `SELECT (SELECT count(DISTINCT "customerId")::int FROM "CampaignRecipient" WHERE "campaignId" = $1) AS decided, checkpoint::text AS checkpoint, status::text AS status FROM "CampaignRun" WHERE "campaignId" = $1`,
      [campaignId],
    );
    expect(halfway).toEqual({ decided: BATCH, checkpoint: [...audience].sort()[BATCH - 1], status: 'RUNNING' });

    resumed = await startTestServer({
      clock: manualClock(seededAt),
      shareDatabaseWith: first,
      environment: RUNNER_ENVIRONMENT,
      extraPlugins: [campaignsWithRunner({ intervalMs: 100, batchSize: BATCH })],
    });
    const run = await completedRun(first, campaignId);
    const decided = await rows<{ customerId: string; outcome: string }>(first, `SELECT "customerId"::text AS "customerId", outcome::text AS outcome FROM "CampaignRecipient" WHERE "runId" = $1`, [run.id]);
    expect(decided.map((row) => row.customerId).sort()).toEqual([...audience].sort());
    const contacts = await rows<{ customerId: string }>(first, `SELECT "customerId"::text AS "customerId" FROM "Interaction" WHERE source = 'campaign' AND "externalId" LIKE $1`, [`${campaignId}:%`]);
    expect(contacts.map((row) => row.customerId).sort()).toEqual(decided.filter((row) => row.outcome === 'CONTACTED').map((row) => row.customerId).sort());
    expect(run.contacted + run.control + run.excluded).toBe(audience.length);
  }, 150_000);
});
