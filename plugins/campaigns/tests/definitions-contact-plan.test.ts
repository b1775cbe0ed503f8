import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { manualClock } from '../../../src/plugin-api.ts';
import { startTestServer, type TestServer } from '../../../tests/support/server.ts';
import { statementsOf } from '../../../tests/support/statements.ts';
import { CREATE, globalIdOf, liveCustomers, rowIdOf, rows, SCHEDULE, staticSegment } from './definitions-support.ts';

const DAY = 86_400_000;
const CHANNEL_ORDER = ['EMAIL', 'SMS', 'PHONE', 'POST', 'WEB', 'MOBILE_APP'];

const PLAN = /* GraphQL */ `
  query Plan($from: Date!, $to: Date!, $segmentIds: [ID!], $channels: [CampaignChannel!]) {
    campaignContactPlan(from: $from, to: $to, segmentIds: $segmentIds, channels: $channels) {
      __typename
      ... on CampaignContactPlan { maxContacts perDays weeks { weekStart channel planned contacted capped customers campaigns { campaign { id } planned contacted capped customers } } }
      ... on ValidationError { fieldErrors { path message } }
    }
  }
`;
const CUSTOMERS_CAMPAIGNS = /* GraphQL */ `
  query CustomersCampaigns($first: Int) {
    customers(first: $first) { edges { node { id campaigns(first: 3) { totalCount edges { node { campaign { name } channel variant { name } } } } } } }
  }
`;
const UPDATE_SETTINGS = /* GraphQL */ `mutation Settings($input: UpdateCampaignSettingsInput!) { updateCampaignSettings(input: $input) { __typename } }`;
const CUSTOMER_CAMPAIGNS = /* GraphQL */ `
  query CustomerCampaigns($a: ID!, $b: ID!, $first: Int, $after: String) {
    a: node(id: $a) { ... on Customer { campaigns(first: $first, after: $after) { totalCount edges { node { campaign { id } channel step contactedAt variant { name } } } pageInfo { hasNextPage endCursor } } } }
    b: node(id: $b) { ... on Customer { campaigns(first: $first) { totalCount edges { node { campaign { id } channel } } } } }
  }
`;

interface PlannedCampaign {
  id: string;
  channels: string[];
  recurrence: string;
  startsAt: Date;
  endsAt: Date | null;
  include: string[];
  exclude: string[];
}

/** The plan's documented rules, computed on their own from the rows: occurrences, members, the cap, counts per week, channel and campaign. */
function expectedPlan(campaigns: PlannedCampaign[], members: Map<string, Set<string>>, from: Date, until: Date, cap: { maxContacts: number; perDays: number }, shown: (campaign: PlannedCampaign) => boolean, channels: string[] | null) {
  const contacts: { campaign: PlannedCampaign; channel: string; at: number; customer: string }[] = [];
  for (const campaign of campaigns) {
    // At its start, then (recurring) at the start of each UTC day, Monday or 1st of the month after it, before its end.
    const end = campaign.endsAt?.getTime() ?? Infinity;
    const occurrences: number[] = campaign.startsAt.getTime() < end ? [campaign.startsAt.getTime()] : [];
    const midnight = (time: number) => Math.floor(time / DAY) * DAY;
    const nextStart = (time: number): number => {
      if (campaign.recurrence === 'DAILY') return midnight(time) + DAY;
      if (campaign.recurrence === 'WEEKLY') return midnight(time) + (7 - ((new Date(time).getUTCDay() + 6) % 7)) * DAY;
      const date = new Date(time);
      return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
    };
    if (campaign.recurrence !== 'NONE') {
      for (let at = nextStart(campaign.startsAt.getTime()); at < end && at < until.getTime(); at = nextStart(at)) occurrences.push(at);
    }
    const audience = new Set<string>();
    for (const segment of campaign.include) for (const customer of members.get(segment) ?? []) audience.add(customer);
    for (const segment of campaign.exclude) for (const customer of members.get(segment) ?? []) audience.delete(customer);
    for (const occurrence of occurrences.filter((time) => time >= from.getTime() && time < until.getTime())) {
      for (const channel of campaign.channels) for (const customer of audience) contacts.push({ campaign, channel, at: occurrence, customer });
    }
  }
  const byCustomerWindow = new Map<string, typeof contacts>();
  for (const contact of contacts) {
    const key = `${contact.customer} ${Math.floor((contact.at - from.getTime()) / (cap.perDays * DAY))}`;
    byCustomerWindow.set(key, [...(byCustomerWindow.get(key) ?? []), contact]);
  }
  const cells = new Map<string, { weekStart: string; channel: string; campaign: string; planned: number; contacted: number; capped: number; customers: Set<string> }>();
  for (const group of byCustomerWindow.values()) {
    group.sort((a, b) => a.at - b.at || (a.campaign.id < b.campaign.id ? -1 : a.campaign.id > b.campaign.id ? 1 : 0) || CHANNEL_ORDER.indexOf(a.channel) - CHANNEL_ORDER.indexOf(b.channel));
    group.forEach((contact, rank) => {
      if (!shown(contact.campaign) || (channels && !channels.includes(contact.channel))) return;
      const day = Math.floor(contact.at / DAY) * DAY;
      const weekStart = new Date(day - ((new Date(day).getUTCDay() + 6) % 7) * DAY).toISOString().slice(0, 10);
      for (const campaign of [contact.campaign.id, '*']) {
        const key = `${weekStart} ${contact.channel} ${campaign}`;
        const cell = cells.get(key) ?? { weekStart, channel: contact.channel, campaign, planned: 0, contacted: 0, capped: 0, customers: new Set<string>() };
        cell.planned += 1;
        if (rank < cap.maxContacts) {
          cell.contacted += 1;
          cell.customers.add(contact.customer);
        } else cell.capped += 1;
        cells.set(key, cell);
      }
    });
  }
  const weeks = [...cells.values()].filter((cell) => cell.campaign === '*');
  return weeks
    .sort((a, b) => a.weekStart.localeCompare(b.weekStart) || a.channel.localeCompare(b.channel))
    .map((week) => ({
      weekStart: week.weekStart,
      channel: week.channel,
      planned: week.planned,
      contacted: week.contacted,
      capped: week.capped,
      customers: week.customers.size,
      campaigns: [...cells.values()]
        .filter((cell) => cell.campaign !== '*' && cell.weekStart === week.weekStart && cell.channel === week.channel)
        .sort((a, b) => a.campaign.localeCompare(b.campaign))
        .map((cell) => ({ campaign: { id: globalIdOf('Campaign', cell.campaign) }, planned: cell.planned, contacted: cell.contacted, capped: cell.capped, customers: cell.customers.size })),
    }));
}

describe('the contact plan', () => {
  const seededAt = new Date(inject('demoSeededAt'));
  let server: TestServer;
  const from = new Date('2030-01-07T00:00:00Z');
  const to = new Date('2030-02-03T00:00:00Z');
  const segments: Record<string, string> = {};
  const campaignIds: Record<string, string> = {};

  beforeAll(async () => {
    server = await startTestServer({ clock: manualClock(seededAt) });
    const customers = await liveCustomers(server, 10, 20);
    segments.A = await staticSegment(server, customers.slice(0, 6), seededAt);
    segments.B = await staticSegment(server, customers.slice(3, 9), seededAt);
    segments.X = await staticSegment(server, [customers[4]!], seededAt);
    segments.Z = await staticSegment(server, [customers[9]!, customers[0]!], seededAt);
    expect((await server.graphql(UPDATE_SETTINGS, { input: { maxContacts: 2, perDays: 7 } })).data!.updateCampaignSettings.__typename).toBe('CampaignSettingsPayload');
    const define = async (key: string, input: Record<string, unknown>, schedule = true) => {
      const created = await server.graphql(CREATE, { input: { name: `Plan ${key} ${randomUUID()}`, kind: 'PROMOTION', ...input } });
      expect(created.data!.createCampaign.__typename).toBe('CampaignPayload');
      campaignIds[key] = created.data!.createCampaign.campaign.id;
      if (schedule) expect((await server.graphql(SCHEDULE, { id: campaignIds[key] })).data!.scheduleCampaign.__typename).toBe('CampaignPayload');
    };
    await define('once', { channels: ['EMAIL'], audienceSegmentIds: [segments.A], exclusionSegmentIds: [segments.X], startsAt: '2030-01-08T09:00:00Z' });
    await define('weekly', { channels: ['EMAIL', 'SMS'], audienceSegmentIds: [segments.B], recurrence: 'WEEKLY', startsAt: '2030-01-07T10:00:00Z', endsAt: '2030-01-25T00:00:00Z' });
    await define('both', { channels: ['EMAIL'], audienceSegmentIds: [segments.A, segments.B], startsAt: '2030-01-09T08:00:00Z' });
    await define('monthly', { channels: ['PHONE'], audienceSegmentIds: [segments.Z], recurrence: 'MONTHLY', startsAt: '2029-12-20T00:00:00Z', endsAt: '2030-03-01T00:00:00Z' });
    await define('daily', { channels: ['EMAIL'], audienceSegmentIds: [segments.A], recurrence: 'DAILY', startsAt: '2030-01-01T00:00:00Z', endsAt: '2030-01-31T00:00:00Z' });
    await define('draft', { channels: ['EMAIL'], audienceSegmentIds: [segments.A], startsAt: '2030-01-08T00:00:00Z' }, false);
    await define('later', { channels: ['EMAIL'], audienceSegmentIds: [segments.A], startsAt: '2030-02-10T00:00:00Z' });
  }, 90_000);
  afterAll(async () => {
    await server?.stop();
  });

  /** Every scheduled or running campaign of the tenant and the current members of its segments, read as rows. */
  async function readFacts() {
    const campaigns = await rows<PlannedCampaign>(
      server,
      `SELECT c.id::text AS id, c.channels::text[] AS channels, c.recurrence::text AS recurrence, c."startsAt", c."endsAt",
              coalesce(array_agg(a."segmentId"::text) FILTER (WHERE NOT a.excluded), '{}') AS include,
              coalesce(array_agg(a."segmentId"::text) FILTER (WHERE a.excluded), '{}') AS exclude
       FROM "Campaign" c JOIN "CampaignAudience" a ON a."campaignId" = c.id
       WHERE c.status IN ('SCHEDULED', 'RUNNING') AND c."startsAt" IS NOT NULL GROUP BY c.id`,
    );
    const stays = await rows<{ segmentId: string; customerId: string }>(server, `SELECT "segmentId"::text AS "segmentId", "customerId"::text AS "customerId" FROM "SegmentMembership" WHERE "exitedAt" IS NULL`);
    const members = new Map<string, Set<string>>();
    for (const stay of stays) members.set(stay.segmentId, (members.get(stay.segmentId) ?? new Set()).add(stay.customerId));
    return { campaigns, members };
  }

  const until = new Date(to.getTime() + DAY);
  const day = (date: Date) => date.toISOString().slice(0, 10);

  it('counts each week and channel of the scheduled campaigns with the cap applied, as an independent computation does', async () => {
    const answer = await server.graphql(PLAN, { from: day(from), to: day(to) });
    expect(answer.errors).toBeUndefined();
    const plan = answer.data!.campaignContactPlan;
    expect([plan.maxContacts, plan.perDays]).toEqual([2, 7]);
    const { campaigns, members } = await readFacts();
    const expected = expectedPlan(campaigns, members, from, until, { maxContacts: 2, perDays: 7 }, () => true, null);
    expect(plan.weeks).toEqual(expected);
    // The fixture is built so that the cap holds contacts back, and the draft and later campaigns are absent.
    expect(plan.weeks.some((week: { capped: number }) => week.capped > 0)).toBe(true);
    const shownIds = new Set(plan.weeks.flatMap((week: { campaigns: { campaign: { id: string } }[] }) => week.campaigns.map((entry) => entry.campaign.id)));
    expect(shownIds.has(campaignIds.draft)).toBe(false);
    expect(shownIds.has(campaignIds.later)).toBe(false);
    expect(shownIds.has(campaignIds.monthly)).toBe(true);
  });

  it('filters by segment and channel while the cap still counts every campaign', async () => {
    const answer = await server.graphql(PLAN, { from: day(from), to: day(to), segmentIds: [segments.B], channels: ['EMAIL'] });
    expect(answer.errors).toBeUndefined();
    const { campaigns, members } = await readFacts();
    const segmentB = rowIdOf(segments.B!);
    const expected = expectedPlan(campaigns, members, from, until, { maxContacts: 2, perDays: 7 }, (campaign) => campaign.include.includes(segmentB), ['EMAIL']);
    expect(answer.data!.campaignContactPlan.weeks).toEqual(expected);
    expect(expected.length).toBeGreaterThan(0);
  });

  it('follows a changed cap', async () => {
    await server.graphql(UPDATE_SETTINGS, { input: { maxContacts: 1, perDays: 14 } });
    const answer = await server.graphql(PLAN, { from: day(from), to: day(to) });
    const { campaigns, members } = await readFacts();
    expect(answer.data!.campaignContactPlan.weeks).toEqual(expectedPlan(campaigns, members, from, until, { maxContacts: 1, perDays: 14 }, () => true, null));
    await server.graphql(UPDATE_SETTINGS, { input: { maxContacts: 2, perDays: 7 } });
  });

  it('refuses a period longer than 92 days, one that ends before it starts, and a bad segment id', async () => {
    const long = await server.graphql(PLAN, { from: '2030-01-01', to: '2030-04-03' });
    expect(long.data!.campaignContactPlan.fieldErrors.map((error: { path: string[] }) => error.path.join('.'))).toEqual(['to']);
    const ok = await server.graphql(PLAN, { from: '2030-01-01', to: '2030-04-02' });
    expect(ok.data!.campaignContactPlan.__typename).toBe('CampaignContactPlan');
    const backwards = await server.graphql(PLAN, { from: '2030-01-10', to: '2030-01-09', segmentIds: ['nope'] });
    expect(backwards.data!.campaignContactPlan.fieldErrors.map((error: { path: string[] }) => error.path.join('.')).sort()).toEqual(['segmentIds.0', 'to']);
  });

  it("lists what each customer received (contacts only), newest first, paged, for readers with campaigns:read", async () => {
    const [first, second] = await liveCustomers(server, 2, 40);
    const kinds = await rows<{ id: string; kind: string }>(server, `SELECT id::text AS id, kind::text AS kind FROM "Customer" WHERE id = ANY($1::uuid[])`, [[first, second]]);
    const nodeId = (id: string) => globalIdOf(kinds.find((row) => row.id === id)!.kind === 'PERSON' ? 'Person' : 'Organization', id);
    const campaign = rowIdOf(campaignIds.once!);
    const runId = randomUUID();
    await rows(server, `INSERT INTO "CampaignRun" (id, "tenantId", "campaignId", step, "snapshotSegmentId", "startedAt") VALUES ($1, 'demo', $2, 'launch', $3, $4)`, [runId, campaign, rowIdOf(segments.A!), seededAt]);
    const decisions: [string, string, string, number][] = [
      [first!, 'EMAIL', 'CONTACTED', 1],
      [first!, 'SMS', 'CONTACTED', 3],
      [first!, 'PHONE', 'EXCLUDED', 4],
      [first!, 'POST', 'CONTACTED', 2],
      [second!, 'EMAIL', 'CONTROL', 1],
      [second!, 'SMS', 'CONTACTED', 5],
    ];
    for (const [customer, channel, outcome, hours] of decisions) {
      await rows(
        server,
        `INSERT INTO "CampaignRecipient" (id, "tenantId", "campaignId", "runId", step, "customerId", channel, outcome, "exclusionReason", "decidedAt")
         VALUES (gen_random_uuid(), 'demo', $1, $2, 'launch', $3, $4::"CampaignChannel", $5::"CampaignRecipientOutcome", CASE WHEN $5 = 'EXCLUDED' THEN 'NO_CONSENT'::"CampaignExclusionReason" END, $6)`,
        [campaign, runId, customer, channel, outcome, new Date(seededAt.getTime() + hours * 3_600_000)],
      );
    }
    const expectedOf = (customer: string) =>
      decisions
        .filter(([who, , outcome]) => who === customer && outcome === 'CONTACTED')
        .sort((a, b) => b[3] - a[3])
        .map(([, channel, , hours]) => ({ channel, contactedAt: new Date(seededAt.getTime() + hours * 3_600_000).toISOString() }));
    const seen: { channel: string; contactedAt: string }[] = [];
    let after: string | null = null;
    for (;;) {
      const answer: any = await server.graphql(CUSTOMER_CAMPAIGNS, { a: nodeId(first!), b: nodeId(second!), first: 2, after });
      expect(answer.errors).toBeUndefined();
      const page = answer.data.a.campaigns;
      expect(page.totalCount).toBe(expectedOf(first!).length);
      seen.push(...page.edges.map((edge: any) => ({ channel: edge.node.channel, contactedAt: edge.node.contactedAt })));
      expect(page.edges.every((edge: any) => edge.node.campaign.id === campaignIds.once && edge.node.step === 'launch' && edge.node.variant === null)).toBe(true);
      if (after === null) expect(answer.data.b.campaigns.edges.map((edge: any) => edge.node.channel)).toEqual(expectedOf(second!).map((contact) => contact.channel));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(expectedOf(first!));

    // One statement for the contacts of a whole page of customers: as many for 5 customers as for 40.
    const few = await statementsOf(server, CUSTOMERS_CAMPAIGNS, 'CustomersCampaigns', { first: 5 });
    const many = await statementsOf(server, CUSTOMERS_CAMPAIGNS, 'CustomersCampaigns', { first: 40 });
    expect(many.statements).toBe(few.statements);

    const service = await server.graphql(CUSTOMER_CAMPAIGNS, { a: nodeId(first!), b: nodeId(second!), first: 2 }, { as: { roles: ['service'] } });
    expect(service.errors).toBeUndefined();
  });
});
