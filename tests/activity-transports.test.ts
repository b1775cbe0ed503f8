import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ACTIVITY } from './support/activity-client.ts';
import { startTestServer, type TestServer } from './support/server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

async function createPerson(lastName: string): Promise<string> {
  const result = await server.graphql(
    `mutation($input: CreatePersonInput!) { createPerson(input: $input) { ... on PersonPayload { person { id } } } }`,
    { input: { firstName: 'Transport', lastName } },
  );
  return result.data!.createPerson.person.id;
}

/** A raw graphql-transport-ws socket, to see the protocol's close codes. */
function rawSocket(): Promise<{ socket: WebSocket; closed: Promise<{ code: number; reason: string }>; messages: Record<string, any>[] }> {
  const socket = new WebSocket(server.url.replace(/^http/, 'ws'), 'graphql-transport-ws');
  const messages: Record<string, any>[] = [];
  socket.on('message', (data) => messages.push(JSON.parse(String(data))));
  const closed = new Promise<{ code: number; reason: string }>((resolve) => socket.on('close', (code, reason) => resolve({ code, reason: String(reason) })));
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve({ socket, closed, messages }));
    socket.once('error', reject);
  });
}

async function until(condition: () => boolean, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('activity over Server-Sent Events (yoga)', () => {
  it('streams the events of mutations to an SSE client holding a Bearer token', async () => {
    const controller = new AbortController();
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${await server.token()}` },
      body: JSON.stringify({ query: ACTIVITY }),
      signal: controller.signal,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reader = response.body!.getReader();
    let text = '';
    const events: any[] = [];
    const reading = (async () => {
      for (;;) {
        const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
        if (done) return;
        text += new TextDecoder().decode(value);
        for (const line of text.split('\n')) {
          if (line.startsWith('data: ')) {
            const data = JSON.parse(line.slice(6));
            if (data.data?.activity) events.push(data.data.activity);
          }
        }
        text = text.slice(text.lastIndexOf('\n') + 1);
      }
    })();
    await new Promise((resolve) => setTimeout(resolve, 150));
    const personId = await createPerson('OverSSE');
    await until(() => events.length >= 1);
    expect(events[0]).toMatchObject({ topic: 'customer.created', customerId: personId });
    controller.abort();
    await reading;
  });

  it('refuses an anonymous SSE subscription with UNAUTHENTICATED', async () => {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query: ACTIVITY }),
    });
    const body = await response.text();
    expect(body).toContain('UNAUTHENTICATED');
    expect(body).not.toContain('"topic"');
  });
});

describe('graphql-ws protocol close codes', () => {
  it('closes with 4401 when a client subscribes before connection_init is acknowledged', async () => {
    const { socket, closed } = await rawSocket();
    socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: ACTIVITY } }));
    expect((await closed).code).toBe(4401);
  });

  it('closes with 4409 when a subscription id is reused while active', async () => {
    const { socket, closed, messages } = await rawSocket();
    socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${await server.token()}` } }));
    await until(() => messages.some((message) => message.type === 'connection_ack'));
    socket.send(JSON.stringify({ id: 'same', type: 'subscribe', payload: { query: ACTIVITY } }));
    await new Promise((resolve) => setTimeout(resolve, 100));
    socket.send(JSON.stringify({ id: 'same', type: 'subscribe', payload: { query: ACTIVITY } }));
    expect((await closed).code).toBe(4409);
  });

  it('closes with 4403 when connection_init carries a bad token', async () => {
    const { socket, closed, messages } = await rawSocket();
    socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: 'Bearer not-a-token' } }));
    expect((await closed).code).toBe(4403);
    expect(messages.some((message) => message.type === 'connection_ack')).toBe(false);
  });

  it('refuses an activity filter or resume position that is malformed, with VALIDATION', async () => {
    const { socket, messages } = await rawSocket();
    socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${await server.token()}` } }));
    await until(() => messages.some((message) => message.type === 'connection_ack'));
    socket.send(JSON.stringify({ id: 'bad', type: 'subscribe', payload: { query: ACTIVITY, variables: { after: 'yesterday' } } }));
    await until(() => messages.some((message) => message.id === 'bad'));
    const answer = messages.find((message) => message.id === 'bad')!;
    const errors = answer.type === 'error' ? answer.payload : answer.payload.errors;
    expect(errors[0].extensions.code).toBe('VALIDATION');
    socket.close();
  });
});
