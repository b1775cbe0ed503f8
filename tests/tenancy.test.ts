import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, type TokenRequest } from './support/server.ts';

// Another tenant's customers do not exist for you: an acme admin can neither see nor change a demo
// customer, and cannot tell a demo id apart from an id that was never used.

let server: TestServer;
let owner: pg.Client;

const ACME: TokenRequest = { tenant: 'acme', roles: ['admin'], subject: 'acme-admin' };
const DEMO: TokenRequest = { tenant: 'demo', roles: ['admin'], subject: 'demo-admin' };

/** Demo records the acme admin will aim at, found with a demo token. */
const demo = {
  personId: '',
  personRowId: '',
  organizationId: '',
  organizationRowId: '',
  contactPointId: '',
  email: '',
  ref: { source: '', externalId: '' },
};
let acmePersonId = '';

beforeAll(async () => {
  server = await startTestServer();
  owner = server.owner;

  const people = await server.graphql(
    /* GraphQL */ `
      query DemoPeople {
        customers(first: 100, filter: { kind: PERSON }) {
          edges {
            node {
              id
              primaryEmail
              externalRefs { source }
              contactPoints { id kind }
              ... on Person { memberships { organization { id } } }
            }
          }
        }
      }
    `,
    {},
    { as: DEMO },
  );
  expect(people.errors).toBeUndefined();
  const person = people.data!.customers.edges
    .map((edge: any) => edge.node)
    .find((node: any) => node.memberships.length > 0 && node.externalRefs.length > 0 && node.primaryEmail && node.contactPoints.length > 0);
  expect(person, 'a demo person with a membership, an external ref and an e-mail').toBeDefined();
  demo.personId = person.id;
  demo.organizationId = person.memberships[0].organization.id;
  demo.contactPointId = person.contactPoints[0].id;
  demo.personRowId = rowId(demo.personId, 'Person');
  demo.organizationRowId = rowId(demo.organizationId, 'Organization');

  // The e-mail and the external ref as stored, read by the owner.
  const email = await owner.query<{ value: string }>(
    `SELECT value FROM "ContactPoint" WHERE "customerId" = $1 AND kind = 'EMAIL' AND "isPrimary" AND "tenantId" = 'demo'`,
    [demo.personRowId],
  );
  demo.email = email.rows[0]!.value;
  const ref = await owner.query<{ source: string; externalId: string }>(
    `SELECT source, "externalId" FROM "ExternalRef" WHERE "customerId" = $1 AND "tenantId" = 'demo' ORDER BY source LIMIT 1`,
    [demo.personRowId],
  );
  demo.ref = ref.rows[0]!;
  // Preconditions: nothing in acme shares the e-mail or the ref, so an acme hit could only be a leak.
  const clash = await owner.query(
    `SELECT 1 FROM "ContactPoint" WHERE "tenantId" = 'acme' AND value = $1
     UNION ALL SELECT 1 FROM "ExternalRef" WHERE "tenantId" = 'acme' AND source = $2 AND "externalId" = $3`,
    [demo.email, demo.ref.source, demo.ref.externalId],
  );
  expect(clash.rowCount).toBe(0);

  const acme = await server.graphql(`query AcmePerson { customers(first: 1, filter: { kind: PERSON }) { edges { node { id } } } }`, {}, { as: ACME });
  acmePersonId = acme.data!.customers.edges[0].node.id;
});
afterAll(() => server?.stop());

function rowId(globalId: string, typename: string): string {
  const [type, id] = Buffer.from(globalId, 'base64').toString().split(':');
  expect(type).toBe(typename);
  return id!;
}

/** Every demo row the attacks could reach, as PostgreSQL renders it: equal text means nothing changed. */
async function demoSnapshot(): Promise<string[]> {
  const { rows } = await owner.query<{ row: string }>(
    `SELECT 'Customer ' || c::text AS row FROM "Customer" c WHERE id = ANY($1::uuid[])
     UNION ALL SELECT 'ContactPoint ' || p::text FROM "ContactPoint" p WHERE "customerId" = ANY($1::uuid[])
     UNION ALL SELECT 'Consent ' || s::text FROM "Consent" s WHERE "customerId" = ANY($1::uuid[])
     UNION ALL SELECT 'ExternalRef ' || r::text FROM "ExternalRef" r WHERE "customerId" = ANY($1::uuid[])
     UNION ALL SELECT 'Membership ' || m::text FROM "Membership" m WHERE "personId" = ANY($1::uuid[]) OR "organizationId" = ANY($1::uuid[])
     ORDER BY 1`,
    [[demo.personRowId, demo.organizationRowId]],
  );
  return rows.map((row) => row.row);
}

async function outboxState(): Promise<{ demo: string; all: string }> {
  const { rows } = await owner.query<{ demo: string; all: string }>(
    `SELECT count(*) FILTER (WHERE "tenantId" = 'demo') || '/' || coalesce(max(id) FILTER (WHERE "tenantId" = 'demo'), 0) AS demo,
            count(*) || '/' || coalesce(max(id), 0) AS all
     FROM "OutboxEvent"`,
  );
  return rows[0]!;
}

const CUSTOMER = /* GraphQL */ `query Customer($id: ID!) { customer(id: $id) { id displayName } }`;
const NODE = /* GraphQL */ `query Node($id: ID!) { node(id: $id) { id } }`;
const NODES = /* GraphQL */ `query Nodes($ids: [ID!]!) { nodes(ids: $ids) { id } }`;
const BY_REF = /* GraphQL */ `query ByRef($source: String!, $externalId: String!) { customerByExternalRef(source: $source, externalId: $externalId) { id } }`;
const SEARCH = /* GraphQL */ `
  query Search($filter: CustomerFilter) {
    customers(first: 100, filter: $filter) { totalCount edges { node { id } } }
  }
`;

describe('reading another tenant', () => {
  it('finds a demo person and organization by customer(id) as demo, and null as acme', async () => {
    for (const id of [demo.personId, demo.organizationId]) {
      const mine = await server.graphql(CUSTOMER, { id }, { as: DEMO });
      expect(mine.data!.customer.id).toBe(id);
      const theirs = await server.graphql(CUSTOMER, { id }, { as: ACME });
      expect(theirs.errors).toBeUndefined();
      expect(theirs.data!.customer).toBeNull();
    }
  });

  it('finds a demo person, organization and contact point by node(id) and nodes(ids) as demo, and null entries as acme', async () => {
    const ids = [demo.personId, demo.organizationId, demo.contactPointId];
    for (const id of ids) {
      const theirs = await server.graphql(NODE, { id }, { as: ACME });
      expect(theirs.errors).toBeUndefined();
      expect(theirs.data!.node).toBeNull();
    }
    const theirs = await server.graphql(NODES, { ids }, { as: ACME });
    expect(theirs.errors).toBeUndefined();
    expect(theirs.data!.nodes).toEqual([null, null, null]);
    // The same ids do resolve for their own tenant, so the nulls above are the tenant wall.
    for (const id of ids) expect((await server.graphql(NODE, { id }, { as: DEMO })).data?.node?.id).toBe(id);
    expect((await server.graphql(NODES, { ids }, { as: DEMO })).data?.nodes.map((node: any) => node?.id)).toEqual(ids);
  });

  it("does not resolve a demo external ref for acme", async () => {
    const mine = await server.graphql(BY_REF, demo.ref, { as: DEMO });
    expect(mine.data!.customerByExternalRef.id).toBe(demo.personId);
    const theirs = await server.graphql(BY_REF, demo.ref, { as: ACME });
    expect(theirs.errors).toBeUndefined();
    expect(theirs.data!.customerByExternalRef).toBeNull();
  });

  it("finds no demo customer by e-mail in acme's search, and counts only acme's 49 live customers", async () => {
    const mine = await server.graphql(SEARCH, { filter: { search: demo.email } }, { as: DEMO });
    expect(mine.data!.customers.edges.map((edge: any) => edge.node.id)).toContain(demo.personId);
    const theirs = await server.graphql(SEARCH, { filter: { search: demo.email } }, { as: ACME });
    expect(theirs.errors).toBeUndefined();
    expect(theirs.data!.customers.totalCount).toBe(0);
    expect(theirs.data!.customers.edges).toEqual([]);

    const all = await server.graphql(SEARCH, {}, { as: ACME });
    expect(all.data!.customers.totalCount).toBe(49);
    const rowIds = all.data!.customers.edges.map((edge: any) => Buffer.from(edge.node.id, 'base64').toString().split(':')[1]);
    expect(rowIds).toHaveLength(49);
    const { rows } = await owner.query<{ tenantId: string }>(`SELECT DISTINCT "tenantId" FROM "Customer" WHERE id = ANY($1::uuid[])`, [rowIds]);
    expect(rows).toEqual([{ tenantId: 'acme' }]);
  });
});

const RESULT = /* GraphQL */ `__typename ... on Error { code message } ... on NotFoundError { id }`;

describe('writing to another tenant', () => {
  const attacks: { name: string; query: string; variables: () => Record<string, unknown>; expected: 'NotFoundError' | 'ValidationError'; lookedFor?: () => string }[] = [
    {
      name: 'updateCustomer',
      query: `mutation Attack($id: ID!) { result: updateCustomer(input: { id: $id, displayName: "Taken over" }) { ${RESULT} } }`,
      variables: () => ({ id: demo.personId }),
      expected: 'NotFoundError',
      lookedFor: () => demo.personId,
    },
    {
      name: 'setLifecycle',
      query: `mutation Attack($id: ID!) { result: setLifecycle(id: $id, lifecycle: LOST) { ${RESULT} } }`,
      variables: () => ({ id: demo.organizationId }),
      expected: 'NotFoundError',
      lookedFor: () => demo.organizationId,
    },
    {
      name: 'archiveCustomer',
      query: `mutation Attack($id: ID!) { result: archiveCustomer(id: $id) { ${RESULT} } }`,
      variables: () => ({ id: demo.personId }),
      expected: 'NotFoundError',
      lookedFor: () => demo.personId,
    },
    {
      name: 'addContactPoint',
      query: `mutation Attack($id: ID!) { result: addContactPoint(input: { customerId: $id, kind: EMAIL, value: "planted@acme.example" }) { ${RESULT} } }`,
      variables: () => ({ id: demo.organizationId }),
      expected: 'NotFoundError',
      lookedFor: () => demo.organizationId,
    },
    {
      name: 'removeContactPoint',
      query: `mutation Attack($id: ID!) { result: removeContactPoint(id: $id) { ${RESULT} } }`,
      variables: () => ({ id: demo.contactPointId }),
      expected: 'NotFoundError',
      lookedFor: () => demo.contactPointId,
    },
    {
      name: 'setConsent',
      query: `mutation Attack($id: ID!) { result: setConsent(input: { customerId: $id, channel: EMAIL, status: WITHDRAWN }) { ${RESULT} } }`,
      variables: () => ({ id: demo.personId }),
      expected: 'NotFoundError',
      lookedFor: () => demo.personId,
    },
    {
      name: 'linkMembership of a demo person to a demo organization',
      query: `mutation Attack($person: ID!, $organization: ID!) { result: linkMembership(input: { personId: $person, organizationId: $organization, title: "Mole" }) { ${RESULT} } }`,
      variables: () => ({ person: demo.personId, organization: demo.organizationId }),
      expected: 'NotFoundError',
    },
    {
      name: 'linkMembership of an acme person to a demo organization',
      query: `mutation Attack($person: ID!, $organization: ID!) { result: linkMembership(input: { personId: $person, organizationId: $organization, isPrimary: true }) { ${RESULT} } }`,
      variables: () => ({ person: acmePersonId, organization: demo.organizationId }),
      expected: 'NotFoundError',
      lookedFor: () => demo.organizationId,
    },
    {
      name: 'unlinkMembership',
      query: `mutation Attack($person: ID!, $organization: ID!) { result: unlinkMembership(personId: $person, organizationId: $organization) { ${RESULT} } }`,
      variables: () => ({ person: demo.personId, organization: demo.organizationId }),
      expected: 'NotFoundError',
    },
    {
      name: 'removeContactPoint with a customer id instead of a contact point id',
      query: `mutation Attack($id: ID!) { result: removeContactPoint(id: $id) { ${RESULT} } }`,
      variables: () => ({ id: demo.personId }),
      expected: 'ValidationError',
    },
    {
      name: 'setLifecycle with an id that is not a global id',
      query: `mutation Attack($id: ID!) { result: setLifecycle(id: $id, lifecycle: LOST) { ${RESULT} } }`,
      variables: () => ({ id: 'not-a-global-id' }),
      expected: 'ValidationError',
    },
  ];

  it('answers every profile mutation on demo ids with a typed error and changes no demo row or outbox', async () => {
    const rowsBefore = await demoSnapshot();
    expect(rowsBefore.filter((row) => row.startsWith('Membership '))).not.toHaveLength(0);
    expect(rowsBefore.filter((row) => row.startsWith('ExternalRef '))).not.toHaveLength(0);
    const outboxBefore = await outboxState();

    for (const attack of attacks) {
      const response = await server.graphql(attack.query, attack.variables(), { as: ACME });
      expect(response.errors, attack.name).toBeUndefined();
      const result = response.data!.result;
      expect(result.__typename, attack.name).toBe(attack.expected);
      expect(result.code, attack.name).toBe(attack.expected === 'NotFoundError' ? 'NOT_FOUND' : 'VALIDATION');
      if (attack.lookedFor) expect(result.id, attack.name).toBe(attack.lookedFor());
    }

    expect(await demoSnapshot()).toEqual(rowsBefore);
    // Not one event, for demo or for acme: every attack failed, and a failure writes nothing.
    expect(await outboxState()).toEqual(outboxBefore);
  });

  it('lets acme create a person with the e-mail of a demo customer: e-mails are unique per tenant', async () => {
    const created = await server.graphql(
      /* GraphQL */ `
        mutation Twin($email: String!) {
          createPerson(input: { firstName: "Acme", lastName: "Twin", email: $email }) {
            __typename
            ... on PersonPayload { person { id primaryEmail } }
            ... on Error { code message }
          }
        }
      `,
      { email: demo.email.toUpperCase() },
      { as: ACME },
    );
    expect(created.data!.createPerson.__typename).toBe('PersonPayload');
    const { rows } = await owner.query<{ tenantId: string; customerId: string }>(
      `SELECT "tenantId", "customerId" FROM "ContactPoint" WHERE kind = 'EMAIL' AND value = $1 AND "isActive" ORDER BY "tenantId"`,
      [demo.email],
    );
    expect(rows).toEqual([
      { tenantId: 'acme', customerId: rowId(created.data!.createPerson.person.id, 'Person') },
      { tenantId: 'demo', customerId: demo.personRowId },
    ]);
    expect(created.errors).toBeUndefined();
    expect(created.data!.createPerson.person.primaryEmail).toBe(demo.email);
  });
});
