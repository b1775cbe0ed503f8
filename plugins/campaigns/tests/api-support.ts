import { expect } from 'vitest';
import type { Clock } from '../../../src/plugin-api.ts';
import { startTestServer, type TestServer } from '../../../tests/support/server.ts';
import { campaignsWithRunner, completedRun, LAUNCH, TENANT } from './launch-support.ts';
import { tenantRows } from '../../../tests/support/tenant-rows.ts';

// Helpers of the tests that set campaigns up as a client would: people, their segment, a campaign
// created, scheduled and launched through the API, and the runner deciding it in the background.
// Not a test itself.

export const DAY = 86_400_000;

const CREATE_PERSON = /* GraphQL */ `
  mutation Person($input: CreatePersonInput!) { createPerson(input: $input) { __typename ... on PersonPayload { person { id } } ... on Error { message } } }
`;
const CREATE_SEGMENT = /* GraphQL */ `
  mutation Segment($input: CreateSegmentInput!) { createSegment(input: $input) { __typename ... on SegmentPayload { segment { id } } ... on Error { message } } }
`;
const ADD_MEMBERS = /* GraphQL */ `
  mutation Members($id: ID!, $customerIds: [ID!]!) { addSegmentMembers(id: $id, customerIds: $customerIds) { __typename ... on Error { message } } }
`;
const CREATE_CAMPAIGN = /* GraphQL */ `
  mutation Campaign($input: CreateCampaignInput!) { createCampaign(input: $input) { __typename ... on CampaignPayload { campaign { id } } ... on Error { message } } }
`;
const SCHEDULE_CAMPAIGN = /* GraphQL */ `
  mutation Schedule($id: ID!) { scheduleCampaign(id: $id) { __typename ... on Error { message } } }
`;

/**
 * A server with exactly these plugins and the test's campaigns plugin, whose runner decides a launch
 * within moments; event reactions (the conversions among them) run every 100 ms.
 */
export function startCampaignsServer(plugins: readonly string[], clock: Clock): Promise<TestServer> {
  return startTestServer({
    clock,
    environment: { NEXO_BACKGROUND_JOBS: 'true', NEXO_PLUGINS: plugins.join(',') },
    extraPlugins: [campaignsWithRunner({ intervalMs: 50 })],
    reactionPollIntervalMs: 100,
  });
}

/** The field of a mutation's answer, checked to be of `typename`. */
export async function mutate(server: TestServer, document: string, variables: Record<string, unknown>, typename: string): Promise<Record<string, any>> {
  const answer = await server.graphql(document, variables);
  expect(answer.errors, JSON.stringify(answer.errors)).toBeUndefined();
  const result = Object.values(answer.data ?? {})[0] as Record<string, any> | undefined;
  expect(result?.__typename, JSON.stringify(result)).toBe(typename);
  return result!;
}

export function rowIdOf(globalId: string): string {
  return Buffer.from(globalId, 'base64').toString().split(':')[1]!;
}

/** A new person; their global id. */
export async function createPerson(server: TestServer, firstName: string, lastName: string): Promise<string> {
  return (await mutate(server, CREATE_PERSON, { input: { firstName, lastName } }, 'PersonPayload')).person.id;
}

/** A static segment of these customers (global ids); its global id. */
export async function staticAudience(server: TestServer, name: string, customerIds: readonly string[]): Promise<string> {
  const segmentId = (await mutate(server, CREATE_SEGMENT, { input: { name, kind: 'STATIC' } }, 'SegmentPayload')).segment.id as string;
  await mutate(server, ADD_MEMBERS, { id: segmentId, customerIds }, 'SegmentPayload');
  return segmentId;
}

export interface LaunchedCampaign {
  /** Global id. */
  id: string;
  rowId: string;
}

/**
 * A campaign created, scheduled and launched now (the server's clock) to the segment, without a
 * control group; returns once the runner has decided every customer of its audience.
 */
export async function launchedCampaign(
  server: TestServer,
  campaign: { name: string; segmentId: string; channels: string[]; attributionWindowDays: number; decayHalfLifeDays?: number },
): Promise<LaunchedCampaign> {
  const input = {
    name: campaign.name,
    kind: 'PROMOTION',
    channels: campaign.channels,
    startsAt: server.clock.now().toISOString(),
    controlShare: 0,
    attributionWindowDays: campaign.attributionWindowDays,
    decayHalfLifeDays: campaign.decayHalfLifeDays ?? 7,
    audienceSegmentIds: [campaign.segmentId],
  };
  const id = (await mutate(server, CREATE_CAMPAIGN, { input }, 'CampaignPayload')).campaign.id as string;
  await mutate(server, SCHEDULE_CAMPAIGN, { id }, 'CampaignPayload');
  await mutate(server, LAUNCH, { id }, 'LaunchCampaignPayload');
  await completedRun(server, rowIdOf(id), 30_000);
  return { id, rowId: rowIdOf(id) };
}

/**
 * Waits until every event of the tenant is numbered and the reaction `consumer` has handled every
 * event of its topics: no reaction to what happened so far is still to come.
 */
export async function reactionCaughtUp(server: TestServer, consumer: string, topics: readonly string[], timeoutMs = 20_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const [state] = await tenantRows<{ pending: boolean }>(
      server.owner,
      TENANT,
      `SELECT EXISTS (SELECT 1 FROM "OutboxEvent" WHERE "tenantId" = $1 AND position IS NULL)
           OR EXISTS (SELECT 1 FROM "OutboxEvent" e
                      WHERE e."tenantId" = $1 AND e.topic = ANY($3::text[])
                        AND e.position > coalesce((SELECT position FROM "EventReactionProgress" WHERE consumer = $2 AND "tenantId" = $1), 0)) AS pending`,
      [TENANT, consumer, topics],
    );
    if (!state!.pending) return;
    if (performance.now() > deadline) throw new Error(`${consumer} did not catch up within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
