import type { ExecutionResult } from 'graphql';
import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { failingPlugin } from './support/failing-plugin.ts';
import { startTestServer, type TestServer } from './support/server.ts';


// `server` runs as the suite does (NODE_ENV=test); `production` and `development` are the same
// code with NODE_ENV changed, to prove what each mode hides or shows.
let server: TestServer;
let production: TestServer;
let development: TestServer;
beforeAll(async () => {
  [server, production, development] = await Promise.all([
    startTestServer(),
    startTestServer({ environment: { NODE_ENV: 'production' }, extraPlugins: [failingPlugin] }),
    startTestServer({ environment: { NODE_ENV: 'development' }, extraPlugins: [failingPlugin] }),
  ]);
});
afterAll(() => Promise.all([server?.stop(), production?.stop(), development?.stop()]));

/** `customers → edges → node → … on Person` then membership hops; depth as graphql-armor counts it (fragments count). */
function customersQueryOfDepth(depth: number): string {
  const cycle = ['memberships', 'organization', 'members', 'person'];
  // customers, edges, node and the inline fragment are 4 levels, the leaf is one more.
  const hops = Array.from({ length: depth - 5 }, (_, index) => cycle[index % cycle.length]!);
  const last = hops.at(-1);
  let selection = last === 'memberships' || last === 'members' ? 'isPrimary' : 'id';
  for (const hop of hops.reverse()) selection = `${hop} { ${selection} }`;
  return `query Deep { customers(first: 1) { edges { node { ... on Person { ${selection} } } } } }`;
}

function aliasedViewers(count: number): string {
  return `query Aliases { ${Array.from({ length: count }, (_, index) => `v${index}: viewer { subject }`).join(' ')} }`;
}

describe('documents beyond the limits are refused before anything runs', () => {
  it('a query 12 levels deep runs', async () => {
    const result = await server.graphql(customersQueryOfDepth(12));
    expect(result.errors).toBeUndefined();
    expect(result.data!.customers.edges).toHaveLength(1);
  });

  it('a query 13 levels deep is refused with a message naming the depth limit', async () => {
    const result = await server.graphql(customersQueryOfDepth(13));
    expect(result.data ?? null).toBeNull();
    expect(result.errors).toHaveLength(1);
    expect(result.errors![0]!.message).toMatch(/depth limit of 12 exceeded, found 13/);
    // graphql-armor throws "Syntax Error: …" from inside validation; the server must still answer an ordinary validation failure.
    expect(result.errors![0]!.message).not.toMatch(/^Syntax Error/);
    expect(result.errors![0]!.extensions?.code).toBe('VALIDATION');
    expect(result.status).toBe(400);
  });

  it('a node(id:) nesting memberships deeper than 12 levels is refused the same way', async () => {
    const deep = /* GraphQL */ `
      query DeepNode($id: ID!) {
        node(id: $id) { ... on Person { memberships { organization { members { person {
          memberships { organization { members { person {
            memberships { organization { members { person { id } } } }
          } } } }
        } } } } } }
      }
    `;
    const result = await server.graphql(deep, { id: 'UGVyc29uOjA=' });
    expect(result.data ?? null).toBeNull();
    expect(result.errors?.[0]?.message).toMatch(/Query depth limit of 12 exceeded/);
  });

  it('30 aliases run; 31 are refused with a message naming the alias limit', async () => {
    const thirty = await server.graphql(aliasedViewers(30));
    expect(thirty.errors).toBeUndefined();
    expect(Object.keys(thirty.data!)).toHaveLength(30);

    const result = await server.graphql(aliasedViewers(31));
    expect(result.data ?? null).toBeNull();
    expect(result.errors).toHaveLength(1);
    expect(result.errors![0]!.message).toMatch(/Aliases limit of 30 exceeded, found 31/);
    expect(result.errors![0]!.message).not.toMatch(/^Syntax Error/);
    expect(result.errors![0]!.extensions?.code).toBe('VALIDATION');
    expect(result.status).toBe(400);
  });

  it('a document of more than 5000 tokens is refused at parse time with 400', async () => {
    const huge = `query Huge { viewer { ${Array.from({ length: 5000 }, () => 'subject').join(' ')} } }`;
    const result = await server.graphql(huge);
    expect(result.status).toBe(400);
    expect(result.data ?? null).toBeNull();
    expect(result.errors?.[0]?.message).toMatch(/Token limit of 5000 exceeded/);
    expect(result.errors?.[0]?.extensions?.code).toBe('VALIDATION');
  });
});

describe('page arguments', () => {
  it.each([
    ['first: 101', { first: 101 }, 'first', /must be at most 100/],
    ['last: 101', { last: 101 }, 'last', /must be at most 100/],
    ['first: -1', { first: -1 }, 'first', /must not be negative/],
    ['last: -1', { last: -1 }, 'last', /must not be negative/],
  ])('%s is refused with a VALIDATION error naming the argument', async (_, variables, argument, reason) => {
    const result = await server.graphql('query Page($first: Int, $last: Int) { customers(first: $first, last: $last) { totalCount } }', variables);
    expect(result.data ?? null).toBeNull();
    expect(result.errors).toHaveLength(1);
    const [error] = result.errors!;
    expect(error!.extensions?.code).toBe('VALIDATION');
    expect(error!.message).toMatch(reason);
    expect(error!.extensions?.fieldErrors).toEqual([{ path: ['customers', argument], message: expect.stringMatching(reason) }]);
  });

  it('a larger configured page (NEXO_MAX_PAGE_SIZE) is read whole by lists of every area', async () => {
    const roomy = await startTestServer({ environment: { NEXO_MAX_PAGE_SIZE: '150' } });
    try {
      const list = await roomy.graphql('{ customers(first: 150) { edges { node { id } } } }');
      expect(list.errors).toBeUndefined();
      expect(list.data!.customers.edges).toHaveLength(150);
      const { rows } = await roomy.owner.query(
        `SELECT i."customerId"::text AS id, c.kind::text AS kind, count(*)::int AS n FROM "Interaction" i JOIN "Customer" c ON c.id = i."customerId"
         WHERE i."tenantId" = 'demo' GROUP BY 1, 2 ORDER BY n DESC LIMIT 1`,
      );
      const busiest = rows[0] as { id: string; kind: string; n: number };
      expect(busiest.n).toBeGreaterThan(100);
      const id = Buffer.from(`${busiest.kind === 'PERSON' ? 'Person' : 'Organization'}:${busiest.id}`).toString('base64');
      const history = await roomy.graphql('query ($id: ID!) { customer(id: $id) { interactions(first: 150) { edges { node { id } } } } }', { id });
      expect(history.errors).toBeUndefined();
      expect(history.data!.customer.interactions.edges).toHaveLength(Math.min(busiest.n, 150));
    } finally {
      await roomy.stop();
    }
  });

  it('a malformed cursor is refused with a VALIDATION error', async () => {
    const result = await server.graphql('{ customers(first: 1, after: "not-a-cursor") { totalCount } }');
    expect(result.data ?? null).toBeNull();
    expect(result.errors?.[0]?.message).toMatch(/Invalid cursor/);
    expect(result.errors?.[0]?.extensions?.code).toBe('VALIDATION');
  });
});

describe('production hides what helps developers', () => {
  async function graphiql(target: TestServer) {
    const response = await fetch(target.url, { headers: { accept: 'text/html' } });
    return { status: response.status, type: response.headers.get('content-type'), body: await response.text() };
  }

  it('GraphiQL is served outside production and not in production', async () => {
    const outside = await graphiql(server);
    expect(outside.status).toBe(200);
    expect(outside.type).toMatch(/text\/html/);
    expect(outside.body).toContain('<title>Nexo</title>');

    const inProduction = await graphiql(production);
    expect(inProduction.status).not.toBe(200);
    expect(inProduction.body).not.toContain('<title>Nexo</title>');
  });

  it('introspection answers outside production and is refused in production', async () => {
    const query = '{ __schema { types { name } } }';
    const outside = await server.graphql(query);
    expect(outside.data!.__schema.types.map((type: { name: string }) => type.name)).toContain('Customer');

    const refused = await production.graphql(query);
    expect(refused.status).toBe(400);
    expect(refused.data ?? null).toBeNull();
    expect(refused.errors?.[0]?.message).toMatch(/introspection has been disabled/);
  });

  it('"did you mean" suggestions are hidden in production', async () => {
    const outside = await server.graphql('{ viewr { subject } }');
    expect(outside.errors?.[0]?.message).toMatch(/Did you mean "viewer"\?/);
    const inProduction = await production.graphql('{ viewr { subject } }');
    expect(inProduction.errors?.[0]?.message).toMatch(/Cannot query field "viewr"/);
    expect(inProduction.errors?.[0]?.message).not.toContain('viewer');
  });

  const FAILING = '{ failingField }';

  it('an unexpected error is masked in production: generic message and code, no detail', async () => {
    const result = await production.graphql(FAILING);
    expect(result.errors).toHaveLength(1);
    expect(result.errors![0]).toMatchObject({ message: 'Unexpected error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    expect(result.errors![0]!.extensions).not.toHaveProperty('originalError');
    expect(JSON.stringify(result)).not.toContain('10.0.0.5');
  });

  it('while development shows the cause of the same error', async () => {
    const result = await development.graphql(FAILING);
    expect(result.errors?.[0]?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    expect(result.errors?.[0]?.extensions?.originalError?.message).toContain('10.0.0.5');
  });

  const FAILING_TICKS = 'subscription { failingTicks }';

  it('an unexpected error in a subscription result is masked over WebSocket, where results are shared and masked once per event', async () => {
    const client = createClient({ url: production.url.replace(/^http/, 'ws'), webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${await production.token()}` }, retryAttempts: 0 });
    try {
      const results: ExecutionResult[] = [];
      await new Promise<void>((resolve, reject) => client.subscribe({ query: FAILING_TICKS }, { next: (result) => void results.push(result as ExecutionResult), error: reject, complete: resolve }));
      expect(results).toHaveLength(1);
      expect(results[0]!.errors).toEqual([expect.objectContaining({ message: 'Unexpected error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } })]);
      expect(JSON.stringify(results)).not.toContain('10.0.0.5');
    } finally {
      await client.dispose();
    }
  });

  it('and over Server-Sent Events', async () => {
    const response = await fetch(production.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${await production.token()}` },
      body: JSON.stringify({ query: FAILING_TICKS }),
    });
    const text = await response.text();
    const results = text.split('\n').filter((line) => line.startsWith('data: ')).map((line) => JSON.parse(line.slice(6)) as ExecutionResult).filter((result) => result.errors);
    expect(results).toHaveLength(1);
    expect(results[0]!.errors).toEqual([expect.objectContaining({ message: 'Unexpected error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } })]);
    expect(text).not.toContain('10.0.0.5');
  });

  it('a NUL character, which PostgreSQL cannot store, is a VALIDATION error rather than a crash', async () => {
    const result = await server.graphql('query Search($search: String) { customers(first: 1, filter: { search: $search }) { totalCount } }', { search: 'ab\u0000cd' });
    expect(result.errors?.[0]?.extensions?.code).toBe('VALIDATION');
    expect(result.errors?.[0]?.message).toMatch(/NUL/);
  });
});
