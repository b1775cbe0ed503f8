import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './support/server.ts';

// `server` has the default limits; `small` the smallest body and variable budgets the
// configuration accepts, so that going over them takes little data.
let server: TestServer;
let small: TestServer;
beforeAll(async () => {
  [server, small] = await Promise.all([startTestServer(), startTestServer({ environment: { NEXO_MAX_BODY_BYTES: String(64 * 1024), NEXO_MAX_VARIABLE_LIST_ITEMS: '1000' } })]);
});
afterAll(() => Promise.all([server?.stop(), small?.stop()]));

const customers = async (target: TestServer) => (await target.owner.query<{ count: number }>('SELECT count(*)::int AS count FROM "Customer"')).rows[0]!.count;

interface Answer {
  status: number;
  type: string | undefined;
  body: string;
}

/** A raw POST to the endpoint; `chunked` sends the body without a Content-Length. */
function post(target: TestServer, body: string, options: { token: string; chunked?: boolean; headers?: Record<string, string> }): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { 'content-type': 'application/json', authorization: `Bearer ${options.token}`, ...options.headers };
    if (!options.chunked) headers['content-length'] = String(Buffer.byteLength(body));
    const outgoing = httpRequest(target.url, { method: 'POST', headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () => resolve({ status: response.statusCode!, type: response.headers['content-type'], body: Buffer.concat(chunks).toString('utf8') }));
    });
    // The server may answer 413 and close before the whole body is written.
    outgoing.on('error', (error: NodeJS.ErrnoException) => (error.code === 'EPIPE' || error.code === 'ECONNRESET' ? undefined : reject(error)));
    outgoing.end(body);
  });
}

describe('one request cannot stall the server', () => {
  it('nodes with 5,000 ids is refused in under a second while /healthz keeps answering', async () => {
    const token = await server.token({ roles: [] });
    const ids = Array.from({ length: 5_000 }, (_, index) => Buffer.from(`Person:${index}`).toString('base64'));
    const body = JSON.stringify({ query: 'query Nodes($ids: [ID!]!) { nodes(ids: $ids) { id } }', variables: { ids } });
    const health = new URL('/healthz', server.url);

    const started = performance.now();
    const [answer, healthz] = await Promise.all([post(server, body, { token }), fetch(health).then(async (response) => ({ status: response.status, body: await response.json() }))]);
    const elapsed = performance.now() - started;

    expect(elapsed).toBeLessThan(1_000);
    expect(healthz).toEqual({ status: 200, body: { status: 'ok' } });
    const result = JSON.parse(answer.body);
    expect(result.data ?? null).toBeNull();
    expect(result.errors).toEqual([expect.objectContaining({ message: 'Argument "ids" of "nodes" must have at most 100 items (got 5,000)', extensions: expect.objectContaining({ code: 'VALIDATION' }) })]);
  });

  it('variables holding more list items than the budget are refused before anything reads them, storing nothing', async () => {
    const before = await customers(small);
    const result = await small.graphql('mutation Create($input: CreatePersonInput!) { createPerson(input: $input) { __typename } }', {
      input: { firstName: 'Budget', lastName: 'Over', traits: { scores: Array.from({ length: 600 }, () => 1), more: Array.from({ length: 600 }, () => 2) } },
    });
    expect(result.data ?? null).toBeNull();
    expect(result.errors).toEqual([expect.objectContaining({ message: 'Variables hold more than 1,000 list items in all', extensions: { code: 'VALIDATION' } })]);
    expect(await customers(small)).toBe(before);
  });

  it('variables nested 100,000 levels deep are refused quickly, without exhausting the stack', async () => {
    const before = await customers(server);
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const body = `{"query":"mutation Create($input: CreatePersonInput!) { createPerson(input: $input) { __typename } }","variables":{"input":{"firstName":"Deep","lastName":"Json","traits":{"deep":${deep}}}}}`;
    const started = performance.now();
    const answer = await post(server, body, { token: await server.token() });
    expect(performance.now() - started).toBeLessThan(1_000);
    const result = JSON.parse(answer.body);
    expect(result.errors).toEqual([expect.objectContaining({ message: 'Variables nest deeper than 44 levels', extensions: { code: 'VALIDATION' } })]);
    expect(await customers(server)).toBe(before);
  });
});

describe('the body size is capped on every path', () => {
  const oversized = () => JSON.stringify({ query: '{ __typename }', variables: { padding: 'x'.repeat(64 * 1024) } });

  it.each([
    ['a plain JSON POST', {}],
    ['a POST with an Origin', { headers: { origin: 'http://localhost' } }],
    ['a chunked POST without a length (counted as it is read)', { chunked: true }],
  ])('%s over the limit is answered 413 with a JSON GraphQL error', async (_, options: { chunked?: boolean; headers?: Record<string, string> }) => {
    const answer = await post(small, oversized(), { token: await small.token(), ...options });
    expect(answer.status).toBe(413);
    expect(answer.type).toMatch(/json/);
    expect(JSON.parse(answer.body).errors).toEqual([expect.objectContaining({ message: 'Request body too large' })]);
  });

  it('a body just under the limit is answered', async () => {
    const body = JSON.stringify({ query: '{ __typename }', variables: { padding: 'x'.repeat(60 * 1024) } });
    const answer = await post(small, body, { token: await small.token() });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ data: { __typename: 'Query' } });
  });
});
