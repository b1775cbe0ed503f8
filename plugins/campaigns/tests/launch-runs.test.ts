import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { manualClock } from '../../../src/plugin-api.ts';
import { startTestServer, type TestServer } from '../../../tests/support/server.ts';
import { campaignRow, globalIdOf, LAUNCH, liveCustomers, rows, staticSegment } from './launch-support.ts';

// A recurring campaign keeps adding runs, one per period, so `Campaign.runs` is paged: latest
// first, with the count of every run on each page.

const seededAt = new Date(inject('demoSeededAt'));
const DAY = 86_400_000;

const RUNS = /* GraphQL */ `
  query Runs($id: ID!, $first: Int, $after: String) {
    campaign(id: $id) {
      runs(first: $first, after: $after) { totalCount edges { cursor node { id step startedAt } } pageInfo { hasNextPage endCursor } }
    }
  }
`;

describe('the runs of a campaign', () => {
  const clock = manualClock(seededAt);
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ clock });
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
  });

  it('pages a daily campaign’s runs latest first, counting them all on every page', async () => {
    const segmentId = await staticSegment(server, await liveCustomers(server, 3), seededAt);
    const campaignId = await campaignRow(server, { channels: ['EMAIL'], controlShare: 0.1, include: [segmentId], recurrence: 'DAILY' }, seededAt);
    const id = globalIdOf('Campaign', campaignId);
    // Launched, then launched again the next day: the second period's run.
    for (const day of [0, 1]) {
      clock.set(new Date(seededAt.getTime() + day * DAY));
      const launched = await server.graphql(LAUNCH, { id });
      expect(launched.data?.launchCampaign.__typename, JSON.stringify(launched)).toBe('LaunchCampaignPayload');
    }
    const expected = await rows<{ id: string; step: string }>(
      server,
      `SELECT id::text AS id, step FROM "CampaignRun" WHERE "campaignId" = $1 ORDER BY "startedAt" DESC, id DESC`,
      [campaignId],
    );
    expect(expected.map((run) => run.step)).toEqual([1, 0].map((day) => new Date(seededAt.getTime() + day * DAY).toISOString().slice(0, 10)));

    const first = await server.graphql(RUNS, { id, first: 1 });
    expect(first.errors).toBeUndefined();
    const page1 = first.data!.campaign.runs;
    expect(page1.totalCount).toBe(2);
    expect(page1.edges.map((edge: { node: { id: string } }) => edge.node.id)).toEqual([globalIdOf('CampaignRun', expected[0]!.id)]);
    expect(page1.pageInfo.hasNextPage).toBe(true);

    const second = await server.graphql(RUNS, { id, first: 1, after: page1.pageInfo.endCursor });
    expect(second.errors).toBeUndefined();
    const page2 = second.data!.campaign.runs;
    expect(page2.totalCount).toBe(2);
    expect(page2.edges.map((edge: { node: { id: string } }) => edge.node.id)).toEqual([globalIdOf('CampaignRun', expected[1]!.id)]);
    expect(page2.pageInfo.hasNextPage).toBe(false);
    expect(Date.parse(page1.edges[0].node.startedAt)).toBeGreaterThan(Date.parse(page2.edges[0].node.startedAt));
  });

  it('refuses a page larger than the limit', async () => {
    const [campaign] = await rows<{ id: string }>(server, `SELECT id::text AS id FROM "Campaign" LIMIT 1`);
    const answer = await server.graphql(RUNS, { id: globalIdOf('Campaign', campaign!.id), first: server.config.limits.maxPageSize + 1 });
    expect(answer.errors?.[0]?.extensions?.code).toBe('VALIDATION');
  });
});
