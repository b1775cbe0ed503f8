import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { manualClock } from '../../../src/plugin-api.ts';
import { startTestServer, type TestServer } from '../../../tests/support/server.ts';
import { statementsOf } from '../../../tests/support/statements.ts';
import { differences, globalIdOf, lastEventId, MERGE, rowIdOf, snapshotTenant, succeeded, tenantRows, TENANT, UNMERGE } from './merge-support.ts';

// The rules of merging and unmerging over HTTP: what is refused (every problem at once, typed),
// who may merge, what an old id does afterwards, and undoing merges that depend on each other.
// Reactions are off here: the round trip with them running is merge-roundtrip.test.ts.

describe('merge and unmerge rules', () => {
  const clock = manualClock(new Date(inject('demoSeededAt')));
  let server: TestServer;
  /** Live demo people, in id order, each test taking its own. */
  let people: string[];

  beforeAll(async () => {
    server = await startTestServer({ clock });
    const rows = await tenantRows<{ id: string }>(
      server.owner,
      `SELECT id::text FROM "Customer" WHERE "tenantId" = $1 AND kind = 'PERSON' AND "archivedAt" IS NULL ORDER BY id LIMIT 40`,
      [TENANT],
    );
    people = rows.map((row) => globalIdOf('Person', row.id));
  });
  afterAll(() => server?.stop());

  async function unchanged<T>(work: () => Promise<T>): Promise<T> {
    const through = await lastEventId(server.owner);
    const before = await snapshotTenant(server.owner, through);
    const result = await work();
    expect(differences(before, await snapshotTenant(server.owner, through))).toEqual(new Map());
    expect(await lastEventId(server.owner)).toBe(through);
    return result;
  }

  it('refuses a bad request with every problem at its path, and changes nothing', async () => {
    const [survivor, other, outsider] = people;
    const [organization] = await tenantRows<{ id: string }>(server.owner, `SELECT id::text FROM "Customer" WHERE "tenantId" = $1 AND kind = 'ORGANIZATION' ORDER BY id LIMIT 1`, [TENANT]);
    const refused = await unchanged(() =>
      server.graphql(MERGE, {
        input: {
          survivorId: survivor,
          otherIds: [survivor, other, other, globalIdOf('Organization', organization!.id), 'not-an-id'],
          fieldChoices: [
            { field: 'TAX_ID', customerId: other },
            { field: 'FIRST_NAME', customerId: outsider },
            { field: 'LAST_NAME', customerId: other },
            { field: 'LAST_NAME', customerId: survivor },
          ],
        },
      }),
    );
    const error = succeeded(refused, 'mergeCustomers', 'ValidationError');
    expect(error.fieldErrors).toEqual([
      { path: ['input', 'otherIds', '0'], message: 'is the survivor itself' },
      { path: ['input', 'otherIds', '2'], message: 'is listed twice' },
      { path: ['input', 'otherIds', '3'], message: 'must be a Person, as the survivor is' },
      { path: ['input', 'otherIds', '4'], message: 'is not a customer id' },
      { path: ['input', 'fieldChoices', '0', 'field'], message: 'does not apply to a Person' },
      { path: ['input', 'fieldChoices', '1', 'customerId'], message: 'must be the survivor or one of the customers merged' },
      { path: ['input', 'fieldChoices', '3', 'field'], message: 'is chosen twice' },
    ]);

    const none = succeeded(await server.graphql(MERGE, { input: { survivorId: survivor, otherIds: [] } }), 'mergeCustomers', 'ValidationError');
    expect(none.fieldErrors).toEqual([{ path: ['input', 'otherIds'], message: 'must name 1 to 10 customers' }]);
    const eleven = await server.graphql(MERGE, { input: { survivorId: survivor, otherIds: people.slice(1, 12) } });
    expect(eleven.errors?.[0]?.extensions?.code).toBe('VALIDATION');
  });

  it('refuses archived and already merged customers, a viewer without identity:merge, and another tenant’s ids', async () => {
    const [survivor, archived, mergedAway, into] = people.slice(3);
    const archive = await server.graphql(`mutation ($id: ID!) { archiveCustomer(id: $id) { __typename } }`, { id: archived });
    expect(archive.data?.archiveCustomer.__typename).toBe('CustomerPayload');
    succeeded(await server.graphql(MERGE, { input: { survivorId: into, otherIds: [mergedAway] } }), 'mergeCustomers', 'MergeCustomersPayload');

    const stale = await unchanged(() => server.graphql(MERGE, { input: { survivorId: mergedAway, otherIds: [survivor, archived] } }));
    expect(succeeded(stale, 'mergeCustomers', 'ValidationError').fieldErrors).toEqual([
      { path: ['input', 'survivorId'], message: `was already merged into ${into}` },
      { path: ['input', 'otherIds', '1'], message: 'is archived' },
    ]);

    const forbidden = await unchanged(() => server.graphql(MERGE, { input: { survivorId: survivor, otherIds: [people[7]] } }, { as: { roles: ['sales'] } }));
    expect(succeeded(forbidden, 'mergeCustomers', 'ForbiddenError').message).toBeTruthy();

    const elsewhere = await unchanged(() => server.graphql(MERGE, { input: { survivorId: survivor, otherIds: [people[7]], dryRun: true } }, { as: { tenant: 'acme' } }));
    expect(succeeded(elsewhere, 'mergeCustomers', 'NotFoundError').message).toContain(survivor);
  });

  it('lets an old id act on the survivor: reads, writes of any area, and the list of merges', async () => {
    const [survivor, old] = people.slice(8);
    const merge = succeeded(await server.graphql(MERGE, { input: { survivorId: survivor, otherIds: [old] } }), 'mergeCustomers', 'MergeCustomersPayload').merge;

    const read = await server.graphql(`query ($id: ID!) { customer(id: $id) { id } node(id: $id) { id } }`, { id: old });
    expect(read.data).toEqual({ customer: { id: survivor }, node: { id: survivor } });

    const renamed = await server.graphql(`mutation ($input: UpdateCustomerInput!) { updateCustomer(input: $input) { __typename ... on CustomerPayload { customer { id } } } }`, {
      input: { id: old, city: 'Cuenca' },
    });
    expect(renamed.data?.updateCustomer.customer.id).toBe(survivor);
    const recorded = await server.graphql(
      `mutation ($input: RecordInteractionInput!) { recordInteraction(input: $input) { __typename ... on RecordInteractionPayload { interaction { customer { id } } } } }`,
      { input: { customerId: old, channel: 'EMAIL', direction: 'INBOUND', kind: 'INQUIRY', occurredAt: clock.now().toISOString(), source: 'merge-rules', externalId: 'old-id-1' } },
    );
    expect(recorded.data?.recordInteraction.interaction.customer.id).toBe(survivor);

    const listed = await server.graphql(`query ($id: ID!) { customerMerges(filter: { customerId: $id, status: MERGED }, first: 5) { totalCount edges { node { id mergedBy } } } }`, { id: old });
    expect(listed.data!.customerMerges).toEqual({ totalCount: 1, edges: [{ node: { id: merge.id, mergedBy: 'test-user' } }] });
  });

  it('undoes merges that depend on each other in the right order only, each once', async () => {
    const [first, second, third] = people.slice(12);
    const inner = succeeded(await server.graphql(MERGE, { input: { survivorId: second, otherIds: [first] } }), 'mergeCustomers', 'MergeCustomersPayload').merge;
    const outer = succeeded(await server.graphql(MERGE, { input: { survivorId: third, otherIds: [second] } }), 'mergeCustomers', 'MergeCustomersPayload').merge;
    // The alias of an alias names the last survivor, which lists both records.
    const third360 = await server.graphql(`query ($id: ID!) { node(id: $id) { id ... on Customer { mergedRecords { id merge { id } } } } }`, { id: first });
    expect(third360.data!.node.id).toBe(third);
    expect(new Map(third360.data!.node.mergedRecords.map((record: { id: string; merge: { id: string } }) => [record.id, record.merge.id]))).toEqual(
      new Map([
        [first, inner.id],
        [second, outer.id],
      ]),
    );

    const blocked = await unchanged(() => server.graphql(UNMERGE, { mergeId: inner.id }));
    expect(succeeded(blocked, 'unmergeCustomers', 'ConflictError').existingId).toBe(outer.id);

    succeeded(await server.graphql(UNMERGE, { mergeId: outer.id }), 'unmergeCustomers', 'UnmergeCustomersPayload');
    const back = await server.graphql(`query ($id: ID!) { node(id: $id) { id } }`, { id: first });
    expect(back.data!.node.id).toBe(second);
    const again = await unchanged(() => server.graphql(UNMERGE, { mergeId: outer.id }));
    expect(succeeded(again, 'unmergeCustomers', 'ConflictError').existingId).toBe(outer.id);

    const undone = succeeded(await server.graphql(UNMERGE, { mergeId: inner.id }), 'unmergeCustomers', 'UnmergeCustomersPayload');
    expect(undone.restored).toEqual([{ id: first, archivedAt: null }]);
    const [state] = await tenantRows<{ live: number }>(server.owner, `SELECT count(*)::int AS live FROM "Customer" WHERE id = ANY($1::uuid[]) AND "archivedAt" IS NULL AND "mergedIntoId" IS NULL`, [
      [first!, second!, third!].map(rowIdOf),
    ]);
    expect(state!.live).toBe(3);

    const notMine = await server.graphql(UNMERGE, { mergeId: inner.id }, { as: { tenant: 'acme' } });
    expect(succeeded(notMine, 'unmergeCustomers', 'NotFoundError').message).toContain(inner.id);
    const sales = await server.graphql(UNMERGE, { mergeId: inner.id }, { as: { roles: ['sales'] } });
    succeeded(sales, 'unmergeCustomers', 'ForbiddenError');
  });

  it('merges organizations: members move without doubling a link, the dry run counts what the merge moves, and the unmerge gives it all back', async () => {
    const organizations = await tenantRows<{ id: string }>(
      server.owner,
      `SELECT "organizationId"::text AS id FROM "Membership" WHERE "tenantId" = $1 GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 2`,
      [TENANT],
    );
    const [survivor, other] = organizations.map((row) => globalIdOf('Organization', row.id));
    // A person of the merged organization joins the survivor too: that link must not double.
    const [member] = await tenantRows<{ id: string }>(server.owner, `SELECT "personId"::text AS id FROM "Membership" WHERE "organizationId" = $1 ORDER BY id LIMIT 1`, [rowIdOf(other!)]);
    const link = await server.graphql(`mutation ($input: LinkMembershipInput!) { linkMembership(input: $input) { __typename } }`, {
      input: { personId: globalIdOf('Person', member!.id), organizationId: survivor },
    });
    expect(link.data?.linkMembership.__typename).toBe('MembershipPayload');

    const through = await lastEventId(server.owner);
    const before = await snapshotTenant(server.owner, through);
    const input = { survivorId: survivor, otherIds: [other], fieldChoices: [{ field: 'DISPLAY_NAME', customerId: other }, { field: 'INDUSTRY', customerId: other }] };
    const preview = succeeded(await server.graphql(MERGE, { input: { ...input, dryRun: true } }), 'mergeCustomers', 'MergeCustomersPayload').preview;
    const [named] = await tenantRows<{ displayName: string; members: number; both: number }>(
      server.owner,
      `SELECT "displayName",
              (SELECT count(*)::int FROM "Membership" m WHERE m."organizationId" = c.id
                 AND NOT EXISTS (SELECT 1 FROM "Membership" s WHERE s."organizationId" = $2 AND s."personId" = m."personId")) AS members,
              (SELECT count(*)::int FROM "Membership" m WHERE m."organizationId" = c.id
                 AND EXISTS (SELECT 1 FROM "Membership" s WHERE s."organizationId" = $2 AND s."personId" = m."personId")) AS both
       FROM "Customer" c WHERE id = $1`,
      [rowIdOf(other!), rowIdOf(survivor!)],
    );
    expect(named!.both).toBeGreaterThanOrEqual(1);
    expect(preview.profile.displayName).toBe(named!.displayName);
    expect(preview.moves.find((move: { rows: string }) => move.rows === 'profile.memberships').count).toBe(named!.members);

    const merge = succeeded(await server.graphql(MERGE, { input }), 'mergeCustomers', 'MergeCustomersPayload').merge;
    expect(merge.moved).toEqual(preview.moves);
    const [links] = await tenantRows<{ doubled: number; left: number }>(
      server.owner,
      `SELECT (SELECT count(*)::int FROM (SELECT "personId" FROM "Membership" WHERE "organizationId" = $1 GROUP BY 1 HAVING count(*) > 1) d) AS doubled,
              (SELECT count(*)::int FROM "Membership" WHERE "organizationId" = $2) AS left`,
      [rowIdOf(survivor!), rowIdOf(other!)],
    );
    expect(links).toEqual({ doubled: 0, left: named!.both });

    succeeded(await server.graphql(UNMERGE, { mergeId: merge.id }), 'unmergeCustomers', 'UnmergeCustomersPayload');
    expect(Object.fromEntries(differences(before, await snapshotTenant(server.owner, through)))).toEqual({});
  });

  it('gives the survivor its own fields and consents back at unmerge, keeping what changed since', async () => {
    // A survivor never asked about a channel on which the merged record answered.
    const [pair] = await tenantRows<{ survivor: string; other: string; channel: string; status: string }>(
      server.owner,
      `SELECT s.id::text AS survivor, o.id::text AS other, x.channel::text AS channel, x.status::text AS status
       FROM "Customer" s JOIN "Customer" o ON o."tenantId" = s."tenantId" AND o.kind = s.kind AND o.id > s.id
       JOIN "Consent" x ON x."customerId" = o.id
       WHERE s."tenantId" = $1 AND s.kind = 'PERSON' AND s."archivedAt" IS NULL AND o."archivedAt" IS NULL
         AND s.id > $2::uuid AND o.id > $2::uuid AND s."firstName" <> o."firstName" AND s.city IS DISTINCT FROM 'Teruel'
         AND NOT EXISTS (SELECT 1 FROM "Consent" y WHERE y."customerId" = s.id AND y.channel = x.channel)
       ORDER BY s.id, o.id, x.channel LIMIT 1`,
      [TENANT, rowIdOf(people[20]!)],
    );
    const survivor = globalIdOf('Person', pair!.survivor);
    const other = globalIdOf('Person', pair!.other);
    const [before] = await tenantRows<{ firstName: string; lastName: string; city: string | null; updatedAt: Date; consent: string }>(
      server.owner,
      `SELECT "firstName", "lastName", city, "updatedAt", (SELECT row_to_json(x)::text FROM "Consent" x WHERE x."customerId" = $2 AND x.channel = $3::"ConsentChannel") AS consent
       FROM "Customer" WHERE id = $1`,
      [pair!.survivor, pair!.other, pair!.channel],
    );
    const [otherName] = await tenantRows<{ firstName: string }>(server.owner, `SELECT "firstName" FROM "Customer" WHERE id = $1`, [pair!.other]);

    const merge = succeeded(
      await server.graphql(MERGE, { input: { survivorId: survivor, otherIds: [other], fieldChoices: [{ field: 'FIRST_NAME', customerId: other }, { field: 'CITY', customerId: other }] } }),
      'mergeCustomers',
      'MergeCustomersPayload',
    ).merge;
    const merged = await server.graphql(`query ($id: ID!) { node(id: $id) { ... on Person { firstName displayName consents { channel status } } } }`, { id: survivor });
    expect(merged.data!.node.firstName).toBe(otherName!.firstName);
    expect(merged.data!.node.displayName).toBe(`${otherName!.firstName} ${before!.lastName}`);
    expect(merged.data!.node.consents).toContainEqual({ channel: pair!.channel, status: pair!.status });

    // Since the merge: the city changed by hand, and the survivor answered again on that channel.
    const edited = await server.graphql(`mutation ($input: UpdateCustomerInput!) { updateCustomer(input: $input) { __typename } }`, { input: { id: survivor, city: 'Teruel' } });
    expect(edited.data?.updateCustomer.__typename).toBe('CustomerPayload');
    const answered = pair!.status === 'GRANTED' ? 'WITHDRAWN' : 'GRANTED';
    const consent = await server.graphql(`mutation ($input: SetConsentInput!) { setConsent(input: $input) { __typename } }`, {
      input: { customerId: survivor, channel: pair!.channel, status: answered, source: 'merge-rules' },
    });
    expect(consent.data?.setConsent.__typename).toBe('ConsentPayload');

    succeeded(await server.graphql(UNMERGE, { mergeId: merge.id }), 'unmergeCustomers', 'UnmergeCustomersPayload');
    const [after] = await tenantRows<{ firstName: string; displayName: string; city: string; survivorConsent: string; otherConsent: string }>(
      server.owner,
      `SELECT "firstName", "displayName", city,
              (SELECT status::text FROM "Consent" x WHERE x."customerId" = $1 AND x.channel = $3::"ConsentChannel") AS "survivorConsent",
              (SELECT row_to_json(x)::text FROM "Consent" x WHERE x."customerId" = $2 AND x.channel = $3::"ConsentChannel") AS "otherConsent"
       FROM "Customer" WHERE id = $1`,
      [pair!.survivor, pair!.other, pair!.channel],
    );
    expect([after!.firstName, after!.displayName, after!.city]).toEqual([before!.firstName, `${before!.firstName} ${before!.lastName}`, 'Teruel']);
    expect(after!.survivorConsent).toBe(answered);
    // The merged record has its own answer back, as it was (on a row of its own: the old one is the survivor's answer now).
    const { id: _oldRow, ...was } = JSON.parse(before!.consent);
    const { id: _newRow, ...is } = JSON.parse(after!.otherConsent);
    expect(is).toEqual(was);
  });

  it('costs the same number of statements to merge a record with many rows as one with few', async () => {
    const [rich, poor] = await tenantRows<{ id: string }>(
      server.owner,
      `(SELECT c.id::text FROM "Customer" c WHERE c."tenantId" = $1 AND c.kind = 'PERSON' AND c."archivedAt" IS NULL AND c.id > $2::uuid
        ORDER BY (SELECT count(*) FROM "Interaction" i WHERE i."customerId" = c.id) DESC, c.id LIMIT 1)
       UNION ALL
       (SELECT c.id::text FROM "Customer" c WHERE c."tenantId" = $1 AND c.kind = 'PERSON' AND c."archivedAt" IS NULL AND c.id > $2::uuid
          AND NOT EXISTS (SELECT 1 FROM "Interaction" i WHERE i."customerId" = c.id) ORDER BY c.id LIMIT 1)`,
      [TENANT, rowIdOf(people[39]!)],
    );
    const survivors = await tenantRows<{ id: string }>(
      server.owner,
      `SELECT id::text FROM "Customer" WHERE "tenantId" = $1 AND kind = 'PERSON' AND "archivedAt" IS NULL AND id > $2::uuid AND id <> ALL($3::uuid[]) ORDER BY id LIMIT 2`,
      [TENANT, rowIdOf(people[39]!), [rich!.id, poor!.id]],
    );
    const cost = async (survivor: string, other: string) => {
      const run = await statementsOf(server, MERGE.replace('mutation Merge', 'mutation MergeCost'), 'MergeCost', { input: { survivorId: globalIdOf('Person', survivor), otherIds: [globalIdOf('Person', other)] } });
      expect(run.data.mergeCustomers.__typename).toBe('MergeCustomersPayload');
      return { statements: run.statements, moved: run.data.mergeCustomers.merge.moved.reduce((sum: number, move: { count: number }) => sum + move.count, 0) };
    };
    const many = await cost(survivors[0]!.id, rich!.id);
    const few = await cost(survivors[1]!.id, poor!.id);
    console.info(`merge: ${many.statements} statements moving ${many.moved} rows, ${few.statements} moving ${few.moved}`);
    expect(many.moved).toBeGreaterThan(few.moved + 20);
    expect(many.statements).toBe(few.statements);
  });
});
