import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { manualClock } from '../../../src/plugin-api.ts';
import { startTestServer, type TestServer } from '../../../tests/support/server.ts';
import { ADD_COST, CAMPAIGN_FIELDS, CANCEL, COMPLETE, CREATE, globalIdOf, liveCustomers, REMOVE_COST, rowIdOf, rows, SCHEDULE, staticSegment, storedCampaign, UPDATE } from './definitions-support.ts';

const DAY = 86_400_000;

const CAMPAIGNS = /* GraphQL */ `
  query Campaigns($first: Int, $after: String, $filter: CampaignFilter) {
    campaigns(first: $first, after: $after, filter: $filter) { totalCount edges { cursor node { id name status kind channels } } pageInfo { hasNextPage endCursor } }
  }
`;
const SETTINGS = /* GraphQL */ `query { campaignSettings { maxContacts perDays } }`;
const UPDATE_SETTINGS = /* GraphQL */ `
  mutation Settings($input: UpdateCampaignSettingsInput!) {
    updateCampaignSettings(input: $input) { __typename ... on CampaignSettingsPayload { settings { maxContacts perDays } } ... on ValidationError { fieldErrors { path message } } }
  }
`;
const SUPPRESS = /* GraphQL */ `
  mutation Suppress($input: SuppressContactInput!) {
    suppressContact(input: $input) { __typename ... on CampaignSuppressionPayload { suppression { id value channel reason customer { id } } } ... on ValidationError { fieldErrors { path message } } ... on ConflictError { message } }
  }
`;
const CREATE_NAMED = /* GraphQL */ `
  mutation CreateNamed($input: CreateCampaignInput!) {
    createCampaign(input: $input) { __typename ... on CampaignPayload { campaign { id } } ... on ConflictError { code message } }
  }
`;
const UNSUPPRESS = /* GraphQL */ `mutation Unsuppress($id: ID!) { unsuppressContact(id: $id) { __typename ... on NotFoundError { message } } }`;
const SUPPRESSIONS = /* GraphQL */ `query Suppressions($first: Int, $after: String) { campaignSuppressions(first: $first, after: $after) { totalCount edges { node { id reason } } pageInfo { hasNextPage endCursor } } }`;

// Campaign definitions through the API: every rule refused with a typed error that names each bad
// field and changes nothing, the status rules, permissions, paging and the suppression list.
describe('campaign definitions', () => {
  const seededAt = new Date(inject('demoSeededAt'));
  const clock = manualClock(seededAt);
  let server: TestServer;
  let audience: string;
  let other: string;
  let archived: string;
  const startsAt = new Date(seededAt.getTime() + 10 * DAY).toISOString();
  const endsAt = new Date(seededAt.getTime() + 20 * DAY).toISOString();
  const run = (token: number) => `def-${token}-${seededAt.getTime()}`;

  beforeAll(async () => {
    server = await startTestServer({ clock });
    const customers = await liveCustomers(server, 6);
    audience = await staticSegment(server, customers.slice(0, 4), seededAt);
    other = await staticSegment(server, customers.slice(3), seededAt);
    archived = await staticSegment(server, [], seededAt, true);
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
  });

  const complete = (name: string) => ({
    name,
    kind: 'WIN_BACK',
    objective: 'Bring lapsed buyers back',
    targetKpis: [{ metric: 'CONVERSION_RATE', target: 0.05 }, { metric: 'ROI', target: 2 }],
    channels: ['EMAIL', 'SMS'],
    startsAt,
    endsAt,
    controlShare: 0.2,
    attributionWindowDays: 14,
    decayHalfLifeDays: 3,
    budget: { amount: '1500.5', currency: 'EUR' },
    audienceSegmentIds: [audience],
    exclusionSegmentIds: [other],
    variants: [{ name: 'A', content: 'Come back', weight: 60 }, { name: 'B', weight: 40 }],
  });

  const savedEvents = async (globalId: string) =>
    (await rows<{ change: string }>(server, `SELECT payload->>'change' AS change FROM "OutboxEvent" WHERE topic = 'campaign.saved' AND "subjectId" = $1 ORDER BY id`, [globalId])).map((row) => row.change);

  it('creates a campaign with every part stored as given, and says so', async () => {
    const answer = await server.graphql(CREATE, { input: complete(run(1)) });
    expect(answer.errors).toBeUndefined();
    const campaign = answer.data!.createCampaign.campaign;
    expect(campaign).toMatchObject({
      name: run(1),
      kind: 'WIN_BACK',
      status: 'DRAFT',
      channels: ['EMAIL', 'SMS'],
      controlShare: 0.2,
      attributionWindowDays: 14,
      decayHalfLifeDays: 3,
      budget: { amount: '1500.50', currency: 'EUR' },
      targetKpis: [{ metric: 'CONVERSION_RATE', target: 0.05 }, { metric: 'ROI', target: 2 }],
      schedule: { startsAt, endsAt, recurrence: 'NONE' },
      audience: [{ id: audience }],
      exclusions: [{ id: other }],
      variants: [{ name: 'A', content: 'Come back', weight: 60 }, { name: 'B', content: null, weight: 40 }],
    });
    const stored = await storedCampaign(server, campaign.id);
    expect(String(stored.campaign!.budget)).toBe('1500.50');
    expect(stored.audiences.map((row) => [(row as { segmentId: string }).segmentId, (row as { excluded: boolean }).excluded])).toEqual(
      [[rowIdOf(audience), false], [rowIdOf(other), true]].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    );
    expect(await savedEvents(campaign.id)).toEqual(['CREATED']);
  });

  it('refuses every bad field at once, each at its path, and writes nothing', async () => {
    const before = await rows<{ count: number }>(server, `SELECT count(*)::int AS count FROM "Campaign"`);
    const input = {
      ...complete(run(2)),
      controlShare: 0.6,
      attributionWindowDays: 0,
      decayHalfLifeDays: 91,
      endsAt: startsAt,
      budget: { amount: '-1', currency: 'EURO' },
      variants: [{ name: 'A', weight: 0 }, { name: 'a', weight: 101 }],
      audienceSegmentIds: [archived, globalIdOf('Segment', '00000000-0000-7000-8000-000000000000'), 'bm90IGFuIGlk'],
      exclusionSegmentIds: [],
      targetKpis: [{ metric: 'ROI', target: 1 }, { metric: 'ROI', target: 2 }],
      channels: ['EMAIL', 'EMAIL'],
    };
    const answer = await server.graphql(CREATE, { input });
    expect(answer.data!.createCampaign.__typename).toBe('ValidationError');
    const paths = (answer.data!.createCampaign.fieldErrors as { path: string[] }[]).map((error) => error.path.join('.')).sort();
    expect(paths).toEqual(
      [
        'input.attributionWindowDays',
        'input.audienceSegmentIds.0',
        'input.audienceSegmentIds.1',
        'input.audienceSegmentIds.2',
        'input.budget.amount',
        'input.budget.currency',
        'input.channels',
        'input.controlShare',
        'input.decayHalfLifeDays',
        'input.endsAt',
        'input.targetKpis',
        'input.variants',
        'input.variants.0.weight',
        'input.variants.1.weight',
      ].sort(),
    );
    const tooMany = await server.graphql(CREATE, { input: { ...complete(run(2)), variants: Array.from({ length: 11 }, (_, index) => ({ name: `V${index}` })) } });
    expect(tooMany.errors ?? tooMany.data!.createCampaign.fieldErrors).toBeDefined();
    const noAudience = await server.graphql(CREATE, { input: { ...complete(run(2)), audienceSegmentIds: [] } });
    expect(noAudience.data!.createCampaign.fieldErrors.map((error: { path: string[] }) => error.path.join('.'))).toEqual(['input.audienceSegmentIds']);
    const after = await rows<{ count: number }>(server, `SELECT count(*)::int AS count FROM "Campaign"`);
    expect(after[0]!.count).toBe(before[0]!.count);
  });

  it('refuses a name another campaign has (any case) with a ConflictError', async () => {
    await server.graphql(CREATE, { input: { name: run(3), kind: 'PROMOTION' } });
    const answer = await server.graphql(CREATE, { input: { name: run(3).toUpperCase(), kind: 'PROMOTION' } });
    expect(answer.data!.createCampaign.__typename).toBe('ConflictError');
    const named = await rows(server, `SELECT id FROM "Campaign" WHERE lower(name) = lower($1)`, [run(3)]);
    expect(named).toHaveLength(1);
  });

  it('gives two concurrent creations of one name (in two cases) one campaign and a ConflictError, never an internal error', async () => {
    // Inserts wait behind a lock held here, reads do not: both creations pass the name check before
    // either writes, so the database's unique index, not the check, decides the second.
    const blocker = new pg.Client({ connectionString: server.ownerDatabaseUrl });
    await blocker.connect();
    await blocker.query('BEGIN');
    await blocker.query('LOCK TABLE "Campaign" IN SHARE MODE');
    const creations = Promise.all([run(12), run(12).toUpperCase()].map((name) => server.graphql(CREATE_NAMED, { input: { name, kind: 'PROMOTION' } })));
    try {
      const deadline = performance.now() + 20_000;
      for (;;) {
        const { rows: waiting } = await blocker.query<{ count: number }>(`SELECT count(*)::int AS count FROM pg_locks WHERE relation = '"Campaign"'::regclass AND NOT granted`);
        if (waiting[0]!.count === 2) break;
        if (performance.now() > deadline) throw new Error(`the creations did not both reach their insert: ${waiting[0]!.count} waiting`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    } finally {
      await blocker.query('COMMIT');
      await blocker.end();
    }
    const responses = await creations;
    expect(responses.map((response) => response.errors)).toEqual([undefined, undefined]);
    const results = responses.map((response) => response.data!.createCampaign);
    expect(results.map((result) => result.__typename).sort()).toEqual(['CampaignPayload', 'ConflictError']);
    const conflict = results.find((result) => result.__typename === 'ConflictError');
    expect(conflict.code).toBe('CONFLICT');
    expect(conflict.message).toMatch(/^A campaign is already named "def-12-/i);
    const named = await rows(server, `SELECT id FROM "Campaign" WHERE lower(name) = lower($1)`, [run(12)]);
    expect(named).toHaveLength(1);
  });

  it('updates a draft, replacing audiences, variants and channels as given, and leaves what is not given', async () => {
    const created = (await server.graphql(CREATE, { input: complete(run(4)) })).data!.createCampaign.campaign;
    const answer = await server.graphql(UPDATE, { input: { id: created.id, channels: ['POST'], audienceSegmentIds: [other], exclusionSegmentIds: [audience], variants: [{ name: 'Only' }], description: 'Second try' } });
    expect(answer.errors).toBeUndefined();
    expect(answer.data!.updateCampaign.campaign).toMatchObject({
      name: run(4),
      description: 'Second try',
      channels: ['POST'],
      audience: [{ id: other }],
      exclusions: [{ id: audience }],
      variants: [{ name: 'Only', weight: 1 }],
      budget: { amount: '1500.50', currency: 'EUR' },
      controlShare: 0.2,
    });
    const before = await storedCampaign(server, created.id);
    const refused = await server.graphql(UPDATE, { input: { id: created.id, endsAt: new Date(Date.parse(startsAt) - DAY).toISOString(), variants: [{ name: 'X', weight: 200 }] } });
    expect(refused.data!.updateCampaign.fieldErrors.map((error: { path: string[] }) => error.path.join('.')).sort()).toEqual(['input.endsAt', 'input.variants.0.weight']);
    expect(await storedCampaign(server, created.id)).toEqual(before);
    expect(await savedEvents(created.id)).toEqual(['CREATED', 'UPDATED']);
  });

  it('schedules only a complete draft, reporting every missing part at once', async () => {
    const bare = (await server.graphql(CREATE, { input: { name: run(5), kind: 'EVENT' } })).data!.createCampaign.campaign;
    const refused = await server.graphql(SCHEDULE, { id: bare.id });
    expect(refused.data!.scheduleCampaign.fieldErrors.map((error: { path: string[] }) => error.path.join('.')).sort()).toEqual(['audienceSegmentIds', 'channels', 'startsAt']);
    expect((await storedCampaign(server, bare.id)).campaign!.status).toBe('DRAFT');

    const full = (await server.graphql(CREATE, { input: complete(run(6)) })).data!.createCampaign.campaign;
    const scheduled = await server.graphql(SCHEDULE, { id: full.id });
    expect(scheduled.data!.scheduleCampaign.campaign.status).toBe('SCHEDULED');
    // A scheduled campaign may still change, but must stay complete.
    const emptied = await server.graphql(UPDATE, { input: { id: full.id, channels: [] } });
    expect(emptied.data!.updateCampaign.fieldErrors.map((error: { path: string[] }) => error.path.join('.'))).toEqual(['input.channels']);
    expect((await storedCampaign(server, full.id)).campaign!.channels).toEqual(['EMAIL', 'SMS']);
    const again = await server.graphql(SCHEDULE, { id: full.id });
    expect(again.data!.scheduleCampaign.__typename).toBe('ValidationError');
    expect(await savedEvents(full.id)).toEqual(['CREATED', 'SCHEDULED']);
  });

  it('completes only a running campaign and cancels draft, scheduled or running ones; an ended one no longer changes', async () => {
    const draft = (await server.graphql(CREATE, { input: complete(run(7)) })).data!.createCampaign.campaign;
    const notRunning = await server.graphql(COMPLETE, { id: draft.id });
    expect(notRunning.data!.completeCampaign.__typename).toBe('ValidationError');
    const cancelled = await server.graphql(CANCEL, { id: draft.id });
    expect(cancelled.data!.cancelCampaign.campaign.status).toBe('CANCELLED');
    const [row] = await rows<{ cancelledAt: Date }>(server, `SELECT "cancelledAt" FROM "Campaign" WHERE id = $1::uuid`, [rowIdOf(draft.id)]);
    expect(row!.cancelledAt.getTime()).toBe(clock.now().getTime());
    expect((await server.graphql(CANCEL, { id: draft.id })).data!.cancelCampaign.__typename).toBe('ValidationError');
    expect((await server.graphql(UPDATE, { input: { id: draft.id, name: run(70) } })).data!.updateCampaign.__typename).toBe('ValidationError');

    // Launching is another part's work: a running campaign is written as a row here.
    const running = (await server.graphql(CREATE, { input: complete(run(8)) })).data!.createCampaign.campaign;
    await rows(server, `UPDATE "Campaign" SET status = 'RUNNING' WHERE id = $1::uuid`, [rowIdOf(running.id)]);
    expect((await server.graphql(UPDATE, { input: { id: running.id, name: run(80) } })).data!.updateCampaign.__typename).toBe('ValidationError');
    expect((await server.graphql(COMPLETE, { id: running.id })).data!.completeCampaign.campaign.status).toBe('COMPLETED');
    expect(await savedEvents(running.id)).toEqual(['CREATED', 'COMPLETED']);
  });

  it('adds and removes costs, totalled per currency, in any status but cancelled', async () => {
    const campaign = (await server.graphql(CREATE, { input: complete(run(9)) })).data!.createCampaign.campaign;
    const costs = [
      { label: 'Design', amount: '1200.10', currency: 'EUR', incurredOn: '2026-01-05' },
      { label: 'Postage', amount: '0.95', currency: 'EUR', incurredOn: '2026-01-06' },
      { label: 'Media', amount: '300', currency: 'USD', incurredOn: '2026-01-07' },
    ];
    let last: any;
    for (const cost of costs) last = (await server.graphql(ADD_COST, { input: { campaignId: campaign.id, ...cost } })).data!.addCampaignCost;
    // Independent: cents added per currency.
    const expected = new Map<string, number>();
    for (const cost of costs) expected.set(cost.currency, (expected.get(cost.currency) ?? 0) + Math.round(Number(cost.amount) * 100));
    expect(last.campaign.totalCosts).toEqual([...expected].sort().map(([currency, cents]) => ({ currency, amount: (cents / 100).toFixed(2) })));

    const bad = await server.graphql(ADD_COST, { input: { campaignId: campaign.id, label: '', amount: '-3', currency: 'eur', incurredOn: '2026-01-05' } });
    expect(bad.data!.addCampaignCost.fieldErrors.map((error: { path: string[] }) => error.path.join('.')).sort()).toEqual(['input.amount', 'input.currency', 'input.label']);

    const removed = await server.graphql(REMOVE_COST, { id: last.campaign.costs.find((cost: { label: string }) => cost.label === 'Media').id });
    expect(removed.data!.removeCampaignCost.campaign.totalCosts).toEqual([{ currency: 'EUR', amount: '1201.05' }]);

    await server.graphql(CANCEL, { id: campaign.id });
    const before = await storedCampaign(server, campaign.id);
    expect((await server.graphql(ADD_COST, { input: { campaignId: campaign.id, ...costs[0] } })).data!.addCampaignCost.__typename).toBe('ValidationError');
    expect((await server.graphql(REMOVE_COST, { id: last.campaign.costs[0].id })).data!.removeCampaignCost.__typename).toBe('ValidationError');
    expect(await storedCampaign(server, campaign.id)).toEqual(before);
  });

  it('lets a sales rep read campaigns but change nothing', async () => {
    const sales = { as: { roles: ['sales'] } };
    const denied = await server.graphql(CREATE, { input: complete(run(10)) }, sales);
    expect(denied.data?.createCampaign?.__typename === 'ForbiddenError' || (denied.errors?.length ?? 0) > 0).toBe(true);
    expect(await rows(server, `SELECT id FROM "Campaign" WHERE name = $1`, [run(10)])).toHaveLength(0);
    const settings = await server.graphql(UPDATE_SETTINGS, { input: { maxContacts: 3, perDays: 7 } }, sales);
    expect(settings.data?.updateCampaignSettings?.__typename === 'ForbiddenError' || (settings.errors?.length ?? 0) > 0).toBe(true);
    const read = await server.graphql(CAMPAIGNS, { first: 1 }, sales);
    expect(read.errors).toBeUndefined();
    // Marketing may write but not complete or cancel without campaigns:launch? It has it; a writer without launch is refused.
    const draft = (await server.graphql(CREATE, { input: { name: run(11), kind: 'LOYALTY' } })).data!.createCampaign.campaign;
    const cancelled = await server.graphql(CANCEL, { id: draft.id }, sales);
    expect(cancelled.data?.cancelCampaign?.__typename === 'ForbiddenError' || (cancelled.errors?.length ?? 0) > 0).toBe(true);
    expect((await storedCampaign(server, draft.id)).campaign!.status).toBe('DRAFT');
  });

  it('pages the campaigns newest first by keyset, with filters and the total', async () => {
    const filter = { search: `-${seededAt.getTime()}`, statuses: ['DRAFT', 'CANCELLED', 'SCHEDULED', 'COMPLETED'] };
    const seen: string[] = [];
    let after: string | null = null;
    let totalCount = 0;
    for (;;) {
      const page: any = (await server.graphql(CAMPAIGNS, { first: 3, after, filter })).data!.campaigns;
      totalCount = page.totalCount;
      seen.push(...page.edges.map((edge: { node: { id: string } }) => edge.node.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    const expected = await rows<{ id: string }>(
      server,
      `SELECT id::text AS id FROM "Campaign" WHERE name LIKE $1 AND status::text = ANY($2::text[]) ORDER BY "createdAt" DESC, id DESC`,
      [`%-${seededAt.getTime()}%`, filter.statuses],
    );
    expect(seen.map(rowIdOf)).toEqual(expected.map((row) => row.id));
    expect(totalCount).toBe(expected.length);
    expect(expected.length).toBeGreaterThan(3);

    const byChannel = (await server.graphql(CAMPAIGNS, { first: 50, filter: { ...filter, channels: ['POST'], kinds: ['WIN_BACK'] } })).data!.campaigns;
    const posted = await rows<{ id: string }>(server, `SELECT id::text AS id FROM "Campaign" WHERE name LIKE $1 AND 'POST' = ANY(channels) AND kind = 'WIN_BACK' ORDER BY "createdAt" DESC, id DESC`, [`%-${seededAt.getTime()}%`]);
    expect(byChannel.edges.map((edge: { node: { id: string } }) => rowIdOf(edge.node.id))).toEqual(posted.map((row) => row.id));
    // The list reads its rows in SQL, the single campaign through Prisma: both show the same campaign.
    const listed = (await server.graphql(`query { campaigns(first: 50, filter: { search: "-${seededAt.getTime()}" }) { edges { node { ${CAMPAIGN_FIELDS} } } } }`)).data!.campaigns.edges;
    for (const { node } of listed) {
      const single = await server.graphql(`query One($id: ID!) { campaign(id: $id) { ${CAMPAIGN_FIELDS} } }`, { id: node.id });
      expect(single.data!.campaign).toEqual(node);
    }
    const badCursor = await server.graphql(CAMPAIGNS, { first: 2, after: 'bm9wZQ' });
    expect(badCursor.errors?.[0]?.message).toMatch(/cursor/i);
  });

  it('keeps the contact cap (2 per 7 days until set) and refuses one out of bounds', async () => {
    const initial = (await server.graphql(SETTINGS)).data!.campaignSettings;
    const stored = await rows(server, `SELECT * FROM "CampaignSettings"`);
    if (stored.length === 0) expect(initial).toEqual({ maxContacts: 2, perDays: 7 });
    const refused = await server.graphql(UPDATE_SETTINGS, { input: { maxContacts: 51, perDays: 0 } });
    expect(refused.data!.updateCampaignSettings.fieldErrors.map((error: { path: string[] }) => error.path.join('.')).sort()).toEqual(['input.maxContacts', 'input.perDays']);
    expect((await server.graphql(SETTINGS)).data!.campaignSettings).toEqual(initial);
    const changed = await server.graphql(UPDATE_SETTINGS, { input: { maxContacts: 3, perDays: 14 } });
    expect(changed.data!.updateCampaignSettings.settings).toEqual({ maxContacts: 3, perDays: 14 });
    expect(await rows(server, `SELECT "maxContacts", "perDays" FROM "CampaignSettings"`)).toEqual([{ maxContacts: 3, perDays: 14 }]);
  });

  it('keeps a suppression list of customers and addresses, paged, refusing bad and duplicate entries', async () => {
    const [customer] = await liveCustomers(server, 1);
    const [person] = await rows<{ kind: string }>(server, `SELECT kind::text AS kind FROM "Customer" WHERE id = $1::uuid`, [customer]);
    const customerId = globalIdOf(person!.kind === 'PERSON' ? 'Person' : 'Organization', customer!);
    const added = await server.graphql(SUPPRESS, { input: { customerId, channel: 'EMAIL', reason: 'Unsubscribed' } });
    expect(added.data!.suppressContact.suppression).toMatchObject({ channel: 'EMAIL', customer: { id: customerId }, value: null });
    const address = await server.graphql(SUPPRESS, { input: { value: ' Someone@Example.COM ', reason: 'Complaint' } });
    expect(address.data!.suppressContact.suppression).toMatchObject({ value: 'someone@example.com', channel: null });
    expect((await server.graphql(SUPPRESS, { input: { value: 'someone@example.com', reason: 'Again' } })).data!.suppressContact.__typename).toBe('ConflictError');
    const bad = await server.graphql(SUPPRESS, { input: { customerId, value: 'not-a-phone', reason: ' ' } });
    expect(bad.data!.suppressContact.fieldErrors.map((error: { path: string[] }) => error.path.join('.')).sort()).toEqual(['input', 'input.reason', 'input.value']);
    const count = await rows<{ count: number }>(server, `SELECT count(*)::int AS count FROM "CampaignSuppression"`);

    const listed: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: any = (await server.graphql(SUPPRESSIONS, { first: 1, after })).data!.campaignSuppressions;
      expect(page.totalCount).toBe(count[0]!.count);
      listed.push(...page.edges.map((edge: { node: { id: string } }) => edge.node.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(listed).toHaveLength(count[0]!.count);
    expect(new Set(listed).size).toBe(listed.length);

    expect((await server.graphql(UNSUPPRESS, { id: address.data!.suppressContact.suppression.id })).data!.unsuppressContact.__typename).toBe('CampaignSuppressionPayload');
    expect(await rows(server, `SELECT id FROM "CampaignSuppression" WHERE value = 'someone@example.com'`)).toHaveLength(0);
    expect((await server.graphql(UNSUPPRESS, { id: address.data!.suppressContact.suppression.id })).data!.unsuppressContact.__typename).toBe('NotFoundError');
  });
});
