import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { manualClock } from '../../../src/plugin-api.ts';
import { startTestServer, type TestServer } from '../../../tests/support/server.ts';
import { seedTenantThenRollBack } from '../../../tests/support/seed-tenant.ts';
import interactions from '../../interactions/plugin.ts';
import pipeline from '../../pipeline/plugin.ts';
import profile from '../../profile/plugin.ts';
import tickets from '../../tickets/plugin.ts';
import segments from '../plugin.ts';
import { globalIdOf, PREVIEW } from './support.ts';

// The marketing demo: a dozen segments the source documents describe, each rule one the API
// accepts, each with members and none with nearly everyone; twelve weeks of entries and exits
// with the event of each; the same rows every time it is seeded.

// The instant the template's demo history ends (tests/support/global-setup.ts), as the UTC text
// the zone-less columns compare with.
const DEMO_NOW = inject('demoSeededAt');
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ clock: manualClock(new Date(DEMO_NOW)) });
});
afterAll(() => server?.stop());

async function one<Row extends Record<string, any>>(sql: string, parameters: unknown[] = []): Promise<Row> {
  return (await server.owner.query<Row>(sql, parameters)).rows[0]!;
}

const SEGMENTS = /* GraphQL */ `
  query Segments {
    segments(first: 100) {
      totalCount
      edges { node { id name description ownerId kind rule movesWithTime evaluatedAt snapshotAt createdAt size } }
    }
  }
`;

interface DemoSegmentNode {
  id: string;
  name: string;
  description: string | null;
  ownerId: string | null;
  kind: 'DYNAMIC' | 'STATIC';
  rule: Record<string, any> | null;
  movesWithTime: boolean;
  evaluatedAt: string | null;
  snapshotAt: string | null;
  createdAt: string;
  size: number;
}

// The campaigns' demo launches took their audiences as static segments too (CampaignRun.snapshotSegmentId):
// these tests are about the segments this area's seed wrote, so those are left out.
async function demoSegments(): Promise<Map<string, DemoSegmentNode>> {
  const response = await server.graphql(SEGMENTS);
  expect(response.errors).toBeUndefined();
  const audiences = new Set((await server.owner.query<{ id: string }>(`SELECT "snapshotSegmentId"::text AS id FROM "CampaignRun"`)).rows.map((row) => globalIdOf('Segment', row.id)));
  const seeded = (response.data!.segments.edges as { node: DemoSegmentNode }[]).filter(({ node }) => !audiences.has(node.id));
  return new Map(seeded.map(({ node }) => [node.name, node]));
}

/** A stored rule as a client writes it: segment references by global id. */
function asClientRule(rule: Record<string, any>): Record<string, any> {
  if (rule.inSegment) return { inSegment: globalIdOf('Segment', rule.inSegment) };
  if (rule.all) return { all: rule.all.map(asClientRule) };
  if (rule.any) return { any: rule.any.map(asClientRule) };
  if (rule.not) return { not: asClientRule(rule.not) };
  return rule;
}

const DEMO_NAMES = [
  'Key accounts in Spain',
  'Lapsed buyers',
  'Complained in the last 30 days',
  'Consented to e-mail',
  'Birthday this month',
  'Organizations with open deals',
  'Frequent buyers',
  'Big spenders',
  'New customers',
  'Active people in Madrid',
  'High-value lapsed',
  'High value at risk',
  'Christmas campaign 2026 audience',
  'VIP event guests',
];
const STATIC_NAMES = ['Christmas campaign 2026 audience', 'VIP event guests'];

describe('the demo segments', () => {
  it('are the dozen the documents describe, each with an owner, members, and none holding nearly everyone', async () => {
    const segments = await demoSegments();
    expect([...segments.keys()].sort()).toEqual([...DEMO_NAMES].sort());
    const { live } = await one<{ live: number }>(`SELECT count(*)::int AS live FROM "Customer" WHERE "tenantId" = 'demo' AND "archivedAt" IS NULL`);
    for (const segment of segments.values()) {
      expect(segment.description, segment.name).toEqual(expect.any(String));
      expect(segment.ownerId, segment.name).toEqual(expect.any(String));
      expect(segment.size, segment.name).toBeGreaterThan(0);
      expect(segment.size, segment.name).toBeLessThan(live / 2);
    }
    expect([...segments.values()].filter((segment) => segment.kind === 'STATIC').map((segment) => segment.name).sort()).toEqual(STATIC_NAMES);
  });

  it('store rules the API accepts, and each dynamic segment holds exactly whom its rule selects at the end of the history', async () => {
    const segments = await demoSegments();
    const dynamic = [...segments.values()].filter((segment) => segment.kind === 'DYNAMIC');
    expect(dynamic).toHaveLength(12);
    for (const segment of dynamic) {
      const preview = await server.graphql(PREVIEW, { rule: asClientRule(segment.rule!), first: 0 });
      expect(preview.errors, segment.name).toBeUndefined();
      expect(preview.data!.segmentPreview.count, segment.name).toBe(segment.size);
    }
    const composed = segments.get('High-value lapsed')!.rule!;
    expect(composed.all.map((node: { inSegment: string }) => globalIdOf('Segment', node.inSegment)).sort()).toEqual([segments.get('Big spenders')!.id, segments.get('Lapsed buyers')!.id].sort());
  });

  it('are evaluated at the end of the history, those that move with time due again a quarter of an hour later', async () => {
    const { rows } = await server.owner.query<{ name: string; timeDependent: boolean; evaluated: string | null; due: string | null; snapshot: string | null; createdBefore: boolean }>(
      // Instants as seconds from the end of the history: no reading of zone-less timestamps in the test's own zone.
      `SELECT name, "timeDependent",
              extract(epoch FROM "evaluatedAt" - $1::timestamp(3))::text AS evaluated, extract(epoch FROM "nextEvaluationAt" - $1::timestamp(3))::text AS due,
              extract(epoch FROM "snapshotAt" - $1::timestamp(3))::text AS snapshot, "createdAt" < $1::timestamp(3) AS "createdBefore"
       FROM "Segment" WHERE "tenantId" = 'demo' AND id NOT IN (SELECT "snapshotSegmentId" FROM "CampaignRun")`,
      [DEMO_NOW],
    );
    expect(rows.filter((row) => row.timeDependent).map((row) => row.name).sort()).toEqual(
      ['Big spenders', 'Birthday this month', 'Complained in the last 30 days', 'Frequent buyers', 'High value at risk', 'Lapsed buyers', 'New customers'].sort(),
    );
    const byName = new Map(rows.map((row) => [row.name, row]));
    for (const row of rows) {
      expect(row.createdBefore, row.name).toBe(true);
      expect(row.due === null ? null : Number(row.due), row.name).toBe(row.timeDependent ? 15 * 60 : null);
    }
    for (const row of rows.filter((row) => !STATIC_NAMES.includes(row.name))) expect([row.name, Number(row.evaluated), row.snapshot]).toEqual([row.name, 0, null]);
    const christmas = byName.get('Christmas campaign 2026 audience')!;
    expect([Number(christmas.snapshot), Number(christmas.evaluated)]).toEqual([-14 * 86_400, -14 * 86_400]);
    expect(byName.get('VIP event guests')).toMatchObject({ snapshot: null, evaluated: null });
  });

  it.each([
    [
      'Key accounts in Spain',
      `SELECT c.id FROM "Customer" c WHERE c."tenantId" = 'demo' AND c."archivedAt" IS NULL AND 'KEY_ACCOUNT' = ANY(c.audiences::text[]) AND c.country = 'ES'`,
    ],
    [
      'Lapsed buyers',
      `SELECT i."customerId" FROM "Interaction" i JOIN "Customer" c ON c.id = i."customerId" AND c."archivedAt" IS NULL
       WHERE i."tenantId" = 'demo' AND i.kind = 'PURCHASE' GROUP BY i."customerId" HAVING max(i."occurredAt") < $1::timestamp(3) - interval '180 days'`,
    ],
    [
      'Consented to e-mail',
      `SELECT k."customerId" FROM "Consent" k JOIN "Customer" c ON c.id = k."customerId" AND c."archivedAt" IS NULL
       WHERE k."tenantId" = 'demo' AND k.channel = 'EMAIL' AND k.status = 'GRANTED'`,
    ],
    [
      'Frequent buyers',
      `SELECT i."customerId" FROM "Interaction" i JOIN "Customer" c ON c.id = i."customerId" AND c."archivedAt" IS NULL
       WHERE i."tenantId" = 'demo' AND i.kind = 'PURCHASE' AND i."occurredAt" >= $1::timestamp(3) - interval '90 days' GROUP BY i."customerId" HAVING count(*) >= 3`,
    ],
    [
      'High-value lapsed',
      `SELECT i."customerId" FROM "Interaction" i JOIN "Customer" c ON c.id = i."customerId" AND c."archivedAt" IS NULL
       WHERE i."tenantId" = 'demo' AND i.kind = 'PURCHASE' GROUP BY i."customerId"
       HAVING max(i."occurredAt") < $1::timestamp(3) - interval '180 days'
          AND COALESCE(sum(i.amount) FILTER (WHERE i.currency = 'EUR' AND i."occurredAt" >= $1::timestamp(3) - interval '365 days'), 0) >= 1000`,
    ],
  ])('has as current members of "%s" exactly the customers a separate query finds', async (name, query) => {
    const members = await server.owner.query<{ id: string }>(
      `SELECT m."customerId"::text AS id FROM "SegmentMembership" m JOIN "Segment" s ON s.id = m."segmentId" AND s.id NOT IN (SELECT "snapshotSegmentId" FROM "CampaignRun")
       WHERE s."tenantId" = 'demo' AND s.name = $1 AND m."exitedAt" IS NULL ORDER BY 1`,
      [name],
    );
    const expected = await server.owner.query<{ id: string }>(`SELECT id::text FROM (${query}) found(id) ORDER BY 1`, query.includes('$1') ? [DEMO_NOW] : []);
    expect(expected.rows.length).toBeGreaterThan(0);
    expect(members.rows.map((row) => row.id)).toEqual(expected.rows.map((row) => row.id));
  });

  it('keeps twelve weeks of history, exits as well as entries, each stay dated after its segment and its customer were recorded', async () => {
    const history = await one(
      `SELECT count(*)::int AS stays, count(m."exitedAt")::int AS exits, count(DISTINCT m."enteredAt")::int AS "entryInstants",
              count(*) FILTER (WHERE m."enteredAt" < s."createdAt")::int AS "beforeTheSegment",
              count(*) FILTER (WHERE m."enteredAt" < c."createdAt")::int AS "beforeTheCustomer",
              count(*) FILTER (WHERE m."enteredAt" > $1::timestamp(3) OR m."exitedAt" > $1::timestamp(3))::int AS "afterTheEnd",
              count(*) FILTER (WHERE m."exitedAt" <= m."enteredAt")::int AS "emptyStays",
              extract(epoch FROM $1::timestamp(3) - min(m."enteredAt"))::float / 86400 AS "firstDaysAgo",
              count(*) FILTER (WHERE s.kind = 'DYNAMIC' AND m.source <> 'RULE')::int AS "dynamicNotByRule",
              count(*) FILTER (WHERE s.name = 'Christmas campaign 2026 audience' AND m.source <> 'SNAPSHOT')::int AS "snapshotNotBySnapshot",
              count(*) FILTER (WHERE s.name = 'VIP event guests' AND m.source = 'MANUAL')::int AS "vipGuests"
       FROM "SegmentMembership" m JOIN "Segment" s ON s.id = m."segmentId" AND s.id NOT IN (SELECT "snapshotSegmentId" FROM "CampaignRun") JOIN "Customer" c ON c.id = m."customerId"
       WHERE m."tenantId" = 'demo'`,
      [DEMO_NOW],
    );
    expect(history).toMatchObject({ beforeTheSegment: 0, beforeTheCustomer: 0, afterTheEnd: 0, emptyStays: 0, dynamicNotByRule: 0, snapshotNotBySnapshot: 0, vipGuests: 25 });
    expect(history.exits).toBeGreaterThan(history.stays * 0.1);
    // The weekly evaluations, the saves, the snapshot and the hand-picked list.
    expect(history.entryInstants).toBeGreaterThanOrEqual(12);
    expect(history.firstDaysAgo).toBeLessThanOrEqual(12 * 7);
    expect(history.firstDaysAgo).toBeGreaterThan(11 * 7);
  });

  it('writes the event of every entry and every exit, shaped as the live ones, in the order they happened', async () => {
    const stayEvent = (topic: string, at: string) => `EXISTS (
      SELECT 1 FROM "OutboxEvent" e WHERE e."tenantId" = 'demo' AND e.topic = '${topic}'
        AND e."subjectId" = encode(convert_to('Segment:' || s.id::text, 'UTF8'), 'base64') AND e."customerId" = m."customerId" AND e."occurredAt" = m.${at}
        AND e."customerNodeId" = encode(convert_to(CASE c.kind WHEN 'PERSON' THEN 'Person:' ELSE 'Organization:' END || c.id::text, 'UTF8'), 'base64')
        AND e.payload = jsonb_build_object('segmentId', e."subjectId", 'segmentName', s.name, 'source', m.source::text))`;
    const counts = await one(
      `SELECT (SELECT count(*) FROM "SegmentMembership" WHERE "tenantId" = 'demo' AND "segmentId" NOT IN (SELECT "snapshotSegmentId" FROM "CampaignRun"))::int AS stays,
              (SELECT count(*) FROM "SegmentMembership" WHERE "tenantId" = 'demo' AND "segmentId" NOT IN (SELECT "snapshotSegmentId" FROM "CampaignRun") AND "exitedAt" IS NOT NULL)::int AS exits,
              (SELECT count(*) FROM "OutboxEvent" WHERE "tenantId" = 'demo' AND topic = 'segment.entered')::int AS "enteredEvents",
              (SELECT count(*) FROM "OutboxEvent" WHERE "tenantId" = 'demo' AND topic = 'segment.exited')::int AS "exitedEvents",
              (SELECT count(*) FROM "SegmentMembership" m JOIN "Segment" s ON s.id = m."segmentId" AND s.id NOT IN (SELECT "snapshotSegmentId" FROM "CampaignRun") JOIN "Customer" c ON c.id = m."customerId"
                WHERE m."tenantId" = 'demo' AND NOT ${stayEvent('segment.entered', '"enteredAt"')})::int AS "entriesWithoutEvent",
              (SELECT count(*) FROM "SegmentMembership" m JOIN "Segment" s ON s.id = m."segmentId" AND s.id NOT IN (SELECT "snapshotSegmentId" FROM "CampaignRun") JOIN "Customer" c ON c.id = m."customerId"
                WHERE m."tenantId" = 'demo' AND m."exitedAt" IS NOT NULL AND NOT ${stayEvent('segment.exited', '"exitedAt"')})::int AS "exitsWithoutEvent",
              (SELECT count(*) FROM (SELECT "occurredAt", lag("occurredAt") OVER (ORDER BY position) AS previous FROM "OutboxEvent"
                WHERE "tenantId" = 'demo' AND topic LIKE 'segment.%') ordered WHERE "occurredAt" < previous)::int AS "outOfOrder",
              (SELECT count(*) FROM "OutboxEvent" WHERE "tenantId" = 'demo' AND topic LIKE 'segment.%' AND position IS NULL)::int AS unpositioned`,
    );
    expect(counts).toEqual({
      stays: counts.enteredEvents,
      exits: counts.exitedEvents,
      enteredEvents: counts.stays,
      exitedEvents: counts.exits,
      entriesWithoutEvent: 0,
      exitsWithoutEvent: 0,
      outOfOrder: 0,
      unpositioned: 0,
    });
    const saved = await one(`SELECT count(*)::int AS n FROM "OutboxEvent" WHERE "tenantId" = 'demo' AND topic = 'segment.saved' AND payload->>'change' = 'CREATED'`);
    expect(saved.n).toBe(DEMO_NAMES.length);
  });

  it("puts segment events on most customers' timelines", async () => {
    const reach = await one(
      `SELECT (SELECT count(DISTINCT "customerId") FROM "OutboxEvent" WHERE "tenantId" = 'demo' AND topic LIKE 'segment.%')::int AS reached,
              (SELECT count(*) FROM "Customer" WHERE "tenantId" = 'demo')::int AS customers`,
    );
    expect(reach.reached).toBeGreaterThan(reach.customers / 2);
  });

  it('leaves out the segments of an area that is not enabled, and the conditions on it', async () => {
    const seeded = await seedTenantThenRollBack(
      server.owner,
      { tenantId: 'segments-seed-without', customers: 200, now: new Date(DEMO_NOW), plugins: [[profile, 11], [interactions, 22], [segments, 55]] },
      async () => (await server.owner.query<{ name: string; rule: unknown }>(`SELECT name, rule FROM "Segment" WHERE "tenantId" = 'segments-seed-without'`)).rows,
    );
    const names = seeded.map((segment) => segment.name);
    expect(names.sort()).toEqual(DEMO_NAMES.filter((name) => name !== 'Organizations with open deals').sort());
    expect(JSON.stringify(seeded.map((segment) => segment.rule))).not.toMatch(/"(tickets|pipeline)\./);
  });

  it('writes the same segments, stays and events every time it is seeded', async () => {
    const [first, second] = [await seedAndFingerprint('segments-seed-a'), await seedAndFingerprint('segments-seed-b')];
    expect(first.segments).toBe(DEMO_NAMES.length);
    expect(first.stays).toBeGreaterThan(first.segments);
    expect(second).toEqual(first);
  });
});

/** Seeds a small tenant with every area in a transaction that is rolled back, and fingerprints the segments' rows and events. */
async function seedAndFingerprint(tenantId: string) {
  const plugins = [[profile, 11], [interactions, 22], [pipeline, 33], [tickets, 44], [segments, 55]] as const;
  return seedTenantThenRollBack(server.owner, { tenantId, customers: 300, now: new Date(DEMO_NOW), plugins }, () =>
    one(
      `SELECT (SELECT count(*) FROM "Segment" WHERE "tenantId" = $1)::int AS segments,
              (SELECT count(*) FROM "SegmentMembership" WHERE "tenantId" = $1)::int AS stays,
              (SELECT md5(string_agg(concat_ws('|', id, name, description, "ownerId", kind, rule::text, "refersTo"::text, "timeDependent", "nextEvaluationAt", "evaluatedAt", "snapshotAt", "createdAt"), E'\\n' ORDER BY id))
               FROM "Segment" WHERE "tenantId" = $1) AS "segmentRows",
              (SELECT md5(string_agg(concat_ws('|', "segmentId", "customerId", source, "enteredAt", "exitedAt"), E'\\n' ORDER BY "segmentId", "customerId", "enteredAt"))
               FROM "SegmentMembership" WHERE "tenantId" = $1) AS "stayRows",
              (SELECT md5(string_agg(concat_ws('|', topic, "subjectId", "customerId", "customerNodeId", "actorId", payload::text, "occurredAt"), E'\\n' ORDER BY position))
               FROM "OutboxEvent" WHERE "tenantId" = $1 AND topic LIKE 'segment.%') AS events`,
      [tenantId],
    ),
  );
}
