import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { manualClock } from '../../../src/plugin-api.ts';
import { subscribeToActivity } from '../../../tests/support/activity-client.ts';
import { startTestServer, type TestServer } from '../../../tests/support/server.ts';
import {
  differences,
  globalIdOf,
  lastEventId,
  MERGE,
  rowIdOf,
  snapshotTenant,
  succeeded,
  tenantRows,
  TENANT,
  UNMERGE,
  waitForReactions,
  type TenantSnapshot,
} from './merge-support.ts';

// A merge and its undoing, end to end, with every area enabled and event reactions running (the
// segments re-evaluate the survivor, identity refreshes match profiles): three demo people with
// rows in every area are merged, the survivor gets an interaction in between, the merge is undone,
// and every table of the tenant is as it was, row for row, but for the interaction and what it
// caused.

/** What the merged records should hold between them: a row in each area a merge moves. */
const AREAS = {
  interactions: `EXISTS (SELECT 1 FROM "Interaction" i WHERE i."customerId" = c.id)`,
  deals: `EXISTS (SELECT 1 FROM "Opportunity" o WHERE o."customerId" = c.id)`,
  leads: `EXISTS (SELECT 1 FROM "Lead" l WHERE l."customerId" = c.id)`,
  tickets: `EXISTS (SELECT 1 FROM "Ticket" t WHERE t."customerId" = c.id)`,
  consents: `EXISTS (SELECT 1 FROM "Consent" x WHERE x."customerId" = c.id)`,
  refs: `EXISTS (SELECT 1 FROM "ExternalRef" r WHERE r."customerId" = c.id)`,
  phones: `EXISTS (SELECT 1 FROM "ContactPoint" p WHERE p."customerId" = c.id AND p.kind = 'PHONE')`,
  memberships: `EXISTS (SELECT 1 FROM "Membership" m WHERE m."personId" = c.id)`,
  segments: `EXISTS (SELECT 1 FROM "SegmentMembership" s WHERE s."customerId" = c.id AND s."exitedAt" IS NULL)`,
};

/** The demo people holding the most kinds of row, most first (few people have deals, tickets and jobs at once). */
const RICH_PEOPLE = `
  SELECT c.id::text AS id, ${Object.entries(AREAS).map(([name, test]) => `${test} AS ${name}`).join(', ')}
  FROM "Customer" c
  WHERE c."tenantId" = $1 AND c.kind = 'PERSON' AND c."archivedAt" IS NULL AND c."mergedIntoId" IS NULL
  ORDER BY ${Object.values(AREAS).map((test) => `${test}::int`).join(' + ')} DESC, c.id
  LIMIT 40`;

const NODE = /* GraphQL */ `
  query Node($id: ID!) {
    node(id: $id) {
      id
      ... on Customer {
        displayName
        mergedRecords { id displayName merge { id status } }
        contactPoints { kind value }
        consents { channel status }
        interactions(first: 100) { edges { node { id } } }
        timeline(first: 100) { edges { node { id } } }
      }
    }
  }
`;

describe('merge then unmerge, with reactions running', () => {
  const seededAt = new Date(inject('demoSeededAt'));
  const clock = manualClock(seededAt);
  let server: TestServer;
  let survivor: string;
  let merged: string[];

  beforeAll(async () => {
    server = await startTestServer({ clock, environment: { NEXO_BACKGROUND_JOBS: 'true' }, reactionPollIntervalMs: 50 });
    const people = await tenantRows<Record<keyof typeof AREAS, boolean> & { id: string }>(server.owner, RICH_PEOPLE, [TENANT]);
    // The first two rich people who between them hold a row of every area are merged into another one.
    const areas = Object.keys(AREAS) as (keyof typeof AREAS)[];
    const pairs = people.flatMap((first, index) => people.slice(index + 1).map((second) => [first, second] as const));
    const [first, second] = pairs.find(([a, b]) => areas.every((area) => a[area] || b[area])) ?? [];
    expect(first, 'two demo people who hold a row of every area').toBeDefined();
    const third = people.find((person) => person !== first && person !== second);
    survivor = globalIdOf('Person', third!.id);
    merged = [first!, second!].map((person) => globalIdOf('Person', person.id));
  });
  afterAll(() => server?.stop());

  /** Overlaps a merge must settle: a phone both hold, a consent against a withdrawal, an organization both work for. */
  async function prepareOverlaps(): Promise<{ sharedPhone: string; phoneHolder: string }> {
    const [phone] = await tenantRows<{ value: string; holder: string }>(
      server.owner,
      `SELECT value, "customerId"::text AS holder FROM "ContactPoint" WHERE "customerId" = ANY($1::uuid[]) AND kind = 'PHONE' ORDER BY id LIMIT 1`,
      [merged.map(rowIdOf)],
    );
    const shared = await server.graphql(`mutation ($input: AddContactPointInput!) { addContactPoint(input: $input) { __typename } }`, {
      input: { customerId: survivor, kind: 'PHONE', value: phone!.value },
    });
    expect(shared.data?.addContactPoint.__typename).toBe('ContactPointPayload');
    for (const [customerId, status] of [[survivor, 'GRANTED'], [merged[0], 'WITHDRAWN']] as const) {
      const consent = await server.graphql(`mutation ($input: SetConsentInput!) { setConsent(input: $input) { __typename } }`, {
        input: { customerId, channel: 'EMAIL', status, source: 'merge-test' },
      });
      expect(consent.data?.setConsent.__typename).not.toMatch(/Error$/);
    }
    const [organization] = await tenantRows<{ id: string }>(server.owner, `SELECT "organizationId"::text AS id FROM "Membership" WHERE "personId" = ANY($1::uuid[]) ORDER BY id LIMIT 1`, [
      merged.map(rowIdOf),
    ]);
    const link = await server.graphql(`mutation ($input: LinkMembershipInput!) { linkMembership(input: $input) { __typename } }`, {
      input: { personId: survivor, organizationId: globalIdOf('Organization', organization!.id), role: 'buyer' },
    });
    expect(link.data?.linkMembership.__typename).toBe('MembershipPayload');
    return { sharedPhone: phone!.value, phoneHolder: phone!.holder };
  }

  it('leaves every table as it was, row for row, but for what happened in between; events once; old ids answer the survivor', async () => {
    const { sharedPhone, phoneHolder } = await prepareOverlaps();
    await waitForReactions(server);
    const eventsBefore = await lastEventId(server.owner);
    const before: TenantSnapshot = await snapshotTenant(server.owner, eventsBefore);
    const [merged0Ref] = await tenantRows<{ source: string; externalId: string }>(server.owner, `SELECT source, "externalId" FROM "ExternalRef" WHERE "customerId" = $1 ORDER BY id LIMIT 1`, [rowIdOf(merged[0]!)]);
    const mergedInteractions = await tenantRows<{ id: string }>(server.owner, `SELECT id::text FROM "Interaction" WHERE "customerId" = ANY($1::uuid[])`, [merged.map(rowIdOf)]);
    const withdrawnOverGrants = await tenantRows<{ channel: string }>(
      server.owner,
      `SELECT s.channel::text AS channel FROM "Consent" s
       WHERE s."customerId" = $1 AND s.status = 'GRANTED'
         AND EXISTS (SELECT 1 FROM "Consent" m WHERE m."customerId" = ANY($2::uuid[]) AND m.channel = s.channel AND m.status = 'WITHDRAWN')`,
      [rowIdOf(survivor), merged.map(rowIdOf)],
    );
    const subscriber = await subscribeToActivity(server.url, await server.token(), { filter: { topics: ['customer.merged', 'customer.unmerged'] } });

    // The dry run shows what the merge then does, and writes nothing.
    const input = { survivorId: survivor, otherIds: merged, fieldChoices: [{ field: 'FIRST_NAME', customerId: merged[1] }] };
    const dry = succeeded(await server.graphql(MERGE, { input: { ...input, dryRun: true } }), 'mergeCustomers', 'MergeCustomersPayload');
    expect(dry.merge).toBeNull();
    expect(differences(before, await snapshotTenant(server.owner, eventsBefore))).toEqual(new Map());
    const [secondFirstName] = await tenantRows<{ firstName: string }>(server.owner, `SELECT "firstName" FROM "Customer" WHERE id = $1`, [rowIdOf(merged[1]!)]);
    expect(dry.preview.profile.firstName).toBe(secondFirstName!.firstName);

    const done = succeeded(await server.graphql(MERGE, { input }), 'mergeCustomers', 'MergeCustomersPayload');
    const merge = done.merge;
    expect(merge.status).toBe('MERGED');
    expect(merge.mergedCustomers.every((customer: { archivedAt: string | null }) => customer.archivedAt !== null)).toBe(true);
    expect(merge.moved).toEqual(dry.preview.moves);
    const movedCount = (rows: string) => merge.moved.find((move: { rows: string }) => move.rows === rows)?.count;
    expect(movedCount('interactions.interactions')).toBe(mergedInteractions.length);
    expect(movedCount('profile.duplicateContactPoints')).toBeGreaterThanOrEqual(1);
    // Every channel the survivor consented on and a merged record withdrew from, the e-mail set up above among them.
    expect(movedCount('profile.settledConsents')).toBe(withdrawnOverGrants.length);
    expect(withdrawnOverGrants.map((row) => row.channel)).toContain('EMAIL');

    // Old ids answer the survivor, which says what was merged into it.
    for (const oldId of merged) {
      const answer = await server.graphql(NODE, { id: oldId });
      expect(answer.errors).toBeUndefined();
      expect(answer.data!.node.id).toBe(survivor);
      expect(answer.data!.node.mergedRecords.map((record: { id: string }) => record.id).sort()).toEqual([...merged].sort());
      expect(answer.data!.node.mergedRecords.every((record: { merge: { id: string } }) => record.merge.id === merge.id)).toBe(true);
    }
    const byRef = await server.graphql(`query ($source: String!, $externalId: String!) { customerByExternalRef(source: $source, externalId: $externalId) { id } }`, merged0Ref!);
    expect(byRef.data!.customerByExternalRef.id).toBe(survivor);

    // The survivor has the merged interactions and timeline, one of each contact value, the withdrawal.
    const view = (await server.graphql(NODE, { id: survivor })).data!.node;
    const interactionIds = new Set(view.interactions.edges.map((edge: { node: { id: string } }) => rowIdOf(edge.node.id)));
    const [counts] = await tenantRows<{ interactions: number; events: number }>(
      server.owner,
      `SELECT (SELECT count(*)::int FROM "Interaction" WHERE "customerId" = $1) AS interactions,
              (SELECT count(*)::int FROM "OutboxEvent" WHERE "customerId" = ANY($2::uuid[]) AND id <= $3) AS events`,
      [rowIdOf(survivor), merged.map(rowIdOf), eventsBefore],
    );
    expect(counts!.events).toBe(0);
    if (counts!.interactions <= 100) for (const { id } of mergedInteractions) expect(interactionIds.has(id)).toBe(true);
    const values = view.contactPoints.map((point: { kind: string; value: string }) => `${point.kind} ${point.value}`);
    expect(new Set(values).size).toBe(values.length);
    expect(values).toContain(`PHONE ${sharedPhone}`);
    expect(view.consents.find((consent: { channel: string }) => consent.channel === 'EMAIL').status).toBe('WITHDRAWN');
    const [retired] = await tenantRows<{ active: boolean }>(server.owner, `SELECT "isActive" AS active FROM "ContactPoint" WHERE "customerId" = $1 AND value = $2`, [phoneHolder, sharedPhone]);
    expect(retired!.active).toBe(false);

    // In between, the survivor buys something: it stays the survivor's after the unmerge.
    const between = await server.graphql(`mutation ($input: RecordInteractionInput!) { recordInteraction(input: $input) { __typename ... on RecordInteractionPayload { interaction { id } } } }`, {
      input: { customerId: survivor, channel: 'POINT_OF_SALE', direction: 'INBOUND', kind: 'PURCHASE', amount: '25.00', currency: 'EUR', occurredAt: seededAt.toISOString(), source: 'merge-test', externalId: 'between-1' },
    });
    expect(between.data?.recordInteraction.__typename, JSON.stringify(between)).toBe('RecordInteractionPayload');
    const betweenId = rowIdOf(between.data!.recordInteraction.interaction.id);
    await waitForReactions(server);

    const undone = succeeded(await server.graphql(UNMERGE, { mergeId: merge.id }), 'unmergeCustomers', 'UnmergeCustomersPayload');
    expect(undone.merge.status).toBe('UNMERGED');
    expect(undone.restored.map((customer: { id: string; archivedAt: string | null }) => [customer.id, customer.archivedAt])).toEqual(merged.map((id) => [id, null]));
    await waitForReactions(server);

    // Exactly one event of each, in the outbox and to a live subscriber.
    const published = await subscriber.waitFor(2, 10_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(subscriber.received.map((event) => [event.topic, event.customerId])).toEqual([
      ['customer.merged', survivor],
      ['customer.unmerged', survivor],
    ]);
    expect(published[0]!.payload).toMatchObject({ mergeId: merge.id, mergedIds: merged });
    await subscriber.close();
    const outbox = await tenantRows<{ topic: string; count: number }>(
      server.owner,
      `SELECT topic, count(*)::int AS count FROM "OutboxEvent" WHERE "tenantId" = $1 AND topic IN ('customer.merged', 'customer.unmerged') AND id > $2 GROUP BY topic ORDER BY topic`,
      [TENANT, eventsBefore],
    );
    expect(outbox).toEqual([
      { topic: 'customer.merged', count: 1 },
      { topic: 'customer.unmerged', count: 1 },
    ]);

    const after = await snapshotTenant(server.owner, eventsBefore);
    const changed = differences(before, after);
    const interaction = changed.get('Interaction');
    expect(interaction).toEqual({ added: [betweenId], removed: [], changed: [] });
    changed.delete('Interaction');
    // What the purchase caused, through the reactions: the survivor's own score (one purchase
    // more) and its own segment stays. Nothing of the merged customers differs.
    const survivorRow = rowIdOf(survivor);
    const score = changed.get('CustomerScore');
    if (score) {
      expect([score.added, score.removed, score.changed.map((row) => row.key)]).toEqual([[], [], [survivorRow]]);
      expect(Number(score.changed[0]!.after.purchases)).toBe(Number(score.changed[0]!.before.purchases) + 1);
      changed.delete('CustomerScore');
    }
    const stays = changed.get('SegmentMembership');
    if (stays) {
      expect(stays.removed).toEqual([]);
      for (const row of stays.changed) expect([row.before.customerId, row.after.customerId, row.before.exitedAt]).toEqual([survivorRow, survivorRow, null]);
      const added = await tenantRows<{ customerId: string }>(server.owner, `SELECT "customerId"::text AS "customerId" FROM "SegmentMembership" WHERE id = ANY($1::uuid[])`, [stays.added]);
      expect(added.every((row) => row.customerId === survivorRow)).toBe(true);
      changed.delete('SegmentMembership');
    }
    // A purchase within a campaign's window after a touch of the survivor converts: a row for that purchase only.
    const conversions = changed.get('CampaignConversion');
    if (conversions) {
      expect([conversions.removed, conversions.changed]).toEqual([[], []]);
      const added = await tenantRows<{ sourceId: string }>(server.owner, `SELECT "sourceId"::text AS "sourceId" FROM "CampaignConversion" WHERE id = ANY($1::uuid[])`, [conversions.added]);
      expect(added.every((row) => row.sourceId === betweenId)).toBe(true);
      changed.delete('CampaignConversion');
    }
    expect(Object.fromEntries(changed)).toEqual({});
  }, 60_000);
});
