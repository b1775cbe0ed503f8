import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { manualClock } from '../../../src/plugin-api.ts';
import type { TestServer } from '../../../tests/support/server.ts';
import { tenantRows } from '../../../tests/support/tenant-rows.ts';
import { createPerson, DAY, launchedCampaign, mutate, reactionCaughtUp, rowIdOf, startCampaignsServer, staticAudience, type LaunchedCampaign } from './api-support.ts';
import { MODELS } from './attribution-oracle.ts';
import { TENANT } from './launch-support.ts';

// Won deals convert where the sales area (pipeline) is enabled: a deal won through the pipeline's
// own mutations within a campaign's window after its contact counts as the purchase does, in the
// campaign.converted events, on the customer and in the measured return. Where the sales area is
// not enabled, purchases still convert and a won deal left in the tables does not.

/** Both describes launch their campaign a day after the demo's history ends. */
const launchedAt = new Date(new Date(inject('demoSeededAt')).getTime() + DAY);
const CONVERSIONS = 'campaigns.conversions';
const CONVERTING_TOPICS = ['interaction.recorded', 'opportunity.won'];

const RECORD = /* GraphQL */ `
  mutation Record($input: RecordInteractionInput!) {
    recordInteraction(input: $input) { __typename ... on RecordInteractionPayload { interaction { id } } ... on Error { message } }
  }
`;
const OPEN_DEAL = /* GraphQL */ `
  mutation Open($input: CreateOpportunityInput!) { createOpportunity(input: $input) { __typename ... on OpportunityPayload { opportunity { id } } ... on Error { message } } }
`;
const MOVE_DEAL = /* GraphQL */ `
  mutation Move($input: MoveOpportunityInput!) {
    moveOpportunity(input: $input) { __typename ... on OpportunityPayload { opportunity { id stage amount currency closedAt } } ... on Error { message } }
  }
`;
const PERFORMANCE = /* GraphQL */ `
  query Performance($id: ID!, $model: AttributionModel!) {
    campaign(id: $id) { performance(model: $model) { conversions attributedRevenue { currency amount } } }
  }
`;
const REPORT = /* GraphQL */ `
  query Report($from: Date!, $to: Date!, $model: AttributionModel!) {
    campaignReturns(from: $from, to: $to, model: $model, groupBy: CAMPAIGN) { key conversions attributedRevenue { currency amount } }
  }
`;
const CUSTOMER = /* GraphQL */ `
  query Customer($id: ID!) {
    customer(id: $id) {
      campaigns(first: 10) {
        totalCount
        edges { node { campaign { id name } channel step contactedAt conversions { source sourceId convertedAt amount { amount currency } } } }
      }
      timeline(first: 100) { edges { node { topic subjectId occurredAt payload } } }
    }
  }
`;

interface ConvertedEvent {
  customerId: string;
  occurredAt: Date;
  payload: { campaignId: string; campaignName: string; source: string; sourceId: string; amount: string; currency: string };
}

const converted = (server: TestServer, campaign: LaunchedCampaign) =>
  tenantRows<ConvertedEvent>(
    server.owner,
    TENANT,
    `SELECT "customerId"::text AS "customerId", "occurredAt" AT TIME ZONE 'UTC' AS "occurredAt", payload FROM "OutboxEvent"
     WHERE "tenantId" = $1 AND topic = 'campaign.converted' AND payload->>'campaignId' = $2 ORDER BY id`,
    [TENANT, campaign.id],
  );

/** A purchase of the customer now (the server's clock). */
async function purchase(server: TestServer, customerId: string, amount: string, externalId: string): Promise<string> {
  const input = {
    customerId,
    channel: 'POINT_OF_SALE',
    direction: 'INBOUND',
    kind: 'PURCHASE',
    amount,
    currency: 'EUR',
    occurredAt: server.clock.now().toISOString(),
    source: 'won-deals-test',
    externalId,
  };
  return (await mutate(server, RECORD, { input }, 'RecordInteractionPayload')).interaction.id;
}

const dateOf = (instant: Date) => instant.toISOString().slice(0, 10);

/** Under every model, Campaign.performance and the campaignReturns row of the campaign's month both credit it exactly this. */
async function expectCreditedUnderEveryModel(server: TestServer, campaign: LaunchedCampaign, conversions: number, revenue: { currency: string; amount: string }[]) {
  for (const model of MODELS) {
    const performance = await server.graphql(PERFORMANCE, { id: campaign.id, model });
    expect(performance.errors).toBeUndefined();
    expect(performance.data!.campaign.performance, model).toEqual({ conversions, attributedRevenue: revenue });

    const report = await server.graphql(REPORT, { from: dateOf(launchedAt), to: dateOf(new Date(launchedAt.getTime() + 30 * DAY)), model });
    expect(report.errors).toBeUndefined();
    const row = (report.data!.campaignReturns as { key: string }[]).find((candidate) => candidate.key === campaign.id);
    expect(row, model).toEqual({ key: campaign.id, conversions, attributedRevenue: revenue });
  }
}

describe('won deals, with the sales area enabled', () => {
  const clock = manualClock(launchedAt);
  let server: TestServer;
  let campaign: LaunchedCampaign;
  let contacted: string;
  let purchaseId: string;
  const deals = { inWindow: '', afterWindow: '', uncontacted: '' };

  beforeAll(async () => {
    server = await startCampaignsServer(['profile', 'interactions', 'pipeline', 'segments'], clock);
    contacted = await createPerson(server, 'Wendy', 'Won-Deal');
    const uncontacted = await createPerson(server, 'Ulla', 'Uncontacted');
    const segmentId = await staticAudience(server, `Won deals audience ${launchedAt.getTime()}`, [contacted]);
    campaign = await launchedCampaign(server, { name: `Won deals ${launchedAt.getTime()}`, segmentId, channels: ['WEB'], attributionWindowDays: 14 });

    const open = async (customerId: string, name: string) =>
      (await mutate(server, OPEN_DEAL, { input: { customerId, name, currency: 'EUR', expectedCloseDate: dateOf(new Date(launchedAt.getTime() + 30 * DAY)) } }, 'OpportunityPayload')).opportunity.id as string;
    const win = async (id: string, amount: string) => {
      const { opportunity } = await mutate(server, MOVE_DEAL, { input: { id, stage: 'CLOSED_WON', amount } }, 'OpportunityPayload');
      expect(opportunity).toMatchObject({ stage: 'CLOSED_WON', amount, currency: 'EUR', closedAt: clock.now().toISOString() });
    };
    deals.inWindow = await open(contacted, 'Cold room');
    deals.afterWindow = await open(contacted, 'Second cold room');
    deals.uncontacted = await open(uncontacted, 'Cold room for someone else');

    clock.set(new Date(launchedAt.getTime() + 2 * DAY));
    purchaseId = await purchase(server, contacted, '19.90', `won-deals-purchase-${launchedAt.getTime()}`);
    clock.set(new Date(launchedAt.getTime() + 5 * DAY));
    await win(deals.inWindow, '4321.07');
    await win(deals.uncontacted, '777.77');
    // Six days after the campaign's 14-day window closed.
    clock.set(new Date(launchedAt.getTime() + 20 * DAY));
    await win(deals.afterWindow, '999.99');
    await reactionCaughtUp(server, CONVERSIONS, CONVERTING_TOPICS);
  }, 180_000);
  afterAll(async () => {
    await server?.stop();
  });

  it('emits campaign.converted once for the deal won within the window, with its amount and currency, and none for the others', async () => {
    const expected = [
      { customerId: rowIdOf(contacted), occurredAt: new Date(launchedAt.getTime() + 2 * DAY), payload: { campaignId: campaign.id, source: 'PURCHASE', sourceId: purchaseId, amount: '19.90', currency: 'EUR' } },
      { customerId: rowIdOf(contacted), occurredAt: new Date(launchedAt.getTime() + 5 * DAY), payload: { campaignId: campaign.id, source: 'DEAL_WON', sourceId: deals.inWindow, amount: '4321.07', currency: 'EUR' } },
    ];
    expect(await converted(server, campaign)).toMatchObject(expected);
    // The reaction polls every 100 ms: after several more rounds, still one event per conversion.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await reactionCaughtUp(server, CONVERSIONS, CONVERTING_TOPICS);
    const events = await converted(server, campaign);
    expect(events).toMatchObject(expected);
    expect(events).toHaveLength(2);
    expect(events.every((event) => event.payload.campaignName === `Won deals ${launchedAt.getTime()}`)).toBe(true);

    const counted = await tenantRows<{ source: string; sourceId: string; amount: string; currency: string; convertedAt: Date }>(
      server.owner,
      TENANT,
      `SELECT source, "sourceId"::text AS "sourceId", amount::text AS amount, currency::text AS currency, "convertedAt" AT TIME ZONE 'UTC' AS "convertedAt" FROM "CampaignConversion"
       WHERE "sourceId" = ANY($1::uuid[]) ORDER BY "convertedAt"`,
      [[rowIdOf(purchaseId), ...Object.values(deals).map(rowIdOf)]],
    );
    expect(counted).toEqual([
      { source: 'PURCHASE', sourceId: rowIdOf(purchaseId), amount: '19.90', currency: 'EUR', convertedAt: new Date(launchedAt.getTime() + 2 * DAY) },
      { source: 'DEAL_WON', sourceId: rowIdOf(deals.inWindow), amount: '4321.07', currency: 'EUR', convertedAt: new Date(launchedAt.getTime() + 5 * DAY) },
    ]);
  });

  it('shows it on the customer: under the contact it is credited to in Customer.campaigns, and on the timeline', async () => {
    const answer = await server.graphql(CUSTOMER, { id: contacted });
    expect(answer.errors).toBeUndefined();
    const customer = answer.data!.customer;
    expect(customer.campaigns).toEqual({
      totalCount: 1,
      edges: [
        {
          node: {
            campaign: { id: campaign.id, name: `Won deals ${launchedAt.getTime()}` },
            channel: 'WEB',
            step: 'launch',
            contactedAt: launchedAt.toISOString(),
            // The deal won after the window is not among them.
            conversions: [
              { source: 'PURCHASE', sourceId: purchaseId, convertedAt: new Date(launchedAt.getTime() + 2 * DAY).toISOString(), amount: { amount: '19.90', currency: 'EUR' } },
              { source: 'DEAL_WON', sourceId: deals.inWindow, convertedAt: new Date(launchedAt.getTime() + 5 * DAY).toISOString(), amount: { amount: '4321.07', currency: 'EUR' } },
            ],
          },
        },
      ],
    });
    const conversions = (customer.timeline.edges as { node: { topic: string; subjectId: string; occurredAt: string; payload: Record<string, unknown> } }[])
      .map((edge) => edge.node)
      .filter((node) => node.topic === 'campaign.converted');
    expect(conversions).toMatchObject([
      { subjectId: campaign.id, occurredAt: new Date(launchedAt.getTime() + 5 * DAY).toISOString(), payload: { source: 'DEAL_WON', sourceId: deals.inWindow, amount: '4321.07', currency: 'EUR' } },
      { subjectId: campaign.id, occurredAt: new Date(launchedAt.getTime() + 2 * DAY).toISOString(), payload: { source: 'PURCHASE', sourceId: purchaseId, amount: '19.90', currency: 'EUR' } },
    ]);
    expect(conversions).toHaveLength(2);
  });

  it("credits the won deal's amount to the campaign, to the cent, under every model, in Campaign.performance and campaignReturns", async () => {
    // 19.90 + 4321.07: the campaign is the customer's only touch, so every model credits it all.
    const revenue = [{ currency: 'EUR', amount: '4340.97' }];
    await expectCreditedUnderEveryModel(server, campaign, 2, revenue);
  });
});

describe('won deals, with the sales area not enabled', () => {
  const clock = manualClock(launchedAt);
  let server: TestServer;
  let campaign: LaunchedCampaign;
  let contacted: string;
  let purchaseId: string;

  beforeAll(async () => {
    server = await startCampaignsServer(['profile', 'interactions', 'segments'], clock);
    contacted = await createPerson(server, 'Paula', 'Purchase');
    const segmentId = await staticAudience(server, `Purchases audience ${launchedAt.getTime()}`, [contacted]);
    campaign = await launchedCampaign(server, { name: `Purchases ${launchedAt.getTime()}`, segmentId, channels: ['WEB'], attributionWindowDays: 14 });
    // A deal won within the window, left in the tables from when the sales area was enabled.
    await tenantRows(
      server.owner,
      TENANT,
      `INSERT INTO "Opportunity" (id, "tenantId", "customerId", name, stage, amount, currency, "expectedCloseDate", "ownerId", "closedAt", "updatedAt")
       VALUES (gen_random_uuid(), $1, $2, 'Won before the sales area was disabled', 'CLOSED_WON', 500.00, 'EUR', $3::date, 'test-user', $4, $4)`,
      [TENANT, rowIdOf(contacted), dateOf(launchedAt), new Date(launchedAt.getTime() + 3 * DAY).toISOString()],
    );
    clock.set(new Date(launchedAt.getTime() + 2 * DAY));
    purchaseId = await purchase(server, contacted, '19.90', `no-pipeline-purchase-${launchedAt.getTime()}`);
    await reactionCaughtUp(server, CONVERSIONS, CONVERTING_TOPICS);
  }, 180_000);
  afterAll(async () => {
    await server?.stop();
  });

  it('has no sales types in the schema, and the returns fields', async () => {
    const answer = await server.graphql(/* GraphQL */ `
      {
        opportunity: __type(name: "Opportunity") { name }
        performance: __type(name: "CampaignPerformance") { name }
        __schema { mutationType { fields { name } } queryType { fields { name } } }
      }
    `);
    expect(answer.errors).toBeUndefined();
    expect(answer.data!.opportunity).toBeNull();
    expect(answer.data!.performance).toEqual({ name: 'CampaignPerformance' });
    const mutations = (answer.data!.__schema.mutationType.fields as { name: string }[]).map((field) => field.name);
    expect(mutations).not.toContain('moveOpportunity');
    expect(mutations).toContain('launchCampaign');
    expect((answer.data!.__schema.queryType.fields as { name: string }[]).map((field) => field.name)).toContain('campaignReturns');
  });

  it('converts a purchase: one campaign.converted, and its amount on the customer and in the return; the won deal counts nowhere', async () => {
    expect(await converted(server, campaign)).toMatchObject([
      { customerId: rowIdOf(contacted), payload: { campaignId: campaign.id, source: 'PURCHASE', sourceId: purchaseId, amount: '19.90', currency: 'EUR' } },
    ]);
    expect(await converted(server, campaign)).toHaveLength(1);
    const answer = await server.graphql(CUSTOMER, { id: contacted });
    expect(answer.errors).toBeUndefined();
    expect((answer.data!.customer.campaigns.edges as { node: { conversions: unknown[] } }[]).map((edge) => edge.node.conversions)).toEqual([
      [{ source: 'PURCHASE', sourceId: purchaseId, convertedAt: new Date(launchedAt.getTime() + 2 * DAY).toISOString(), amount: { amount: '19.90', currency: 'EUR' } }],
    ]);
    const revenue = [{ currency: 'EUR', amount: '19.90' }];
    await expectCreditedUnderEveryModel(server, campaign, 1, revenue);
  });
});
