import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startTestServer, type TestServer } from './support/server.ts';

// Each case is a mistake graphql-js answers with a suggestion ("Did you mean …?") that names a
// part of the schema: outside production the suggestion is shown, in production none is.
let server: TestServer;
let production: TestServer;
beforeAll(async () => {
  [server, production] = await Promise.all([startTestServer({ plugins: ['profile'] }), startTestServer({ plugins: ['profile'], environment: { NODE_ENV: 'production' } })]);
});
afterAll(() => Promise.all([server?.stop(), production?.stop()]));

interface Mistake {
  name: string;
  query: string;
  variables?: Record<string, unknown>;
  /** The schema name the suggestion reveals. */
  suggested: string;
}

const ORDERED = 'query Ordered($order: CustomerOrder) { customers(first: 1, orderBy: $order) { totalCount } }';

const MISTAKES: Mistake[] = [
  { name: 'an unknown field', query: '{ viewr { subject } }', suggested: 'viewer' },
  { name: 'an unknown argument', query: '{ customers(fist: 1) { totalCount } }', suggested: 'first' },
  { name: 'an unknown type in a variable definition', query: 'query Ordered($order: CustomerOrdr) { customers(first: 1, orderBy: $order) { totalCount } }', suggested: 'CustomerOrder' },
  { name: 'an unknown enum value inline', query: '{ customers(first: 1, orderBy: { field: CREATED, direction: DESC }) { totalCount } }', suggested: 'CREATED_AT' },
  { name: 'an unknown input field inline', query: '{ customers(first: 1, orderBy: { field: CREATED_AT, direction: DESC, fild: CREATED_AT }) { totalCount } }', suggested: '"field"' },
  { name: 'an unknown enum value in a variable', query: ORDERED, variables: { order: { field: 'CREATED', direction: 'DESC' } }, suggested: 'CREATED_AT' },
  { name: 'an unknown input field in a variable', query: ORDERED, variables: { order: { field: 'CREATED_AT', direction: 'DESC', fild: 'CREATED_AT' } }, suggested: '"field"' },
];

describe('"did you mean" suggestions', () => {
  it.each(MISTAKES)('outside production, $name gets a suggestion', async ({ query, variables, suggested }) => {
    const result = await server.graphql(query, variables);
    expect(result.errors?.length).toBeGreaterThan(0);
    expect(result.errors!.map((error) => error.message).join('\n')).toMatch(new RegExp(`Did you mean .*${suggested}`));
  });

  it.each(MISTAKES)('in production, $name is refused as VALIDATION without a suggestion', async ({ query, variables, suggested }) => {
    const result = await production.graphql(query, variables);
    expect(result.errors?.length).toBeGreaterThan(0);
    expect(result.data ?? null).toBeNull();
    for (const error of result.errors!) {
      expect(error.message).not.toMatch(/did you mean/i);
      expect(error.message).not.toContain(suggested);
      expect(error.extensions?.code).toBe('VALIDATION');
    }
  });
});

const SUBSCRIPTION = 'subscription Watch($filter: ActivityFilter) { activity(filter: $filter) { id } }';
// `topics` is the field; the suggestion would name it.
const MISTYPED_FILTER = { filter: { topic: ['customer.created'] } };

/** The error messages a graphql-ws subscriber receives before the subscription ends. */
async function messagesOverWebSocket(target: TestServer): Promise<string[]> {
  const client = createClient({ url: target.url.replace(/^http/, 'ws'), webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${await target.token()}` }, retryAttempts: 0 });
  try {
    return await new Promise<string[]>((resolve, reject) => {
      const messages: string[] = [];
      client.subscribe(
        { query: SUBSCRIPTION, variables: MISTYPED_FILTER },
        {
          next: (result) => messages.push(...(result.errors ?? []).map((error) => error.message)),
          error: (error) => (Array.isArray(error) ? resolve([...messages, ...error.map((item: { message: string }) => item.message)]) : reject(error)),
          complete: () => resolve(messages),
        },
      );
    });
  } finally {
    await client.dispose();
  }
}

/** The body of a server-sent-events subscription (it ends after the error). */
async function streamOverServerSentEvents(target: TestServer): Promise<string> {
  const response = await fetch(target.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${await target.token()}` },
    body: JSON.stringify({ query: SUBSCRIPTION, variables: MISTYPED_FILTER }),
    signal: AbortSignal.timeout(10_000),
  });
  return response.text();
}

describe('"did you mean" suggestions in subscriptions', () => {
  it('outside production, a mistyped variable of a subscription gets a suggestion over WebSocket and server-sent events', async () => {
    expect((await messagesOverWebSocket(server)).join('\n')).toMatch(/Did you mean "topics"\?/);
    expect(await streamOverServerSentEvents(server)).toMatch(/Did you mean \\?"topics\\?"\?/);
  });

  it('in production, neither transport suggests anything', async () => {
    const overWebSocket = await messagesOverWebSocket(production);
    expect(overWebSocket.join('\n')).toContain('"topic" is not defined');
    expect(overWebSocket.join('\n')).not.toMatch(/did you mean|topics/i);
    const overServerSentEvents = await streamOverServerSentEvents(production);
    expect(overServerSentEvents).toContain('is not defined');
    expect(overServerSentEvents).not.toMatch(/did you mean|topics/i);
  });
});
