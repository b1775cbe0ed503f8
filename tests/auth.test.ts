import { base64url, SignJWT } from 'jose';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, TEST_JWT_SECRET, type TestServer } from './support/server.ts';
import { readerWithoutSalesPlugin } from './support/reader-without-sales-plugin.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ extraPlugins: [readerWithoutSalesPlugin] });
});
afterAll(() => server?.stop());

const SECRET = new TextEncoder().encode(TEST_JWT_SECRET);
const CLAIMS = { tenant: 'demo', roles: ['admin'] };

interface Forgery {
  secret?: Uint8Array;
  alg?: string;
  issuer?: string;
  audience?: string;
  expiresAt?: number | string;
}

/** A token that is right in every way except the ones the forgery changes. */
function forge({ secret = SECRET, alg = 'HS256', issuer = 'nexo', audience = 'nexo-api', expiresAt = '1h' }: Forgery = {}): Promise<string> {
  return new SignJWT(CLAIMS)
    .setProtectedHeader({ alg, typ: 'JWT' })
    .setSubject('forger')
    .setIssuer(issuer)
    .setAudience(audience)
    .setIssuedAt(typeof expiresAt === 'number' ? expiresAt - 3600 : undefined)
    .setExpirationTime(expiresAt)
    .sign(secret);
}

function unsignedToken(): string {
  const header = base64url.encode(JSON.stringify({ alg: 'none', typ: 'JWT' }));
  const now = Math.floor(Date.now() / 1000);
  const payload = base64url.encode(JSON.stringify({ ...CLAIMS, sub: 'forger', iss: 'nexo', aud: 'nexo-api', iat: now, exp: now + 3600 }));
  return `${header}.${payload}.`;
}

/** POSTs with a raw Authorization header, so malformed headers reach the server exactly as written. */
async function postWithAuthorization(authorization: string, query = '{ customers(first: 1) { totalCount } }') {
  const response = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', authorization },
    body: JSON.stringify({ query }),
  });
  return { status: response.status, wwwAuthenticate: response.headers.get('www-authenticate'), body: (await response.json()) as Record<string, any> };
}

async function customerCount(): Promise<number> {
  const client = new pg.Client({ connectionString: server.ownerDatabaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ count: string }>(`SELECT count(*) FROM "Customer" WHERE "tenantId" = 'demo'`);
    return Number(rows[0]!.count);
  } finally {
    await client.end();
  }
}

describe('a request with a bad Authorization header is refused whole with 401', () => {
  const cases: [string, () => Promise<string> | string, RegExp][] = [
    ['`Bearer` without a token', () => 'Bearer', /malformed Authorization header/],
    ['another scheme (Basic)', () => 'Basic xyz', /missing Bearer scheme/],
    ['a garbage token', () => 'Bearer not-a-jwt-at-all', /token is not a JWT/],
    ['an expired token', async () => `Bearer ${await forge({ expiresAt: Math.floor(Date.now() / 1000) - 600 })}`, /token expired/],
    ['an unsigned token (alg: none)', () => `Bearer ${unsignedToken()}`, /token algorithm not allowed/],
    ['an HS512 token signed with the right secret', async () => `Bearer ${await forge({ alg: 'HS512' })}`, /token algorithm not allowed/],
    ['a token from another issuer', async () => `Bearer ${await forge({ issuer: 'someone-else' })}`, /token issuer not accepted/],
    ['a token for another audience', async () => `Bearer ${await forge({ audience: 'another-api' })}`, /token audience not accepted/],
    ['a token signed with another secret', async () => `Bearer ${await forge({ secret: new TextEncoder().encode(`${TEST_JWT_SECRET}-other`) })}`, /token signature invalid/],
  ];

  it.each(cases)('%s', async (_, header, reason) => {
    const { status, wwwAuthenticate, body } = await postWithAuthorization(await header());
    expect(status).toBe(401);
    expect(wwwAuthenticate).toMatch(/^Bearer/);
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(body.errors[0].message).toMatch(reason);
    expect(body.data ?? null).toBeNull();
  });

  it('while the same query with a valid token answers', async () => {
    const { status, body } = await postWithAuthorization(`Bearer ${await forge()}`);
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data.customers.totalCount).toBe(2329);
  });
});

describe('an anonymous request', () => {
  it('gets UNAUTHENTICATED, and no data, for customers', async () => {
    const result = await server.graphql('{ customers(first: 1) { totalCount edges { node { id } } } }', undefined, { token: null });
    expect(result.errors?.map((error) => error.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    expect(result.data?.customers ?? null).toBeNull();
  });

  it('sees viewer as null', async () => {
    const result = await server.graphql('{ viewer { subject } }', undefined, { token: null });
    expect(result.status).toBe(200);
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ viewer: null });
  });
});

const NODE = 'query Node($id: ID!) { node(id: $id) { id ... on Customer { displayName primaryEmail } } }';

const CREATE_PERSON = /* GraphQL */ `
  mutation CreatePerson($input: CreatePersonInput!) {
    createPerson(input: $input) {
      __typename
      ... on Error { code message }
      ... on PersonPayload { person { id } }
    }
  }
`;

describe('permissions follow the roles in the token', () => {
  it('a viewer lists customers but createPerson answers a typed ForbiddenError and writes nothing', async () => {
    const viewer = { tenant: 'demo', roles: ['viewer'] };
    const list = await server.graphql('{ customers(first: 3) { totalCount edges { node { id } } } }', undefined, { as: viewer });
    expect(list.errors).toBeUndefined();
    expect(list.data!.customers.totalCount).toBe(2329);
    expect(list.data!.customers.edges).toHaveLength(3);

    const before = await customerCount();
    const created = await server.graphql(CREATE_PERSON, { input: { firstName: 'Vera', lastName: 'Viewer', email: 'vera.viewer@example.com' } }, { as: viewer });
    expect(created.errors).toBeUndefined();
    expect(created.data!.createPerson).toMatchObject({ __typename: 'ForbiddenError', code: 'FORBIDDEN' });
    expect(created.data!.createPerson.message).toEqual(expect.any(String));
    expect(await customerCount()).toBe(before);
  });

  it('node and nodes check each value by its own type: a reader without pipeline:read reads a customer but not a deal', async () => {
    const service = { tenant: 'demo', roles: ['reader-without-sales'] };
    const some = await server.graphql('{ customers(first: 1) { edges { node { id } } } opportunities(first: 1) { edges { node { id } } } }');
    const customerId: string = some.data!.customers.edges[0].node.id;
    const dealId: string = some.data!.opportunities.edges[0].node.id;

    const customer = await server.graphql(NODE, { id: customerId }, { as: service });
    expect(customer.errors).toBeUndefined();
    expect(customer.data!.node.id).toBe(customerId);

    const deal = await server.graphql(NODE, { id: dealId }, { as: service });
    expect(deal.errors?.map((error) => [error.extensions?.code, error.path])).toEqual([['FORBIDDEN', ['node']]]);
    expect(deal.data?.node ?? null).toBeNull();

    const both = await server.graphql('query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }', { ids: [customerId, dealId] }, { as: service });
    expect(both.errors?.map((error) => [error.extensions?.code, error.path])).toEqual([['FORBIDDEN', ['nodes', 1]]]);
    expect(both.data!.nodes[0].id).toBe(customerId);
    expect(both.data!.nodes[1]).toBeNull();
    expect(JSON.stringify(both.data)).not.toContain(dealId);
  });

  it('node(id:) answers a known customer to an admin (the control for the refusals below)', async () => {
    const some = await server.graphql('{ customers(first: 1) { edges { node { id displayName } } } }');
    const { id, displayName } = some.data!.customers.edges[0].node;
    const node = await server.graphql(NODE, { id });
    expect(node.errors).toBeUndefined();
    expect(node.data!.node).toMatchObject({ id, displayName });
  });

  it.each([
    ['no roles', []],
    ['an unknown role', ['astronaut']],
  ])('a token with %s gets FORBIDDEN on customers and a null node, never data', async (_, roles) => {
    const list = await server.graphql('{ customers(first: 1) { totalCount edges { node { id displayName } } } }', undefined, { as: { tenant: 'demo', roles } });
    expect(list.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
    expect(list.data?.customers ?? null).toBeNull();

    const some = await server.graphql('{ customers(first: 1) { edges { node { id } } } }');
    const id: string = some.data!.customers.edges[0].node.id;
    const node = await server.graphql(NODE, { id }, { as: { tenant: 'demo', roles } });
    // One error where the customer would be: a type's permission is checked where it is entered.
    expect(node.errors?.map((error) => [error.extensions?.code, error.path])).toEqual([['FORBIDDEN', ['node']]]);
    expect(node.data?.node ?? null).toBeNull();
    expect(JSON.stringify(node)).not.toContain(id);
  });

  it('viewer { permissions } lists what the roles grant', async () => {
    const query = '{ viewer { tenant roles permissions } }';
    const admin = await server.graphql(query, undefined, { as: { tenant: 'acme', roles: ['admin'] } });
    expect(admin.data!.viewer).toMatchObject({ tenant: 'acme', roles: ['admin'] });
    expect(admin.data!.viewer.permissions).toEqual(expect.arrayContaining(['profile:read', 'profile:write']));

    const viewer = await server.graphql(query, undefined, { as: { tenant: 'acme', roles: ['viewer'] } });
    expect(viewer.data!.viewer.permissions).toContain('profile:read');
    expect(viewer.data!.viewer.permissions).not.toContain('profile:write');
    for (const permission of viewer.data!.viewer.permissions as string[]) expect(permission).toMatch(/:read$/);

    const nobody = await server.graphql(query, undefined, { as: { tenant: 'acme', roles: [] } });
    expect(nobody.data!.viewer.permissions).toEqual([]);
  });
});
