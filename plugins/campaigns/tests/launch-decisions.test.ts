import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { countStatements } from '../../../tests/support/statement-tally.ts';
import { manualClock } from '../../../src/plugin-api.ts';
import { startTestServer, type TestServer } from '../../../tests/support/server.ts';
import { RUNNER_ENVIRONMENT, campaignRow, campaignsWithRunner, completedRun, drawOf, globalIdOf, LAUNCH, liveCustomers, rows, staticSegment, TENANT } from './launch-support.ts';

// A launch decides every customer of its audience once per channel: control members are held back
// and never contacted, and everyone without consent, suppressed, or over the cap is excluded with
// the reason. Every decision is checked against an expectation computed here from the profile's
// rows, independently of the launch's SQL.

const seededAt = new Date(inject('demoSeededAt'));
const CONTROL_SHARE = 0.2;
const CHANNELS = ['EMAIL', 'SMS'];
const BATCH = 25;

interface Facts {
  consents: Map<string, Map<string, string>>;
  emails: Map<string, string[]>;
  phones: Map<string, string[]>;
}

async function readFacts(server: TestServer, customers: readonly string[]): Promise<Facts> {
  const consents = new Map<string, Map<string, string>>();
  for (const row of await rows<{ customerId: string; channel: string; status: string }>(
    server,
    `SELECT "customerId"::text AS "customerId", channel::text AS channel, status::text AS status FROM "Consent" WHERE "customerId" = ANY($1::uuid[])`,
    [customers],
  )) {
    consents.set(row.customerId, (consents.get(row.customerId) ?? new Map()).set(row.channel, row.status));
  }
  const emails = new Map<string, string[]>();
  const phones = new Map<string, string[]>();
  for (const row of await rows<{ customerId: string; kind: string; value: string }>(
    server,
    `SELECT "customerId"::text AS "customerId", kind::text AS kind, value FROM "ContactPoint" WHERE "customerId" = ANY($1::uuid[]) AND "isActive" AND kind IN ('EMAIL', 'PHONE')`,
    [customers],
  )) {
    const map = row.kind === 'EMAIL' ? emails : phones;
    map.set(row.customerId, [...(map.get(row.customerId) ?? []), row.value]);
  }
  return { consents, emails, phones };
}

describe('launching a campaign', () => {
  let server: TestServer;
  let audience: string[];
  let campaignId: string;
  let withdrawn: string;
  let suppressed: string;
  let capped: string;
  const batchStatements: number[] = [];

  beforeAll(async () => {
    server = await startTestServer({
      clock: manualClock(seededAt),
      environment: RUNNER_ENVIRONMENT,
      extraPlugins: [
        campaignsWithRunner({ intervalMs: 100, batchSize: BATCH }, (context) => ({
          ...context,
          inTenant: async (tenantId, work) => {
            const tally = { count: 0 };
            try {
              return await countStatements(tally, () => context.inTenant(tenantId, work));
            } finally {
              batchStatements.push(tally.count);
            }
          },
        })),
      ],
    });
    audience = await liveCustomers(server, 120);
    const segmentId = await staticSegment(server, audience, seededAt);
    campaignId = await campaignRow(server, { channels: CHANNELS, controlShare: CONTROL_SHARE, include: [segmentId], variants: [{ name: 'A', weight: 1 }, { name: 'B', weight: 3 }] }, seededAt);

    // Three customers outside the control group, reachable by e-mail today, each made unreachable one way.
    const facts = await readFacts(server, audience);
    const reachable = audience.filter(
      (id) => drawOf(campaignId, id) >= CONTROL_SHARE && facts.consents.get(id)?.get('EMAIL') === 'GRANTED' && (facts.emails.get(id) ?? []).length > 0,
    );
    expect(reachable.length).toBeGreaterThanOrEqual(3);
    [withdrawn, suppressed, capped] = reachable as [string, string, string];
    await rows(server, `UPDATE "Consent" SET status = 'WITHDRAWN' WHERE "customerId" = $1 AND channel = 'EMAIL'`, [withdrawn]);
    await rows(server, `INSERT INTO "CampaignSuppression" (id, "tenantId", value, channel, reason) VALUES (gen_random_uuid(), $1, $2, 'EMAIL', 'Asked not to be mailed')`, [
      TENANT,
      facts.emails.get(suppressed)![0],
    ]);
    // Two marketing contacts yesterday from another campaign: the cap (2 a week) is reached.
    const other = await campaignRow(server, { channels: CHANNELS, controlShare: 0, include: [segmentId], status: 'RUNNING' }, seededAt);
    const [otherRun] = await rows<{ id: string }>(
      server,
      `INSERT INTO "CampaignRun" (id, "tenantId", "campaignId", step, "snapshotSegmentId", status, "startedAt") VALUES (gen_random_uuid(), $1, $2, 'launch', $3, 'COMPLETED', $4) RETURNING id::text AS id`,
      [TENANT, other, segmentId, seededAt],
    );
    const yesterday = new Date(seededAt.getTime() - 86_400_000);
    for (const channel of CHANNELS) {
      await rows(
        server,
        `INSERT INTO "CampaignRecipient" (id, "tenantId", "campaignId", "runId", step, "customerId", channel, outcome, "decidedAt") VALUES (gen_random_uuid(), $1, $2, $3, 'launch', $4, $5::"CampaignChannel", 'CONTACTED', $6)`,
        [TENANT, other, otherRun!.id, capped, channel, yesterday],
      );
    }
  }, 180_000);
  afterAll(async () => {
    await server?.stop();
  });

  it('decides every customer once per channel as consent, suppression, contact points, the cap and the control group say', async () => {
    const launched = await server.graphql(LAUNCH, { id: globalIdOf('Campaign', campaignId) });
    expect(launched.data?.launchCampaign.__typename, JSON.stringify(launched)).toBe('LaunchCampaignPayload');
    expect(launched.data!.launchCampaign.run.audience).toBe(audience.length);
    const run = await completedRun(server, campaignId);

    const facts = await readFacts(server, audience);
    // What else stands in the tables at the launch: the demo's own campaign contacts of the last week
    // count toward the cap, and the demo's suppressions hold as the test's does.
    const priorContacts = new Map(
      (
        await rows<{ customerId: string; contacts: number }>(
          server,
          `SELECT "customerId"::text AS "customerId", count(*)::int AS contacts FROM "CampaignRecipient"
           WHERE outcome = 'CONTACTED' AND "campaignId" <> $1::uuid AND "decidedAt" > $2::timestamp(3) - interval '7 days' GROUP BY 1`,
          [campaignId, seededAt],
        )
      ).map((row) => [row.customerId, row.contacts]),
    );
    const suppressions = await rows<{ customerId: string | null; value: string | null; channel: string | null }>(
      server,
      `SELECT "customerId"::text AS "customerId", value, channel::text AS channel FROM "CampaignSuppression"`,
    );
    const suppressedOn = (customer: string, channel: string) =>
      suppressions.some(
        (entry) =>
          (entry.channel === null || entry.channel === channel) &&
          (entry.customerId === customer || (entry.value !== null && [...(facts.emails.get(customer) ?? []), ...(facts.phones.get(customer) ?? [])].includes(entry.value))),
      );
    const expected = new Map<string, { outcome: string; reason: string | null }>();
    for (const customer of audience) {
      const judged = new Map<string, { outcome: string; reason: string | null }>();
      let contacts = priorContacts.get(customer) ?? 0;
      for (const channel of CHANNELS) {
        const consent = facts.consents.get(customer)?.get(channel);
        const points = channel === 'EMAIL' ? facts.emails.get(customer) : facts.phones.get(customer);
        const isSuppressed = suppressedOn(customer, channel);
        const reason = !consent
          ? 'NO_CONSENT'
          : consent !== 'GRANTED'
            ? 'CONSENT_WITHDRAWN'
            : isSuppressed
              ? 'SUPPRESSED'
              : !points?.length
                ? 'NO_CONTACT_POINT'
                : contacts + 1 > 2
                  ? 'FREQUENCY_CAP'
                  : null;
        if (reason === null) contacts += 1;
        judged.set(`${customer}:${channel}`, { outcome: reason ? 'EXCLUDED' : 'CONTACTED', reason });
      }
      // The control group is drawn among those the campaign could contact: held back on their first such channel.
      const firstContactable = CHANNELS.find((channel) => judged.get(`${customer}:${channel}`)!.reason === null);
      if (drawOf(campaignId, customer) < CONTROL_SHARE && firstContactable) expected.set(`${customer}:${firstContactable}`, { outcome: 'CONTROL', reason: null });
      else for (const [key, decision] of judged) expected.set(key, decision);
    }
    const decided = await rows<{ customerId: string; channel: string; outcome: string; reason: string | null; interactionId: string | null }>(
      server,
      `SELECT "customerId"::text AS "customerId", channel::text AS channel, outcome::text AS outcome, "exclusionReason"::text AS reason, "interactionId"::text AS "interactionId"
       FROM "CampaignRecipient" WHERE "runId" = $1`,
      [run.id],
    );
    expect(new Map(decided.map((row) => [`${row.customerId}:${row.channel}`, { outcome: row.outcome, reason: row.reason }]))).toEqual(expected);
    expect(expected.get(`${withdrawn}:EMAIL`)).toEqual({ outcome: 'EXCLUDED', reason: 'CONSENT_WITHDRAWN' });
    expect(expected.get(`${suppressed}:EMAIL`)).toEqual({ outcome: 'EXCLUDED', reason: 'SUPPRESSED' });
    expect(expected.get(`${capped}:EMAIL`)).toEqual({ outcome: 'EXCLUDED', reason: 'FREQUENCY_CAP' });
    const count = (outcome: string) => [...expected.values()].filter((decision) => decision.outcome === outcome).length;
    expect({ contacted: run.contacted, control: run.control, excluded: run.excluded }).toEqual({ contacted: count('CONTACTED'), control: count('CONTROL'), excluded: count('EXCLUDED') });
    expect(count('CONTACTED')).toBeGreaterThan(0);
    expect(count('CONTROL')).toBeGreaterThan(0);

    // The contacts are the campaign's interactions, one each; control members and exclusions have none.
    const contacts = await rows<{ id: string; customerId: string; externalId: string; channel: string }>(
      server,
      `SELECT id::text AS id, "customerId"::text AS "customerId", "externalId", channel::text AS channel FROM "Interaction" WHERE source = 'campaign' AND "externalId" LIKE $1`,
      [`${campaignId}:%`],
    );
    const contacted = decided.filter((row) => row.outcome === 'CONTACTED');
    expect(contacts.map((contact) => contact.externalId).sort()).toEqual(contacted.map((row) => `${campaignId}:launch:${row.customerId}:${row.channel}`).sort());
    expect(new Set(contacts.map((contact) => contact.id))).toEqual(new Set(contacted.map((row) => row.interactionId)));
    const controlMembers = new Set(decided.filter((row) => row.outcome === 'CONTROL').map((row) => row.customerId));
    expect(contacts.filter((contact) => controlMembers.has(contact.customerId))).toEqual([]);

    // The exclusion report says the same.
    const report = await server.graphql(
      `query Report($id: ID!) { node(id: $id) { ... on CampaignRun { status exclusions { channel reason count } recipients(first: 5, outcome: EXCLUDED, exclusionReason: SUPPRESSED) { edges { node { channel customer { id } } } } } } }`,
      { id: globalIdOf('CampaignRun', run.id) },
    );
    expect(report.errors).toBeUndefined();
    const byReason = new Map<string, number>();
    for (const [key, decision] of expected) if (decision.reason) byReason.set(`${key.split(':')[1]}:${decision.reason}`, (byReason.get(`${key.split(':')[1]}:${decision.reason}`) ?? 0) + 1);
    expect(new Map(report.data!.node.exclusions.map((row: { channel: string; reason: string; count: number }) => [`${row.channel}:${row.reason}`, row.count]))).toEqual(byReason);
    expect(report.data!.node.status).toBe('COMPLETED');
  }, 120_000);

  it('launching again answers the same run and contacts no one twice', async () => {
    const [before] = await rows<{ count: number }>(server, `SELECT count(*)::int AS count FROM "Interaction" WHERE source = 'campaign' AND "externalId" LIKE $1`, [`${campaignId}:%`]);
    const again = await server.graphql(LAUNCH, { id: globalIdOf('Campaign', campaignId) });
    expect(again.data?.launchCampaign.__typename, JSON.stringify(again)).toBe('LaunchCampaignPayload');
    const [runs] = await rows<{ count: number }>(server, `SELECT count(*)::int AS count FROM "CampaignRun" WHERE "campaignId" = $1`, [campaignId]);
    expect(runs!.count).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const [after] = await rows<{ count: number }>(server, `SELECT count(*)::int AS count FROM "Interaction" WHERE source = 'campaign' AND "externalId" LIKE $1`, [`${campaignId}:%`]);
    expect(after!.count).toBe(before!.count);
  });

  it('costs the same statements per batch however large the audience', async () => {
    // Customers no earlier test contacted, so the cap leaves every batch someone to contact.
    const fresh = (await liveCustomers(server, audience.length + 16 * BATCH)).slice(audience.length);
    const small = fresh.slice(0, 4 * BATCH);
    const large = fresh.slice(4 * BATCH);
    expect(large.length).toBe(12 * BATCH);
    const perBatch: number[][] = [];
    for (const members of [small, large]) {
      const segmentId = await staticSegment(server, members, seededAt);
      // No control group, so every batch contacts someone (the interactions' statements always run).
      const id = await campaignRow(server, { channels: ['WEB'], controlShare: 0, include: [segmentId] }, seededAt);
      batchStatements.length = 0;
      const launched = await server.graphql(LAUNCH, { id: globalIdOf('Campaign', id) });
      expect(launched.data?.launchCampaign.__typename).toBe('LaunchCampaignPayload');
      await completedRun(server, id);
      await new Promise((resolve) => setTimeout(resolve, 300));
      perBatch.push(batchStatements.filter((count) => count > 0));
    }
    console.info(`statements per batch: ${JSON.stringify(perBatch)}`);
    const [fewer, more] = perBatch as [number[], number[]];
    // Full batches then the last (which also completes the run).
    expect(fewer.length).toBeGreaterThanOrEqual(5);
    expect(more.length).toBeGreaterThanOrEqual(13);
    const full = fewer[0]!;
    expect(fewer.slice(0, 4)).toEqual([full, full, full, full]);
    expect(more.slice(0, 12)).toEqual(Array(12).fill(full));
  }, 120_000);
});
