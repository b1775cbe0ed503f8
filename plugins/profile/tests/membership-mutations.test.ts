import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type GraphQLResponse, type TestServer } from '../../../tests/support/server.ts';

let server: TestServer;
let owner: pg.Client;
beforeAll(async () => {
  server = await startTestServer();
  owner = server.owner;
});
afterAll(() => server?.stop());

const ERRORS = /* GraphQL */ `
  ... on Error { code message }
  ... on ValidationError { fieldErrors { path message } }
`;
const CREATE_PERSON = `mutation ($input: CreatePersonInput!) { createPerson(input: $input) { __typename ... on PersonPayload { person { id displayName } } ${ERRORS} } }`;
const CREATE_ORGANIZATION = `mutation ($input: CreateOrganizationInput!) { createOrganization(input: $input) { __typename ... on OrganizationPayload { organization { id displayName } } ${ERRORS} } }`;
const LINK = `mutation ($input: LinkMembershipInput!) { linkMembership(input: $input) { __typename ... on MembershipPayload { membership { role title isPrimary startedAt person { id } organization { id displayName } } } ${ERRORS} } }`;
const UNLINK = `mutation ($personId: ID!, $organizationId: ID!) { unlinkMembership(personId: $personId, organizationId: $organizationId) { __typename ... on UnlinkMembershipPayload { person { id memberships { organization { id } } } organization { id members { person { id } } } } ${ERRORS} } }`;
const ARCHIVE = `mutation ($id: ID!) { archiveCustomer(id: $id) { __typename } }`;
const SIDES = `query ($person: ID!, $organization: ID!) {
  person: customer(id: $person) { ... on Person { memberships { role title isPrimary startedAt organization { id displayName } } } }
  organization: customer(id: $organization) { ... on Organization { members { role isPrimary person { id displayName } } } }
}`;

const unique = () => randomUUID().slice(0, 8);
const uuidOf = (globalId: string) => Buffer.from(globalId, 'base64').toString().split(':')[1]!;

/** Every profile row and outbox event of the database, hashed: equal fingerprints mean nothing was written. */
async function fingerprint(): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  for (const table of ['Customer', 'ContactPoint', 'ExternalRef', 'Consent', 'Membership', 'OutboxEvent']) {
    const { rows } = await owner.query(`SELECT count(*) || ':' || md5(coalesce(string_agg(t::text, '|' ORDER BY t.id), '')) AS print FROM "${table}" t`);
    result[table] = rows[0].print;
  }
  return result;
}

async function storedMemberships(personGlobalId: string): Promise<{ organizationId: string; isPrimary: boolean; role: string | null }[]> {
  const { rows } = await owner.query('SELECT "organizationId", "isPrimary", role FROM "Membership" WHERE "personId" = $1 ORDER BY "createdAt", id', [uuidOf(personGlobalId)]);
  return rows;
}

function payloadOf(response: GraphQLResponse, field: string, typename: string): any {
  expect(response.errors).toBeUndefined();
  const result = response.data![field];
  expect(result, JSON.stringify(result)).toMatchObject({ __typename: typename });
  return result;
}

async function createPerson(): Promise<{ id: string; displayName: string }> {
  const response = await server.graphql(CREATE_PERSON, { input: { firstName: 'Member', lastName: unique() } });
  return payloadOf(response, 'createPerson', 'PersonPayload').person;
}

async function createOrganization(): Promise<{ id: string; displayName: string }> {
  const response = await server.graphql(CREATE_ORGANIZATION, { input: { name: `Company ${unique()}` } });
  return payloadOf(response, 'createOrganization', 'OrganizationPayload').organization;
}

async function link(input: Record<string, unknown>): Promise<any> {
  return payloadOf(await server.graphql(LINK, { input }), 'linkMembership', 'MembershipPayload').membership;
}

describe('linkMembership', () => {
  it('links a person to an organization, visible from both sides', async () => {
    const [person, organization] = [await createPerson(), await createOrganization()];
    const membership = await link({ personId: person.id, organizationId: organization.id, role: 'Purchasing', title: 'Buyer', isPrimary: true, startedAt: '2024-03-01' });
    expect(membership).toEqual({ role: 'Purchasing', title: 'Buyer', isPrimary: true, startedAt: '2024-03-01', person: { id: person.id }, organization: organization });

    const sides = await server.graphql(SIDES, { person: person.id, organization: organization.id });
    expect(sides.errors).toBeUndefined();
    expect(sides.data!.person.memberships).toEqual([{ role: 'Purchasing', title: 'Buyer', isPrimary: true, startedAt: '2024-03-01', organization }]);
    expect(sides.data!.organization.members).toEqual([{ role: 'Purchasing', isPrimary: true, person }]);

    expect(await storedMemberships(person.id)).toEqual([{ organizationId: uuidOf(organization.id), isPrimary: true, role: 'Purchasing' }]);
    const { rows: events } = await owner.query(`SELECT payload FROM "OutboxEvent" WHERE "customerId" = $1 AND topic = 'customer.membershipLinked'`, [uuidOf(person.id)]);
    expect(events).toEqual([{ payload: { personId: person.id, organizationId: organization.id, role: 'Purchasing' } }]);
  });

  it('updates an existing link instead of adding a second one', async () => {
    const [person, organization] = [await createPerson(), await createOrganization()];
    await link({ personId: person.id, organizationId: organization.id, role: 'Finance' });
    const again = await link({ personId: person.id, organizationId: organization.id, role: 'Decision maker', title: 'CFO' });
    expect(again).toMatchObject({ role: 'Decision maker', title: 'CFO', isPrimary: false });
    expect(await storedMemberships(person.id)).toEqual([{ organizationId: uuidOf(organization.id), isPrimary: false, role: 'Decision maker' }]);
  });

  it('keeps one primary organization per person: a new primary demotes the previous one', async () => {
    const [person, first, second, third] = [await createPerson(), await createOrganization(), await createOrganization(), await createOrganization()];
    await link({ personId: person.id, organizationId: first.id, isPrimary: true });
    await link({ personId: person.id, organizationId: second.id });
    expect((await storedMemberships(person.id)).map((row) => row.isPrimary)).toEqual([true, false]);

    await link({ personId: person.id, organizationId: third.id, isPrimary: true });
    expect(await storedMemberships(person.id)).toEqual([
      { organizationId: uuidOf(first.id), isPrimary: false, role: null },
      { organizationId: uuidOf(second.id), isPrimary: false, role: null },
      { organizationId: uuidOf(third.id), isPrimary: true, role: null },
    ]);
    const sides = await server.graphql(SIDES, { person: person.id, organization: first.id });
    // The primary comes first, then the others by when they were linked.
    expect(sides.data!.person.memberships.map((membership: any) => [membership.organization.id, membership.isPrimary])).toEqual([
      [third.id, true],
      [first.id, false],
      [second.id, false],
    ]);

    // Promoting an existing link demotes the current primary too.
    await link({ personId: person.id, organizationId: first.id, isPrimary: true });
    expect((await storedMemberships(person.id)).map((row) => row.isPrimary)).toEqual([true, false, false]);
  });

  it('never answers an internal error when several primaries are linked at once', async () => {
    const person = await createPerson();
    const organizations = await Promise.all(Array.from({ length: 6 }, () => createOrganization()));
    const responses = await Promise.all(
      organizations.map((organization) => server.graphql(LINK, { input: { personId: person.id, organizationId: organization.id, isPrimary: true } })),
    );
    expect(responses.map((response) => response.errors?.[0]?.extensions?.code)).toEqual(Array(6).fill(undefined));
    expect((await storedMemberships(person.id)).filter((row) => row.isPrimary)).toHaveLength(1);
  });

  describe('refuses, changing nothing', () => {
    let person: { id: string };
    let organization: { id: string };
    beforeAll(async () => {
      [person, organization] = [await createPerson(), await createOrganization()];
    });

    const refused = async (input: Record<string, unknown>, typename: string) => {
      const before = await fingerprint();
      const error = payloadOf(await server.graphql(LINK, { input }), 'linkMembership', typename);
      expect(await fingerprint()).toEqual(before);
      return error;
    };

    it('the two ends the wrong way round', async () => {
      const error = await refused({ personId: organization.id, organizationId: person.id }, 'ValidationError');
      expect(error.fieldErrors.map((fieldError: any) => fieldError.path)).toEqual([['input', 'personId']]);
      expect(error.fieldErrors[0].message).toMatch(/Person/);
    });

    it('two people', async () => {
      const other = await createPerson();
      const error = await refused({ personId: person.id, organizationId: other.id }, 'ValidationError');
      expect(error.fieldErrors).toEqual([{ path: ['input', 'organizationId'], message: 'must be the id of a Organization' }]);
    });

    it('an unknown person', async () => {
      const unknown = Buffer.from(`Person:${randomUUID()}`).toString('base64');
      expect((await refused({ personId: unknown, organizationId: organization.id }, 'NotFoundError')).code).toBe('NOT_FOUND');
    });

    it('an archived organization', async () => {
      const archived = await createOrganization();
      expect((await server.graphql(ARCHIVE, { id: archived.id })).data!.archiveCustomer.__typename).toBe('CustomerPayload');
      expect((await refused({ personId: person.id, organizationId: archived.id }, 'NotFoundError')).code).toBe('NOT_FOUND');
    });
  });
});

describe('unlinkMembership', () => {
  it('removes the link from both sides', async () => {
    const [person, organization, other] = [await createPerson(), await createOrganization(), await createOrganization()];
    await link({ personId: person.id, organizationId: organization.id, isPrimary: true });
    await link({ personId: person.id, organizationId: other.id });

    const result = payloadOf(await server.graphql(UNLINK, { personId: person.id, organizationId: organization.id }), 'unlinkMembership', 'UnlinkMembershipPayload');
    expect(result.person).toEqual({ id: person.id, memberships: [{ organization: { id: other.id } }] });
    expect(result.organization).toEqual({ id: organization.id, members: [] });
    expect(await storedMemberships(person.id)).toEqual([{ organizationId: uuidOf(other.id), isPrimary: false, role: null }]);
    const { rows: events } = await owner.query(`SELECT payload FROM "OutboxEvent" WHERE "customerId" = $1 AND topic = 'customer.membershipUnlinked'`, [uuidOf(person.id)]);
    expect(events).toEqual([{ payload: { personId: person.id, organizationId: organization.id } }]);
  });

  it('answers NOT_FOUND for a link that does not exist, changing nothing', async () => {
    const [person, organization] = [await createPerson(), await createOrganization()];
    const before = await fingerprint();
    const response = await server.graphql(UNLINK, { personId: person.id, organizationId: organization.id });
    expect(payloadOf(response, 'unlinkMembership', 'NotFoundError').code).toBe('NOT_FOUND');
    const swapped = await server.graphql(UNLINK, { personId: organization.id, organizationId: person.id });
    expect(payloadOf(swapped, 'unlinkMembership', 'ValidationError').fieldErrors.map((fieldError: any) => fieldError.path)).toEqual([['personId']]);
    expect(await fingerprint()).toEqual(before);
  });
});
