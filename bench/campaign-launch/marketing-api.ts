import { postGraphQL, type GraphQLResult } from '../lib/graphql-http.ts';
import { CREATE_CAMPAIGN, CREATE_SEGMENT, LAUNCH, SCHEDULE, SETTINGS } from './documents.ts';
import type { LaunchBench } from './prepare.ts';

export const CONTROL_SHARE = 0.1;

type Answer = { __typename: string; message?: string } & Record<string, unknown>;

export interface Audience {
  id: string;
  size: number;
}

export interface LaunchedRun {
  /** The run's global id, as the API knows it. */
  id: string;
  /** Its row id, as the runner logs it. */
  rowId: string;
  audience: number;
}

/** The payload of `field`, which must be of type `expected` (an error type is a failed step). */
function payloadOf<Payload>(result: GraphQLResult<Record<string, Answer>>, field: string, expected: string): Payload {
  const answer = result.data?.[field];
  if (answer?.__typename !== expected) throw new Error(`${field} answered ${JSON.stringify(answer ?? result.errors)}`);
  return answer as unknown as Payload;
}

async function mutate<Payload>(bench: LaunchBench, query: string, variables: Record<string, unknown>, field: string, expected: string): Promise<Payload> {
  const { result } = await postGraphQL<Record<string, Answer>>(bench.server.url, bench.marketing, query, variables);
  return payloadOf<Payload>(result, field, expected);
}

/** A dynamic segment of every live customer: a rule every person and organization passes. */
export async function createEveryoneAudience(bench: LaunchBench): Promise<Audience> {
  const rule = { fact: { fact: 'profile.kind', operator: 'IN', values: ['PERSON', 'ORGANIZATION'] } };
  const { segment } = await mutate<{ segment: Audience }>(bench, CREATE_SEGMENT, { input: { name: `Bench launch: everyone ${bench.tag}`, kind: 'DYNAMIC', rule } }, 'createSegment', 'SegmentPayload');
  return segment;
}

/** A scheduled campaign to the audience; its id. */
export async function createScheduledCampaign(bench: LaunchBench, audience: Audience, campaign: { name: string; kind: string; channels: readonly string[] }): Promise<string> {
  // Its start a day ahead: the runner launches a scheduled campaign once its start has come, and
  // here the launch must be the mutation measured.
  const startsAt = new Date(Date.now() + 86_400_000).toISOString();
  const input = { name: `${campaign.name} ${bench.tag}`, kind: campaign.kind, channels: campaign.channels, controlShare: CONTROL_SHARE, audienceSegmentIds: [audience.id], startsAt };
  const created = await mutate<{ campaign: { id: string } }>(bench, CREATE_CAMPAIGN, { input }, 'createCampaign', 'CampaignPayload');
  await mutate(bench, SCHEDULE, { id: created.campaign.id }, 'scheduleCampaign', 'CampaignPayload');
  return created.campaign.id;
}

export async function setContactCap(bench: LaunchBench, cap: { maxContacts: number; perDays: number }): Promise<void> {
  await mutate(bench, SETTINGS, { input: cap }, 'updateCampaignSettings', 'CampaignSettingsPayload');
}

/** `launchCampaign`, timed from send to answer: the audience snapshot. */
export async function launchCampaign(bench: LaunchBench, campaignId: string): Promise<{ run: LaunchedRun; ms: number }> {
  const { result, sentAt, receivedAt } = await postGraphQL<Record<string, Answer>>(bench.server.url, bench.marketing, LAUNCH, { id: campaignId });
  const { run } = payloadOf<{ run: { id: string; audience: number } }>(result, 'launchCampaign', 'LaunchCampaignPayload');
  return { run: { ...run, rowId: rowIdOf(run.id) }, ms: receivedAt - sentAt };
}

/** The row id inside a CampaignRun's global id (base64 of "CampaignRun:<uuid>"). */
function rowIdOf(globalId: string): string {
  const [typename, id] = Buffer.from(globalId, 'base64').toString('utf8').split(':');
  if (typename !== 'CampaignRun' || !id) throw new Error(`not the global id of a CampaignRun: ${globalId}`);
  return id;
}
