import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { manualClock } from '../../../src/plugin-api.ts';
import { startTestServer, type TestServer } from '../../../tests/support/server.ts';

// The demo's import of a trade fair's list, as the seeded demo tenant shows it through the API.

const DAY = 86_400_000;

describe('the demo import', () => {
  const now = new Date(inject('demoSeededAt'));
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ clock: manualClock(now) });
  });
  afterAll(() => server?.stop());

  it('ran the fair list through the engine weeks ago: new people, known people, two held, three refused, the file not kept', async () => {
    const response = await server.graphql(`{
      matchSettings { likelyThreshold possibleThreshold }
      importJobs(first: 5) { totalCount edges { node {
        status kind format fileName createdBy startedAt finishedAt linesDone progress created updated unchanged held rejected
        rejectedRows(first: 10) { totalCount edges { node { line reason } } }
        reviewItems(first: 10, status: PENDING) { totalCount edges { node { score line row candidates { id } } } }
      } } }
    }`);
    expect(response.errors).toBeUndefined();
    const { matchSettings, importJobs } = response.data!;
    expect(importJobs.totalCount).toBe(1);
    const job = importJobs.edges[0].node;
    expect(job).toMatchObject({
      status: 'COMPLETED', kind: 'CUSTOMERS', format: 'CSV', fileName: 'feria-2026-contactos.csv', createdBy: 'demo-marketing',
      linesDone: 41, progress: 1, created: 30, updated: 3, unchanged: 2, held: 2, rejected: 3,
    });
    const [startedAt, finishedAt] = [Date.parse(job.startedAt), Date.parse(job.finishedAt)];
    expect(startedAt).toBeLessThan(finishedAt);
    expect(finishedAt).toBeGreaterThan(now.getTime() - 22 * DAY);
    expect(finishedAt).toBeLessThan(now.getTime() - 20 * DAY);

    const reasons = job.rejectedRows.edges.map((edge: { node: { reason: string } }) => edge.node.reason);
    expect(job.rejectedRows.totalCount).toBe(3);
    expect(reasons).toEqual(
      expect.arrayContaining([expect.stringMatching(/^email ".*" is not a valid e-mail address$/), expect.stringMatching(/is not a phone number$/), 'has no first name']),
    );

    // Held: each looks like a customer, more than possible and less than likely.
    expect(job.reviewItems.totalCount).toBe(2);
    for (const { node } of job.reviewItems.edges) {
      expect(node.score).toBeGreaterThanOrEqual(matchSettings.possibleThreshold);
      expect(node.score).toBeLessThan(matchSettings.likelyThreshold);
      expect(node.candidates.length).toBeGreaterThan(0);
      expect(node.row.customer.emails).toHaveLength(1);
    }
  });

  it('wrote the created customers and their events as history of that afternoon, and nothing in the small tenant', async () => {
    const [job] = (await server.owner.query(`SELECT "finishedAt", "storedPath" FROM "ImportJob" WHERE "tenantId" = 'demo'`)).rows;
    expect(job.storedPath).toBeNull();
    const created = await server.owner.query(`SELECT count(*)::int AS n FROM "Customer" WHERE "tenantId" = 'demo' AND "createdAt" = $1`, [job.finishedAt]);
    expect(created.rows[0].n).toBe(30);
    const events = await server.owner.query(
      `SELECT topic, count(*)::int AS n, bool_and(position IS NOT NULL AND "recordedAt" = "occurredAt") AS history FROM "OutboxEvent"
       WHERE "tenantId" = 'demo' AND "actorId" = 'demo-marketing' GROUP BY topic ORDER BY topic`,
    );
    expect(events.rows).toEqual(
      expect.arrayContaining([
        { topic: 'customer.created', n: 30, history: true },
        { topic: 'customer.contactPointAdded', n: 3, history: true },
        { topic: 'import.progressed', n: 1, history: true },
      ]),
    );
    expect((await server.owner.query(`SELECT count(*)::int AS n FROM "ImportJob" WHERE "tenantId" = 'acme'`)).rows[0].n).toBe(0);
  });
});
