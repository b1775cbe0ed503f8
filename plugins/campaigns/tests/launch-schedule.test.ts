import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { manualClock } from '../../../src/plugin-api.ts';
import { startTestServer, type TestServer } from '../../../tests/support/server.ts';
import { campaignRow, campaignsWithRunner, globalIdOf, liveCustomers, rows, RUNNER_ENVIRONMENT, staticSegment } from './launch-support.ts';

// A campaign follows its schedule without anyone launching it: the runner launches a scheduled
// campaign when its start comes, a recurring one again at each new period, and completes both when
// their end comes, with the events of each step by the campaigns' system actor.

const seededAt = new Date(inject('demoSeededAt'));
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

interface RunRow {
  step: string;
  status: string;
  startedAt: Date;
}

describe("a campaign's schedule", () => {
  const clock = manualClock(seededAt);
  let server: TestServer;
  let oneOff: string;
  let daily: string;

  beforeAll(async () => {
    server = await startTestServer({ clock, environment: RUNNER_ENVIRONMENT, extraPlugins: [campaignsWithRunner({ intervalMs: 100, batchSize: 50 })] });
    const segmentId = await staticSegment(server, await liveCustomers(server, 5), seededAt);
    const schedule = { startsAt: new Date(seededAt.getTime() + HOUR), endsAt: new Date(seededAt.getTime() + 2 * DAY + 2 * HOUR) };
    oneOff = await campaignRow(server, { channels: ['WEB'], controlShare: 0, include: [segmentId], ...schedule }, seededAt);
    daily = await campaignRow(server, { channels: ['WEB'], controlShare: 0, include: [segmentId], recurrence: 'DAILY', ...schedule }, seededAt);
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
  });

  const runsOf = (campaignId: string) =>
    rows<RunRow>(server, `SELECT step, status::text AS status, "startedAt" FROM "CampaignRun" WHERE "campaignId" = $1 ORDER BY "startedAt"`, [campaignId]);
  const statusOf = async (campaignId: string) =>
    (await rows<{ status: string; completedAt: Date | null }>(server, `SELECT status::text AS status, "completedAt" FROM "Campaign" WHERE id = $1`, [campaignId]))[0]!;
  const eventsOf = (campaignId: string, topic: string) =>
    rows<{ actorId: string; payload: { step?: string; change?: string } }>(
      server,
      `SELECT "actorId", payload FROM "OutboxEvent" WHERE topic = $1 AND "subjectId" = $2 ORDER BY id`,
      [topic, globalIdOf('Campaign', campaignId)],
    );

  /** Polls until `done` holds of what `read` returns (the runner works in the background). */
  async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
    const deadline = performance.now() + 30_000;
    for (;;) {
      const value = await read();
      if (done(value)) return value;
      if (performance.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(value)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  const settle = () => new Promise((resolve) => setTimeout(resolve, 500));

  it('launches nothing before the start', async () => {
    await settle();
    expect(await runsOf(oneOff)).toEqual([]);
    expect(await runsOf(daily)).toEqual([]);
    expect((await statusOf(oneOff)).status).toBe('SCHEDULED');
  });

  it('launches each campaign when its start comes, as the system', async () => {
    const launchedAt = new Date(seededAt.getTime() + 2 * HOUR);
    clock.set(launchedAt);
    for (const campaignId of [oneOff, daily]) {
      const [run] = await until(() => runsOf(campaignId), (found) => found.length === 1 && found[0]!.status === 'COMPLETED', 'the launch at the start');
      expect(run!.startedAt.getTime()).toBe(launchedAt.getTime());
      expect((await statusOf(campaignId)).status).toBe('RUNNING');
      expect((await eventsOf(campaignId, 'campaign.launched')).map((event) => [event.actorId, event.payload.step])).toEqual([
        ['system:campaigns', campaignId === oneOff ? 'launch' : launchedAt.toISOString().slice(0, 10)],
      ]);
    }
  });

  it('launches the recurring one again in the next period, and the one-off never again', async () => {
    const nextDay = new Date(seededAt.getTime() + DAY + 2 * HOUR);
    clock.set(nextDay);
    const runs = await until(() => runsOf(daily), (found) => found.length === 2 && found[1]!.status === 'COMPLETED', 'the second period');
    expect(runs.map((run) => run.step)).toEqual([new Date(seededAt.getTime() + 2 * HOUR), nextDay].map((at) => at.toISOString().slice(0, 10)));
    await settle();
    expect(await runsOf(daily)).toHaveLength(2);
    expect(await runsOf(oneOff)).toHaveLength(1);
  });

  it('completes both when the end comes, and launches nothing after it', async () => {
    const afterEnd = new Date(seededAt.getTime() + 3 * DAY + 3 * HOUR);
    clock.set(afterEnd);
    for (const campaignId of [oneOff, daily]) {
      const ended = await until(() => statusOf(campaignId), (found) => found.status === 'COMPLETED', 'the completion at the end');
      expect(ended.completedAt!.getTime()).toBe(afterEnd.getTime());
      expect((await eventsOf(campaignId, 'campaign.saved')).map((event) => [event.actorId, event.payload.change])).toEqual([['system:campaigns', 'COMPLETED']]);
    }
    await settle();
    expect(await runsOf(daily)).toHaveLength(2);
  });
});
