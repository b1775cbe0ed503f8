import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { manualClock } from '../../../src/plugin-api.ts';
import { startTestServer, type TestServer } from '../../../tests/support/server.ts';
import { rowIdOf, tenantRows } from './support.ts';

const DAY = 86_400_000;

const SEGMENTS = /* GraphQL */ `
  query Segments {
    segments(first: 50) { edges { node { id name size } } }
  }
`;
const DAYS = /* GraphQL */ `
  query Days($id: ID!, $from: Date, $to: Date) {
    node(id: $id) { ... on Segment { days(from: $from, to: $to) { day size entered exited } } }
  }
`;
const VALUE = /* GraphQL */ `
  query Value($id: ID!) {
    node(id: $id) { ... on Segment { size value { currency members scoredMembers historicalValue predictedValue } } }
  }
`;
const RFM = /* GraphQL */ `
  query Rfm($segmentId: ID) {
    rfmDistribution(segmentId: $segmentId) { cell customers monetaryValue predictedValue }
  }
`;

// The marketing KPIs read the seeded demo's history and scores: each equals a computation the test
// does on its own over the rows (sizes day by day from the stays, sums from the scores).
describe('marketing KPIs', () => {
  const seededAt = new Date(inject('demoSeededAt'));
  let server: TestServer;
  let segments: { id: string; name: string; size: number }[];

  beforeAll(async () => {
    server = await startTestServer({ clock: manualClock(seededAt) });
    segments = (await server.graphql(SEGMENTS)).data!.segments.edges.map((edge: { node: { id: string; name: string; size: number } }) => edge.node);
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
  });

  const segmentNamed = (name: string) => segments.find((segment) => segment.name === name)!;

  it("gives each day's size, entries and exits of a segment, equal to a count over its stays", async () => {
    const lapsed = segmentNamed('Lapsed buyers');
    const today = new Date(Math.floor(seededAt.getTime() / DAY) * DAY);
    const from = new Date(today.getTime() - 89 * DAY);
    const answer = await server.graphql(DAYS, { id: lapsed.id, from: from.toISOString().slice(0, 10), to: today.toISOString().slice(0, 10) });
    expect(answer.errors).toBeUndefined();
    const days = answer.data!.node.days as { day: string; size: number; entered: number; exited: number }[];
    expect(days).toHaveLength(90);
    const stays = await tenantRows<{ enteredAt: Date; exitedAt: Date | null }>(
      server.owner,
      'demo',
      `SELECT "enteredAt", "exitedAt" FROM "SegmentMembership" WHERE "tenantId" = 'demo' AND "segmentId" = $1::uuid`,
      [rowIdOf(lapsed.id)],
    );
    for (const day of days) {
      const start = Date.parse(`${day.day}T00:00:00Z`);
      const end = start + DAY;
      const within = (at: Date | null) => at !== null && at.getTime() >= start && at.getTime() < end;
      expect(day, day.day).toEqual({
        day: day.day,
        size: stays.filter((stay) => stay.enteredAt.getTime() < end && (stay.exitedAt === null || stay.exitedAt.getTime() >= end)).length,
        entered: stays.filter((stay) => within(stay.enteredAt)).length,
        exited: stays.filter((stay) => within(stay.exitedAt)).length,
      });
    }
    expect(days.at(-1)!.size).toBe(lapsed.size);
    expect(days.some((day) => day.entered > 0) && days.some((day) => day.exited > 0)).toBe(true);
  });

  it('refuses a range of days that runs backwards or spans more than a year', async () => {
    const { id } = segmentNamed('Lapsed buyers');
    const backwards = await server.graphql(DAYS, { id, from: '2026-10-02', to: '2026-10-01' });
    expect(backwards.errors?.[0]?.extensions).toMatchObject({ code: 'VALIDATION' });
    const tooLong = await server.graphql(DAYS, { id, from: '2024-01-01', to: '2026-01-01' });
    expect(tooLong.errors?.[0]?.extensions).toMatchObject({ code: 'VALIDATION' });
  });

  it("gives a segment's historical and predicted value, equal to the sums of its members' scores", async () => {
    const bigSpenders = segmentNamed('Big spenders');
    const answer = await server.graphql(VALUE, { id: bigSpenders.id });
    expect(answer.errors).toBeUndefined();
    const [expected] = await tenantRows<{ members: number; scored: number; historical: string; predicted: string }>(
      server.owner,
      'demo',
      `SELECT count(*)::int AS members, count(s."customerId")::int AS scored,
              COALESCE(sum(s."monetaryValue"), 0)::text AS historical, COALESCE(sum(s."predictedValue"), 0)::text AS predicted
       FROM "SegmentMembership" m LEFT JOIN "CustomerScore" s ON s."customerId" = m."customerId"
       WHERE m."tenantId" = 'demo' AND m."segmentId" = $1::uuid AND m."exitedAt" IS NULL`,
      [rowIdOf(bigSpenders.id)],
    );
    const value = answer.data!.node.value as { currency: string | null; members: number; scoredMembers: number; historicalValue: string; predictedValue: string }[];
    expect(value.reduce((sum, row) => sum + row.members, 0)).toBe(expected!.members);
    expect(value.reduce((sum, row) => sum + row.scoredMembers, 0)).toBe(expected!.scored);
    const cents = (text: string) => Math.round(Number(text) * 100);
    expect(value.reduce((sum, row) => sum + cents(row.historicalValue), 0)).toBe(cents(expected!.historical));
    expect(value.reduce((sum, row) => sum + cents(row.predictedValue), 0)).toBe(cents(expected!.predicted));
    expect(cents(expected!.historical)).toBeGreaterThan(0);
  });

  it('spreads scored customers over the RFM cells, for the tenant and for one segment', async () => {
    const cellsOf = async (segmentId: string | null) => {
      const rows = await tenantRows<{ cell: string; customers: number; monetary: string }>(
        server.owner,
        'demo',
        `SELECT s."rfmCell"::text AS cell, count(*)::int AS customers, sum(s."monetaryValue")::text AS monetary FROM "CustomerScore" s
         WHERE s."tenantId" = 'demo' AND s."rfmCell" IS NOT NULL
           AND ($1::uuid IS NULL OR s."customerId" IN (SELECT "customerId" FROM "SegmentMembership" WHERE "segmentId" = $1::uuid AND "exitedAt" IS NULL))
         GROUP BY 1 ORDER BY 1`,
        [segmentId],
      );
      return rows.map((row) => ({ cell: row.cell, customers: row.customers, monetaryValue: Math.round(Number(row.monetary) * 100) }));
    };
    const answered = async (segmentId: string | null) => {
      const answer = await server.graphql(RFM, { segmentId });
      expect(answer.errors).toBeUndefined();
      return (answer.data!.rfmDistribution as { cell: string; customers: number; monetaryValue: string }[])
        .map((row) => ({ cell: row.cell, customers: row.customers, monetaryValue: Math.round(Number(row.monetaryValue) * 100) }))
        .sort((left, right) => left.cell.localeCompare(right.cell));
    };
    const tenant = await answered(null);
    expect(tenant).toEqual((await cellsOf(null)).sort((left, right) => left.cell.localeCompare(right.cell)));
    expect(tenant.length).toBeGreaterThan(5);
    const lapsed = segmentNamed('Lapsed buyers');
    const ofSegment = await answered(lapsed.id);
    expect(ofSegment).toEqual((await cellsOf(rowIdOf(lapsed.id))).sort((left, right) => left.cell.localeCompare(right.cell)));
    // Lapsed buyers have not bought for half a year: none of them is a champion.
    expect(ofSegment.find((row) => row.cell === 'CHAMPIONS')).toBeUndefined();
  });
});
