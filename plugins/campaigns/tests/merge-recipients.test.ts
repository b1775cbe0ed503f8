import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { manualClock } from '../../../src/plugin-api.ts';
import type { TestServer } from '../../../tests/support/server.ts';
import { tenantRows } from '../../../tests/support/tenant-rows.ts';
import { createPerson, DAY, launchedCampaign, mutate, rowIdOf, startCampaignsServer, staticAudience, type LaunchedCampaign } from './api-support.ts';
import { TENANT } from './launch-support.ts';

// The campaigns' part in a customer merge, through the identity area's mutations: a merged
// customer's campaign decisions become the survivor's, except where the survivor was decided in the
// same campaign, step and channel (that row stays on the merged record, as history of who was
// contacted); the unmerge gives every moved row back.

const MERGE = /* GraphQL */ `
  mutation Merge($input: MergeCustomersInput!) {
    mergeCustomers(input: $input) {
      __typename
      ... on MergeCustomersPayload { merge { id status moved { area rows label count } } preview { moves { area rows label count } } }
      ... on Error { message }
    }
  }
`;
const UNMERGE = /* GraphQL */ `
  mutation Unmerge($mergeId: ID!) { unmergeCustomers(mergeId: $mergeId) { __typename ... on UnmergeCustomersPayload { merge { status } } ... on Error { message } } }
`;
const CONTACTS = /* GraphQL */ `
  query Contacts($id: ID!) { customer(id: $id) { id campaigns(first: 10) { totalCount edges { node { campaign { id } channel step contactedAt } } } } }
`;

interface Recipient {
  id: string;
  campaignId: string;
  customerId: string;
  step: string;
  channel: string;
  outcome: string;
}

const RECIPIENTS_MOVE = { area: 'campaigns', rows: 'campaigns.recipients', label: 'campaign recipients' };

describe('campaign recipients in a merge and its undoing', () => {
  const decidedInA = new Date(new Date(inject('demoSeededAt')).getTime() + DAY);
  const decidedInB = new Date(decidedInA.getTime() + DAY);
  const clock = manualClock(decidedInA);
  let server: TestServer;
  let survivor: string;
  let merged: string;
  let campaignA: LaunchedCampaign;
  let campaignB: LaunchedCampaign;
  let before: Recipient[];
  let mergeId: string;

  const recipients = () =>
    tenantRows<Recipient>(
      server.owner,
      TENANT,
      `SELECT id::text AS id, "campaignId"::text AS "campaignId", "customerId"::text AS "customerId", step, channel::text AS channel, outcome::text AS outcome
       FROM "CampaignRecipient" WHERE "campaignId" = ANY($1::uuid[]) ORDER BY id`,
      [[campaignA.rowId, campaignB.rowId]],
    );
  const rowOf = (rows: Recipient[], campaign: LaunchedCampaign, customer: string) => rows.filter((row) => row.campaignId === campaign.rowId && row.customerId === rowIdOf(customer));

  /** What Customer.campaigns answers for the customer: the global id it resolves to, and its contacts. */
  async function contactsOf(customer: string) {
    const answer = await server.graphql(CONTACTS, { id: customer });
    expect(answer.errors).toBeUndefined();
    const { id, campaigns } = answer.data!.customer as { id: string; campaigns: { totalCount: number; edges: { node: Record<string, unknown> }[] } };
    return { id, totalCount: campaigns.totalCount, contacts: campaigns.edges.map((edge) => edge.node) };
  }
  const contact = (campaign: LaunchedCampaign, at: Date) => ({ campaign: { id: campaign.id }, channel: 'WEB', step: 'launch', contactedAt: at.toISOString() });

  beforeAll(async () => {
    server = await startCampaignsServer(['profile', 'interactions', 'segments', 'identity'], clock);
    survivor = await createPerson(server, 'Selma', 'Stays');
    merged = await createPerson(server, 'Selma', 'Stays-Twice');
    const both = await staticAudience(server, `Merge recipients: both ${decidedInA.getTime()}`, [survivor, merged]);
    campaignA = await launchedCampaign(server, { name: `Merge recipients A ${decidedInA.getTime()}`, segmentId: both, channels: ['WEB'], attributionWindowDays: 30 });
    clock.set(decidedInB);
    const mergedOnly = await staticAudience(server, `Merge recipients: merged only ${decidedInA.getTime()}`, [merged]);
    campaignB = await launchedCampaign(server, { name: `Merge recipients B ${decidedInA.getTime()}`, segmentId: mergedOnly, channels: ['WEB'], attributionWindowDays: 30 });
    clock.set(new Date(decidedInB.getTime() + DAY));
    before = await recipients();
  }, 180_000);
  afterAll(async () => {
    await server?.stop();
  });

  it('starts with both customers decided in A, and only the one to be merged in B', async () => {
    expect(before).toHaveLength(3);
    expect(before.every((row) => row.outcome === 'CONTACTED' && row.step === 'launch' && row.channel === 'WEB')).toBe(true);
    expect(rowOf(before, campaignA, survivor)).toHaveLength(1);
    expect(rowOf(before, campaignA, merged)).toHaveLength(1);
    expect(rowOf(before, campaignB, merged)).toHaveLength(1);
    expect(await contactsOf(survivor)).toEqual({ id: survivor, totalCount: 1, contacts: [contact(campaignA, decidedInA)] });
    expect(await contactsOf(merged)).toEqual({ id: merged, totalCount: 2, contacts: [contact(campaignB, decidedInB), contact(campaignA, decidedInA)] });
  });

  it('previews one campaign recipient row to move, and a dry run writes nothing', async () => {
    const { preview } = await mutate(server, MERGE, { input: { survivorId: survivor, otherIds: [merged], dryRun: true } }, 'MergeCustomersPayload');
    expect((preview.moves as { rows: string }[]).filter((move) => move.rows === RECIPIENTS_MOVE.rows)).toEqual([{ ...RECIPIENTS_MOVE, count: 1 }]);
    expect(await recipients()).toEqual(before);
  });

  it("moves the merged customer's decision in B to the survivor, and leaves its decision in A on the merged record", async () => {
    const { merge } = await mutate(server, MERGE, { input: { survivorId: survivor, otherIds: [merged] } }, 'MergeCustomersPayload');
    mergeId = merge.id;
    expect(merge.status).toBe('MERGED');
    expect((merge.moved as { rows: string }[]).filter((move) => move.rows === RECIPIENTS_MOVE.rows)).toEqual([{ ...RECIPIENTS_MOVE, count: 1 }]);

    const [survivorInA] = rowOf(before, campaignA, survivor);
    const [mergedInA] = rowOf(before, campaignA, merged);
    const [mergedInB] = rowOf(before, campaignB, merged);
    // Every row as it was but the one that moved: one decision per campaign, step and channel for the survivor.
    const rows = await recipients();
    expect(rows).toEqual(before.map((row) => (row.id === mergedInB!.id ? { ...row, customerId: rowIdOf(survivor) } : row)));
    const after = new Map(rows.map((row) => [row.id, row.customerId]));
    expect(after.get(survivorInA!.id)).toBe(rowIdOf(survivor));
    expect(after.get(mergedInA!.id)).toBe(rowIdOf(merged));
    expect(after.get(mergedInB!.id)).toBe(rowIdOf(survivor));

    expect(await contactsOf(survivor)).toEqual({ id: survivor, totalCount: 2, contacts: [contact(campaignB, decidedInB), contact(campaignA, decidedInA)] });
    // The merged record's id now answers the survivor.
    expect((await contactsOf(merged)).id).toBe(survivor);
  });

  it('gives every row back to its original customer on unmerge', async () => {
    expect(mergeId).toBeDefined();
    clock.advance(DAY);
    const { merge } = await mutate(server, UNMERGE, { mergeId }, 'UnmergeCustomersPayload');
    expect(merge.status).toBe('UNMERGED');
    expect(await recipients()).toEqual(before);
    expect(await contactsOf(survivor)).toEqual({ id: survivor, totalCount: 1, contacts: [contact(campaignA, decidedInA)] });
    expect(await contactsOf(merged)).toEqual({ id: merged, totalCount: 2, contacts: [contact(campaignB, decidedInB), contact(campaignA, decidedInA)] });
  });
});
