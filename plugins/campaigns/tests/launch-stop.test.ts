import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { manualClock } from '../../../src/plugin-api.ts';
import { startTestServer, type TestServer } from '../../../tests/support/server.ts';
import { RUNNER_ENVIRONMENT, campaignRow, campaignsWithRunner, completedRun, globalIdOf, LAUNCH, liveCustomers, rows, staticSegment } from './launch-support.ts';

// A campaign cancelled after its launch, before the runner decided its audience: its run stops and
// contacts no one, while another campaign launched beside it runs to its end on the same runner.

const seededAt = new Date(inject('demoSeededAt'));

const CANCEL = /* GraphQL */ `
  mutation Cancel($id: ID!) { cancelCampaign(id: $id) { __typename ... on CampaignPayload { campaign { status } } } }
`;

describe('a campaign cancelled while its run is pending', () => {
  let server: TestServer;
  let runner: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ clock: manualClock(seededAt) });
  }, 180_000);
  afterAll(async () => {
    await runner?.stop();
    await server?.stop();
  });

  it('stops the run: no one is decided or contacted, and the runner goes on with the others', async () => {
    const audience = await liveCustomers(server, 40);
    const segmentId = await staticSegment(server, audience, seededAt);
    const cancelled = await campaignRow(server, { channels: ['WEB'], controlShare: 0.1, include: [segmentId] }, seededAt);
    const kept = await campaignRow(server, { channels: ['WEB'], controlShare: 0.1, include: [segmentId] }, seededAt);
    for (const id of [cancelled, kept]) expect((await server.graphql(LAUNCH, { id: globalIdOf('Campaign', id) })).data?.launchCampaign.__typename).toBe('LaunchCampaignPayload');

    const answer = await server.graphql(CANCEL, { id: globalIdOf('Campaign', cancelled) });
    expect(answer.data?.cancelCampaign).toEqual({ __typename: 'CampaignPayload', campaign: { status: 'CANCELLED' } });
    const [stopped] = await rows<{ status: string; finished: boolean }>(server, `SELECT status::text AS status, "finishedAt" IS NOT NULL AS finished FROM "CampaignRun" WHERE "campaignId" = $1`, [cancelled]);
    expect(stopped).toEqual({ status: 'STOPPED', finished: true });

    runner = await startTestServer({ clock: manualClock(seededAt), shareDatabaseWith: server, environment: RUNNER_ENVIRONMENT, extraPlugins: [campaignsWithRunner({ intervalMs: 50, batchSize: 10 })] });
    const run = await completedRun(server, kept);
    expect(run.contacted + run.control + run.excluded).toBe(audience.length);
    const decided = await rows<{ recipients: number; contacts: number }>(
      server,
      `SELECT (SELECT count(*)::int FROM "CampaignRecipient" WHERE "campaignId" = $1) AS recipients,
              (SELECT count(*)::int FROM "Interaction" WHERE source = 'campaign' AND "externalId" LIKE $2) AS contacts`,
      [cancelled, `${cancelled}:%`],
    );
    expect(decided).toEqual([{ recipients: 0, contacts: 0 }]);
  }, 150_000);
});
