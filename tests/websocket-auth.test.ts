import { createClient, type Client, type FormattedExecutionResult } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startTestServer, type TestServer } from './support/server.ts';

let server: TestServer;
let socketUrl: string;
beforeAll(async () => {
  server = await startTestServer();
  socketUrl = server.url.replace(/^http/, 'ws');
});
afterAll(() => server?.stop());

const QUERY = '{ viewer { tenant } customers(first: 2) { totalCount } }';

/** One query over graphql-ws; resolves with its result, or rejects with whatever ended the socket. */
function queryOverSocket(client: Client, query: string): Promise<FormattedExecutionResult<Record<string, any>, unknown>> {
  return new Promise((resolve, reject) => {
    let result: FormattedExecutionResult<Record<string, any>, unknown> | undefined;
    client.subscribe<Record<string, any>>(
      { query },
      {
        next: (value) => (result = value),
        error: reject,
        complete: () => (result ? resolve(result) : reject(new Error('completed without a result'))),
      },
    );
  });
}

/** Opens a raw socket speaking graphql-transport-ws, sends `connection_init`, and reports how it ends. */
function rawConnectionInit(payload: Record<string, unknown>): Promise<{ firstMessage: unknown; code: number; reason: string }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(socketUrl, 'graphql-transport-ws');
    let firstMessage: unknown = null;
    socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload })));
    socket.on('message', (data) => {
      firstMessage ??= JSON.parse(String(data));
      socket.close(1000);
    });
    socket.on('close', (code, reason) => resolve({ firstMessage, code, reason: reason.toString() }));
    socket.on('error', reject);
  });
}

describe('graphql-ws authentication (token in connection_init)', () => {
  it('a valid token runs a query over the socket with the same result as over HTTP', async () => {
    const token = await server.token({ tenant: 'acme', roles: ['viewer'] });
    const client = createClient({ url: socketUrl, webSocketImpl: WebSocket, lazy: true, retryAttempts: 0, connectionParams: { authorization: `Bearer ${token}` } });
    try {
      const overSocket = await queryOverSocket(client, QUERY);
      const overHttp = await server.graphql(QUERY, undefined, { token });
      expect(overSocket.errors).toBeUndefined();
      expect(overSocket.data).toEqual({ viewer: { tenant: 'acme' }, customers: { totalCount: 49 } });
      expect(overSocket.data).toEqual(overHttp.data);
    } finally {
      await client.dispose();
    }
  });

  it('a bad token closes the connection with 4403 and runs nothing', async () => {
    const closes: number[] = [];
    const client = createClient({
      url: socketUrl,
      webSocketImpl: WebSocket,
      lazy: true,
      retryAttempts: 0,
      connectionParams: { authorization: 'Bearer not-a-jwt' },
      on: { closed: (event) => closes.push((event as { code: number }).code) },
    });
    try {
      const outcome = await queryOverSocket(client, QUERY).then(
        (result) => ({ result }),
        (error: unknown) => ({ error }),
      );
      expect(outcome).not.toHaveProperty('result');
      expect(closes).toEqual([4403]);
    } finally {
      await client.dispose();
    }
  });

  it('a raw client whose token signature was tampered with is closed with 4403 unacknowledged; a valid one is acknowledged', async () => {
    const genuine = await server.token({ tenant: 'acme' });
    const tampered = `${genuine.slice(0, -4)}AAAA`;
    const refused = await rawConnectionInit({ authorization: `Bearer ${tampered}` });
    expect(refused.code).toBe(4403);
    expect(refused.firstMessage).toBeNull();

    const accepted = await rawConnectionInit({ authorization: `Bearer ${genuine}` });
    expect(accepted.firstMessage).toEqual({ type: 'connection_ack' });
    expect(accepted.code).toBe(1000);
  });

  it('an anonymous connection is accepted but sees no customers', async () => {
    const client = createClient({ url: socketUrl, webSocketImpl: WebSocket, lazy: true, retryAttempts: 0 });
    try {
      const result = await queryOverSocket(client, '{ viewer { tenant } customers(first: 2) { totalCount } }');
      expect(result.data?.viewer ?? null).toBeNull();
      expect(result.data?.customers ?? null).toBeNull();
      expect(result.errors?.map((error) => error.extensions?.code)).toContain('UNAUTHENTICATED');
    } finally {
      await client.dispose();
    }
  });

  it('closes a socket with 4403 when the token it was opened with expires', async () => {
    const socket = new WebSocket(server.url.replace(/^http/, 'ws'), 'graphql-transport-ws');
    const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
    await new Promise((resolve) => socket.once('open', resolve));
    const opened = Date.now();
    socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${await server.token({ expiresIn: '2s' })}` } }));
    expect(await closed).toBe(4403);
    expect(Date.now() - opened).toBeGreaterThan(1_000);
  });
});
