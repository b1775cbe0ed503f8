import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../tests/support/server.ts';

let server: TestServer;
let owner: pg.Client;
beforeAll(async () => {
  server = await startTestServer();
  owner = server.owner;
});
afterAll(() => server?.stop());

const globalId = (typename: string, id: string) => Buffer.from(`${typename}:${id}`).toString('base64');

async function one(sql: string, params: unknown[] = []): Promise<Record<string, any>> {
  const { rows } = await owner.query(sql, params);
  expect(rows.length, sql).toBeGreaterThan(0);
  return rows[0];
}

const CUSTOMER = /* GraphQL */ `
  query ($id: ID!) {
    customer(id: $id) {
      __typename id displayName
      ... on Person { firstName lastName memberships { role isPrimary organization { id displayName } } }
      ... on Organization { legalName taxId members { person { id } } }
    }
  }
`;
const NODE = /* GraphQL */ `
  query ($id: ID!) {
    node(id: $id) {
      __typename id
      ... on Person { firstName lastName }
      ... on Organization { legalName }
      ... on ContactPoint { kind value isPrimary }
    }
  }
`;
const LIST = /* GraphQL */ `
  query ($first: Int, $after: String, $filter: CustomerFilter, $orderBy: CustomerOrder) {
    customers(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { id displayName ownerId updatedAt contactPoints(kind: PHONE) { value } ... on Organization { legalName } } }
    }
  }
`;

describe('customer(id) and node(id)', () => {
  it("returns a person's own fields and memberships", async () => {
    const person = await one(`
      SELECT c.id, c."firstName", c."lastName", c."displayName" FROM "Customer" c
      WHERE c."tenantId" = 'demo' AND c.kind = 'PERSON' AND c."archivedAt" IS NULL
        AND (SELECT count(*) FROM "Membership" m WHERE m."personId" = c.id) >= 1
      ORDER BY c.id LIMIT 1`);
    const { rows: memberships } = await owner.query(
      `SELECT o.id, o."displayName", m.role, m."isPrimary" FROM "Membership" m JOIN "Customer" o ON o.id = m."organizationId" WHERE m."personId" = $1 ORDER BY m."isPrimary" DESC, m."createdAt"`,
      [person.id],
    );

    const response = await server.graphql(CUSTOMER, { id: globalId('Person', person.id) });
    expect(response.errors).toBeUndefined();
    expect(response.data!.customer).toEqual({
      __typename: 'Person',
      id: globalId('Person', person.id),
      displayName: person.displayName,
      firstName: person.firstName,
      lastName: person.lastName,
      memberships: memberships.map((row) => ({ role: row.role, isPrimary: row.isPrimary, organization: { id: globalId('Organization', row.id), displayName: row.displayName } })),
    });
  });

  it("returns an organization's own fields and members", async () => {
    const organization = await one(`
      SELECT c.id, c."legalName", c."taxId", (SELECT count(*)::int FROM "Membership" m WHERE m."organizationId" = c.id) AS members
      FROM "Customer" c WHERE c."tenantId" = 'demo' AND c.kind = 'ORGANIZATION' AND c."archivedAt" IS NULL ORDER BY members DESC, c.id LIMIT 1`);
    const response = await server.graphql(CUSTOMER, { id: globalId('Organization', organization.id) });
    expect(response.errors).toBeUndefined();
    expect(response.data!.customer).toMatchObject({ __typename: 'Organization', legalName: organization.legalName, taxId: organization.taxId });
    expect(response.data!.customer.members).toHaveLength(organization.members);
    expect(organization.members).toBeGreaterThan(0);
  });

  it('resolves Person, Organization and ContactPoint ids through node(id)', async () => {
    const person = await one(`SELECT id, "firstName", "lastName" FROM "Customer" WHERE "tenantId" = 'demo' AND kind = 'PERSON' ORDER BY id LIMIT 1`);
    const organization = await one(`SELECT id, "legalName" FROM "Customer" WHERE "tenantId" = 'demo' AND kind = 'ORGANIZATION' ORDER BY id LIMIT 1`);
    const point = await one(`SELECT id, kind, value, "isPrimary" FROM "ContactPoint" WHERE "tenantId" = 'demo' AND kind = 'PHONE' ORDER BY id LIMIT 1`);

    const expectations: [string, Record<string, unknown>][] = [
      [globalId('Person', person.id), { __typename: 'Person', firstName: person.firstName, lastName: person.lastName }],
      [globalId('Organization', organization.id), { __typename: 'Organization', legalName: organization.legalName }],
      [globalId('ContactPoint', point.id), { __typename: 'ContactPoint', kind: 'PHONE', value: point.value, isPrimary: point.isPrimary }],
    ];
    for (const [id, expected] of expectations) {
      const response = await server.graphql(NODE, { id });
      expect(response.errors).toBeUndefined();
      expect(response.data!.node).toEqual({ id, ...expected });
    }
  });

  it("answers null for an id of the wrong type or of another tenant's customer", async () => {
    const person = await one(`SELECT id FROM "Customer" WHERE "tenantId" = 'demo' AND kind = 'PERSON' ORDER BY id LIMIT 1`);
    const organization = await one(`SELECT id FROM "Customer" WHERE "tenantId" = 'demo' AND kind = 'ORGANIZATION' ORDER BY id LIMIT 1`);
    for (const id of [globalId('Organization', person.id), globalId('Person', organization.id)]) {
      for (const query of [CUSTOMER, NODE]) {
        const response = await server.graphql(query, { id });
        expect(response.errors).toBeUndefined();
        expect(Object.values(response.data!)).toEqual([null]);
      }
    }
    for (const query of [CUSTOMER, NODE]) {
      const response = await server.graphql(query, { id: globalId('Person', person.id) }, { as: { tenant: 'acme', roles: ['viewer'] } });
      expect(response.errors).toBeUndefined();
      expect(Object.values(response.data!)).toEqual([null]);
    }
  });

  it('answers a syntactically bad id with a VALIDATION error and a null, never an internal error', async () => {
    for (const id of ['garbage', '!!!', '', Buffer.from('Person').toString('base64')]) {
      const customer = await server.graphql(CUSTOMER, { id });
      expect(customer.status).toBe(200);
      expect(customer.data).toEqual({ customer: null });
      expect(customer.errors).toMatchObject([{ path: ['customer'], extensions: { code: 'VALIDATION' } }]);

      const node = await server.graphql(NODE, { id });
      expect(node.data).toEqual({ node: null });
      expect(node.errors?.[0]?.extensions?.code).not.toBe('INTERNAL_SERVER_ERROR');
      expect(node.errors).toMatchObject([{ path: ['node'], extensions: { code: 'VALIDATION' } }]);
    }
  });
});

describe('customers filters and order', () => {
  it('updatedAfter keeps exactly the customers changed after the instant', async () => {
    const { threshold } = await one(`SELECT percentile_disc(0.9) WITHIN GROUP (ORDER BY "updatedAt") AS threshold FROM "Customer" WHERE "tenantId" = 'demo'`);
    const { count } = await one(`SELECT count(*)::int AS count FROM "Customer" WHERE "tenantId" = 'demo' AND "archivedAt" IS NULL AND "updatedAt" > $1`, [threshold]);
    const response = await server.graphql(LIST, { first: 100, filter: { updatedAfter: (threshold as Date).toISOString() } });
    expect(response.errors).toBeUndefined();
    expect(response.data!.customers.totalCount).toBe(count);
    expect(count).toBeGreaterThan(100);
    for (const { node } of response.data!.customers.edges) expect(new Date(node.updatedAt).getTime()).toBeGreaterThan((threshold as Date).getTime());
  });

  it('ownerId keeps exactly that owner’s customers', async () => {
    const { ownerId, count } = await one(
      `SELECT "ownerId", count(*)::int AS count FROM "Customer" WHERE "tenantId" = 'demo' AND "archivedAt" IS NULL AND "ownerId" IS NOT NULL GROUP BY "ownerId" ORDER BY count(*) DESC LIMIT 1`,
    );
    const response = await server.graphql(LIST, { first: 100, filter: { ownerId } });
    expect(response.errors).toBeUndefined();
    expect(response.data!.customers.totalCount).toBe(count);
    expect(response.data!.customers.edges.length).toBe(Math.min(count, 100));
    for (const { node } of response.data!.customers.edges) expect(node.ownerId).toBe(ownerId);
  });

  it('search finds a customer by the last digits of a phone, however they are spaced', async () => {
    const seeded = await one(`
      SELECT cp."customerId", cp.value, c.kind FROM "ContactPoint" cp JOIN "Customer" c ON c.id = cp."customerId"
      WHERE cp."tenantId" = 'demo' AND cp.kind = 'PHONE' AND c."archivedAt" IS NULL ORDER BY cp.id LIMIT 1`);
    const digits = (seeded.value as string).slice(-6);
    const expectedId = globalId(seeded.kind === 'PERSON' ? 'Person' : 'Organization', seeded.customerId);

    const plain = await server.graphql(LIST, { first: 100, filter: { search: digits } });
    expect(plain.errors).toBeUndefined();
    const ids = plain.data!.customers.edges.map((edge: any) => edge.node.id);
    expect(ids).toContain(expectedId);
    for (const { node } of plain.data!.customers.edges) expect(node.contactPoints.some((point: any) => point.value.includes(digits))).toBe(true);

    const spaced = await server.graphql(LIST, { first: 100, filter: { search: `${digits.slice(0, 3)} ${digits.slice(3)}` } });
    expect(spaced.data!.customers.edges.map((edge: any) => edge.node.id)).toEqual(ids);
  });

  it("search finds an organization by its legal name, which its display name does not contain", async () => {
    const organization = await one(`
      SELECT id, "displayName", "legalName" FROM "Customer"
      WHERE "tenantId" = 'demo' AND kind = 'ORGANIZATION' AND "archivedAt" IS NULL AND "legalName" IS NOT NULL
        AND strpos(lower("displayName"), lower("legalName")) = 0
      ORDER BY id LIMIT 1`);
    const search = (organization.legalName as string).toUpperCase();
    const response = await server.graphql(LIST, { first: 100, filter: { search } });
    expect(response.errors).toBeUndefined();
    const nodes = response.data!.customers.edges.map((edge: any) => edge.node);
    expect(nodes.map((node: any) => node.id)).toContain(globalId('Organization', organization.id));
    for (const node of nodes) expect(`${node.displayName} ${node.legalName ?? ''}`.toUpperCase()).toContain(search);
  });

  it('search takes % and _ literally, not as LIKE wildcards', async () => {
    for (const search of ['%%', '__']) {
      const { count } = await one(
        `SELECT count(*)::int AS count FROM "Customer" c WHERE c."tenantId" = 'demo' AND c."archivedAt" IS NULL
           AND (strpos(c."displayName", $1) > 0 OR strpos(coalesce(c."legalName", ''), $1) > 0
             OR EXISTS (SELECT 1 FROM "ContactPoint" cp WHERE cp."customerId" = c.id AND cp.kind = 'EMAIL' AND strpos(cp.value, $1) > 0))`,
        [search],
      );
      const response = await server.graphql(LIST, { first: 1, filter: { search } });
      expect(response.data!.customers.totalCount).toBe(count);
    }
  });

  it('orderBy UPDATED_AT DESC returns the most recently updated first, across pages', async () => {
    const orderBy = { field: 'UPDATED_AT', direction: 'DESC' };
    const first = await server.graphql(LIST, { first: 100, orderBy });
    const second = await server.graphql(LIST, { first: 100, after: first.data!.customers.pageInfo.endCursor, orderBy });
    expect(first.errors).toBeUndefined();
    expect(second.errors).toBeUndefined();
    const nodes = [...first.data!.customers.edges, ...second.data!.customers.edges].map((edge: any) => edge.node);
    expect(nodes).toHaveLength(200);
    expect(new Set(nodes.map((node) => node.id)).size).toBe(200);
    const times = nodes.map((node) => new Date(node.updatedAt).getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const { latest } = await one(`SELECT max("updatedAt") AS latest FROM "Customer" WHERE "tenantId" = 'demo' AND "archivedAt" IS NULL`);
    expect(times[0]).toBe((latest as Date).getTime());
  });
});
