import { decodeGlobalID, encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { manualClock } from '../../../src/plugin-api.ts';
import { startTestServer, type TestServer } from '../../../tests/support/server.ts';
import { statementsOf } from '../../../tests/support/statements.ts';
import { RUNNER_ENVIRONMENT, campaignRow, campaignsWithRunner, completedRun, drawOf, globalIdOf, LAUNCH, rows, staticSegment } from './launch-support.ts';
import { DAY, ReturnsFixture } from './returns-support.ts';

// Customer.campaigns says what came of each contact: the customer's responses to the campaign after
// it, and the purchases within the campaign's attribution window after it. A campaign is launched
// through the launch engine to the first customers of the customer list; one contacted customer
// responds and buys (over the API), another does nothing, and control members were never contacted.

const seededAt = new Date(inject('demoSeededAt'));
const CONTROL_SHARE = 0.25;
const AUDIENCE = 40;

const FIRST_CUSTOMERS = /* GraphQL */ `
  query FirstCustomers($first: Int!) { customers(first: $first) { edges { node { id } } } }
`;
const RECORD = /* GraphQL */ `
  mutation Record($input: RecordInteractionInput!) {
    recordInteraction(input: $input) { __typename ... on RecordInteractionPayload { interaction { id } } ... on ValidationError { message } }
  }
`;
const OUTCOMES = /* GraphQL */ `
  query ContactOutcomes($id: ID!) {
    node(id: $id) {
      ... on Customer {
        campaigns(first: 50) {
          edges { node { campaign { id } channel contactedAt responses { interactionId respondedAt channel } conversions { source sourceId convertedAt amount { amount currency } } } }
        }
      }
    }
  }
`;
const PAGE_WITH_OUTCOMES = /* GraphQL */ `
  query PageWithOutcomes($first: Int!) {
    customers(first: $first) { edges { node { id campaigns(first: 5) { edges { node { contactedAt responses { interactionId } conversions { sourceId amount { amount } } } } } } } }
  }
`;
const PAGE_WITHOUT_OUTCOMES = /* GraphQL */ `
  query PageWithoutOutcomes($first: Int!) {
    customers(first: $first) { edges { node { id campaigns(first: 5) { edges { node { contactedAt } } } } } }
  }
`;

interface Contact {
  campaign: { id: string };
  channel: string;
  contactedAt: string;
  responses: { interactionId: string; respondedAt: string; channel: string | null }[];
  conversions: { source: string; sourceId: string; convertedAt: string; amount: { amount: string; currency: string } }[];
}

describe('what a customer responded to and converted on (Customer.campaigns)', () => {
  const clock = manualClock(seededAt);
  let server: TestServer;
  let campaignId: string;
  /** Row id → global id (Person or Organization) of the audience. */
  const nodeIdOf = new Map<string, string>();
  let contacted: string[];
  let control: string[];

  beforeAll(async () => {
    server = await startTestServer({ clock, environment: RUNNER_ENVIRONMENT, extraPlugins: [campaignsWithRunner({ intervalMs: 100, batchSize: 25 })] });
    const first = await server.graphql(FIRST_CUSTOMERS, { first: AUDIENCE });
    expect(first.errors).toBeUndefined();
    for (const edge of first.data!.customers.edges as { node: { id: string } }[]) nodeIdOf.set(decodeGlobalID(edge.node.id).id, edge.node.id);
    const audience = [...nodeIdOf.keys()];
    expect(audience).toHaveLength(AUDIENCE);
    // The draw is reproducible: the audience holds both groups whatever the campaign's id.
    const segmentId = await staticSegment(server, audience, seededAt);
    campaignId = await campaignRow(server, { channels: ['WEB'], controlShare: CONTROL_SHARE, include: [segmentId] }, seededAt);
    const launched = await server.graphql(LAUNCH, { id: globalIdOf('Campaign', campaignId) });
    expect(launched.data?.launchCampaign.__typename, JSON.stringify(launched)).toBe('LaunchCampaignPayload');
    const run = await completedRun(server, campaignId);
    const decided = await rows<{ customerId: string; outcome: string }>(
      server,
      `SELECT "customerId"::text AS "customerId", outcome::text AS outcome FROM "CampaignRecipient" WHERE "runId" = $1 ORDER BY "customerId"`,
      [run.id],
    );
    contacted = decided.filter((row) => row.outcome === 'CONTACTED').map((row) => row.customerId);
    control = decided.filter((row) => row.outcome === 'CONTROL').map((row) => row.customerId);
    expect(contacted.length).toBeGreaterThanOrEqual(2);
    expect(control.length).toBeGreaterThanOrEqual(1);
    expect(control.every((customer) => drawOf(campaignId, customer) < CONTROL_SHARE)).toBe(true);
    // Everything after the launch is recorded from later on, as a point of sale would send it.
    clock.set(new Date(seededAt.getTime() + 60 * DAY));
  }, 180_000);
  afterAll(async () => {
    await server?.stop();
  });

  async function record(customerId: string, kind: 'PURCHASE' | 'CAMPAIGN_RESPONSE', at: Date, extra: Record<string, unknown>): Promise<string> {
    const answer = await server.graphql(RECORD, {
      input: {
        customerId: nodeIdOf.get(customerId),
        channel: kind === 'PURCHASE' ? 'POINT_OF_SALE' : 'WEB',
        direction: 'INBOUND',
        kind,
        occurredAt: at.toISOString(),
        source: 'campaign-outcomes-test',
        externalId: `${customerId}:${kind}:${at.toISOString()}`,
        ...extra,
      },
    });
    expect(answer.errors).toBeUndefined();
    expect(answer.data!.recordInteraction.__typename, JSON.stringify(answer.data)).toBe('RecordInteractionPayload');
    return answer.data!.recordInteraction.interaction.id as string;
  }

  async function contactsOf(customerId: string): Promise<Contact[]> {
    const answer = await server.graphql(OUTCOMES, { id: nodeIdOf.get(customerId) });
    expect(answer.errors, JSON.stringify(answer.errors)).toBeUndefined();
    const edges = answer.data!.node.campaigns.edges as { node: Contact }[];
    return edges.map((edge) => edge.node).filter((contact) => contact.campaign.id === globalIdOf('Campaign', campaignId));
  }

  it('shows the response after the contact and exactly the purchase within the window, with its amount', async () => {
    const responder = contacted[0]!;
    const at = (days: number) => new Date(seededAt.getTime() + days * DAY);
    const response = await record(responder, 'CAMPAIGN_RESPONSE', at(2), { metadata: { campaignId } });
    const inWindow = await record(responder, 'PURCHASE', at(10), { amount: '49.90', currency: 'EUR' });
    // After the 30-day window: the campaign is not credited with it.
    await record(responder, 'PURCHASE', at(40), { amount: '120.00', currency: 'EUR' });
    // A response to another campaign is not one to this campaign.
    await new ReturnsFixture(server.owner).response(responder, await campaignRow(server, { channels: ['WEB'], controlShare: 0, include: [] }, seededAt), at(3), 'WEB');

    const [contact, ...others] = await contactsOf(responder);
    expect(others).toEqual([]);
    expect(contact!.channel).toBe('WEB');
    expect(new Date(contact!.contactedAt).getTime()).toBe(seededAt.getTime());
    expect(contact!.responses).toEqual([{ interactionId: response, respondedAt: at(2).toISOString(), channel: 'WEB' }]);
    expect(contact!.conversions).toEqual([{ source: 'PURCHASE', sourceId: inWindow, convertedAt: at(10).toISOString(), amount: { amount: '49.90', currency: 'EUR' } }]);
  });

  it('shows empty lists for a contacted customer who did nothing, and no contact at all for a control member', async () => {
    const [idle, ...more] = await contactsOf(contacted[1]!);
    expect(more).toEqual([]);
    expect(idle).toMatchObject({ channel: 'WEB', responses: [], conversions: [] });

    for (const member of control) expect(await contactsOf(member)).toEqual([]);
    // Even a control member's purchase within the window is no conversion of a contact: there is none.
    await record(control[0]!, 'PURCHASE', new Date(seededAt.getTime() + 5 * DAY), { amount: '15.00', currency: 'EUR' });
    expect(await contactsOf(control[0]!)).toEqual([]);
  });

  it('reads the responses and conversions of a whole page of contacts in one statement each, whatever its size', async () => {
    const few = await statementsOf(server, PAGE_WITH_OUTCOMES, 'PageWithOutcomes', { first: 5 });
    const many = await statementsOf(server, PAGE_WITH_OUTCOMES, 'PageWithOutcomes', { first: AUDIENCE });
    const plain = await statementsOf(server, PAGE_WITHOUT_OUTCOMES, 'PageWithoutOutcomes', { first: AUDIENCE });
    const contactsIn = (data: any) => (data.customers.edges as { node: { campaigns: { edges: unknown[] } } }[]).reduce((total, edge) => total + edge.node.campaigns.edges.length, 0);
    console.info(`customer campaigns with outcomes: ${few.statements} statements for ${contactsIn(few.data)} contacts, ${many.statements} for ${contactsIn(many.data)}`);
    // The page must hold many more contacts, the responder's outcomes among them, or the count proves nothing.
    expect(contactsIn(few.data)).toBeGreaterThan(0);
    expect(contactsIn(many.data)).toBeGreaterThanOrEqual(contacted.length);
    expect(contactsIn(many.data)).toBeGreaterThan(contactsIn(few.data));
    const outcomes = (many.data.customers.edges as { node: { campaigns: { edges: { node: { responses: unknown[]; conversions: unknown[] } }[] } } }[]).flatMap((edge) => edge.node.campaigns.edges);
    expect(outcomes.some((edge) => edge.node.responses.length > 0 && edge.node.conversions.length > 0)).toBe(true);

    expect(many.statements).toBe(few.statements);
    // Responses and conversions cost one statement each on top of the page.
    expect(many.statements).toBe(plain.statements + 2);
  });
});
