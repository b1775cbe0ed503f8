import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { manualClock } from '../../../src/plugin-api.ts';
import { startTestServer, type TestServer } from '../../../tests/support/server.ts';
import { createSegmentsPlugin } from '../plugin.ts';
import { CREATE_SEGMENT, rowIdOf, tenantRows } from './support.ts';

const DAY = 86_400_000;
const REEVALUATE_EVERY_MS = 60 * 60_000;

// Rules with a window move with the clock alone: the scheduled pass re-evaluates them once they are
// due, so a customer whose last purchase ages out of the window leaves with no event of their own,
// and a segment that only refers to such a rule follows it. Two instances share the pass.
describe('scheduled segment evaluation', () => {
  const seededAt = new Date(inject('demoSeededAt'));
  const clock = manualClock(seededAt);
  let first: TestServer;
  let second: TestServer;

  beforeAll(async () => {
    // The segments plugin with a fast scheduler instead of the folder's default instance, on two instances.
    const options = {
      clock,
      environment: { NEXO_BACKGROUND_JOBS: 'true', NEXO_PLUGINS: 'profile,interactions,pipeline,tickets' },
      extraPlugins: [createSegmentsPlugin({ evaluationIntervalMs: 100, reevaluateEveryMs: REEVALUATE_EVERY_MS })],
    };
    first = await startTestServer(options);
    second = await startTestServer({ ...options, extraPlugins: [createSegmentsPlugin({ evaluationIntervalMs: 100, reevaluateEveryMs: REEVALUATE_EVERY_MS })], shareDatabaseWith: first });
  }, 60_000);
  afterAll(async () => {
    await second?.stop();
    await first?.stop();
  });

  /** Who bought in the 7 days before `at`, by the test's own SQL. */
  async function boughtWithinAWeekOf(at: Date): Promise<string[]> {
    const rows = await tenantRows<{ id: string }>(
      first.owner,
      'demo',
      `SELECT DISTINCT c.id::text FROM "Customer" c JOIN "Interaction" i ON i."customerId" = c.id
       WHERE c."tenantId" = 'demo' AND c."archivedAt" IS NULL AND i.kind = 'PURCHASE' AND i."occurredAt" >= $1::timestamp(3) - interval '7 days'
       ORDER BY 1`,
      [at],
    );
    return rows.map((row) => row.id);
  }

  async function members(segmentId: string): Promise<string[]> {
    const rows = await tenantRows<{ id: string }>(
      first.owner,
      'demo',
      `SELECT "customerId"::text AS id FROM "SegmentMembership" WHERE "tenantId" = 'demo' AND "segmentId" = $1::uuid AND "exitedAt" IS NULL ORDER BY 1`,
      [segmentId],
    );
    return rows.map((row) => row.id);
  }

  async function until(condition: () => Promise<boolean>, what: string): Promise<void> {
    const deadline = performance.now() + 10_000;
    while (!(await condition())) {
      if (performance.now() > deadline) throw new Error(`${what} within 10 s`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  it('lets customers whose purchases age out of the window leave once the clock moves past the next evaluation, once', async () => {
    const recent = await first.graphql(CREATE_SEGMENT, {
      input: {
        name: 'Bought this week',
        kind: 'DYNAMIC',
        rule: { fact: { fact: 'interactions.count', operator: 'AT_LEAST', number: 1, window: { lastDays: 7 }, filters: [{ name: 'kind', values: ['PURCHASE'] }] } },
      },
    });
    expect(recent.data?.createSegment.segment.movesWithTime).toBe(true);
    const recentId = rowIdOf(recent.data!.createSegment.segment.id);
    const follower = await first.graphql(CREATE_SEGMENT, {
      input: { name: 'Follows this week', kind: 'DYNAMIC', rule: { inSegment: recent.data!.createSegment.segment.id } },
    });
    expect(follower.data?.createSegment.segment.movesWithTime).toBe(false);
    const followerId = rowIdOf(follower.data!.createSegment.segment.id);
    const before = await boughtWithinAWeekOf(seededAt);
    expect(before.length).toBeGreaterThan(10);
    expect(await members(recentId)).toEqual(before);

    // Three days on, the history's first four days have left the window; nothing else happened.
    const later = new Date(seededAt.getTime() + 3 * DAY);
    const after = await boughtWithinAWeekOf(later);
    expect(after.length).toBeLessThan(before.length);
    clock.set(later);
    await until(async () => JSON.stringify(await members(recentId)) === JSON.stringify(after), 'the weekly buyers to follow the clock');
    await until(async () => JSON.stringify(await members(followerId)) === JSON.stringify(after), 'the segment referring to it to follow');

    const left = before.filter((id) => !after.includes(id));
    const exits = await tenantRows<{ customerId: string; count: number }>(
      first.owner,
      'demo',
      `SELECT "customerId"::text AS "customerId", count(*)::int AS count FROM "OutboxEvent"
       WHERE "tenantId" = 'demo' AND topic = 'segment.exited' AND payload->>'segmentName' = 'Bought this week' GROUP BY 1 ORDER BY 1`,
    );
    expect(exits.map((row) => row.customerId)).toEqual(left);
    expect(exits.every((row) => row.count === 1)).toBe(true);
    const segment = await tenantRows<{ evaluatedAt: Date; nextEvaluationAt: Date }>(
      first.owner,
      'demo',
      `SELECT "evaluatedAt", "nextEvaluationAt" FROM "Segment" WHERE "tenantId" = 'demo' AND id = $1::uuid`,
      [recentId],
    );
    expect(segment[0]!.evaluatedAt.getTime()).toBe(later.getTime());
    expect(segment[0]!.nextEvaluationAt.getTime()).toBe(later.getTime() + REEVALUATE_EVERY_MS);
  }, 60_000);
});
