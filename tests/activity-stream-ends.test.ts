import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ACTIVITY } from './support/activity-client.ts';
import { startTestServer, type TestServer } from './support/server.ts';
import { subscribeOverSse } from './support/sse-client.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
  // The seeded history is published on start; the streams below watch only what they cause.
  await server.app.relay.drain();
});
afterAll(() => server?.stop());

async function createPerson(lastName: string): Promise<string> {
  const result = await server.graphql(
    `mutation($input: CreatePersonInput!) { createPerson(input: $input) { ... on PersonPayload { person { id } } } }`,
    { input: { firstName: 'Stream', lastName } },
  );
  return result.data!.createPerson.person.id;
}

async function outboxRows(): Promise<number> {
  const { rows } = await server.owner.query<{ n: number }>('SELECT count(*)::int AS n FROM "OutboxEvent"');
  return rows[0]!.n;
}

/** The token's `exp`, in milliseconds since the epoch. */
function expiryOf(token: string): number {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).exp * 1000;
}

describe('an SSE subscription does not outlive its token', () => {
  it('delivers events until the token expires, then sends UNAUTHENTICATED, completes and ends the response', async () => {
    const token = await server.token({ expiresIn: '4s' });
    const stream = await subscribeOverSse(server.url, token, ACTIVITY);
    // The expiry moment on the same timeline as `performance.now()`, which the client stamps events with.
    const expiresAt = performance.now() + (expiryOf(token) - Date.now());
    expect(stream.status).toBe(200);
    expect(stream.contentType).toContain('text/event-stream');

    await new Promise((resolve) => setTimeout(resolve, 150));
    const personId = await createPerson('BeforeExpiry');
    await stream.waitFor(() => stream.results().some((result) => result.data?.activity), 'the event before expiry');
    expect(stream.results()[0]).toMatchObject({ data: { activity: { topic: 'customer.created', customerId: personId } } });

    const endedAt = await Promise.race([stream.ended, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('the response did not end')), 8_000))]);
    // Closed at expiry: not before, and within a second or two after.
    expect(endedAt).toBeGreaterThanOrEqual(expiresAt - 50);
    expect(endedAt - expiresAt).toBeLessThan(1_500);

    const last = stream.results().at(-1)!;
    expect(last.data).toBeUndefined();
    expect(last.errors).toEqual([{ message: 'Token expired; subscribe again with a fresh token', extensions: { code: 'UNAUTHENTICATED' } }]);
    expect(stream.events.at(-1)!.event).toBe('complete');
    expect(stream.results().filter((result) => result.data?.activity)).toHaveLength(1);
  }, 15_000);
});

/** A raw graphql-transport-ws socket, acknowledged, to see exactly what the server answers. */
async function acknowledgedSocket(): Promise<{ socket: WebSocket; messages: Record<string, any>[] }> {
  const socket = new WebSocket(server.url.replace(/^http/, 'ws'), 'graphql-transport-ws');
  const messages: Record<string, any>[] = [];
  socket.on('message', (data) => messages.push(JSON.parse(String(data))));
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${await server.token()}` } }));
  await until(() => messages.some((message) => message.type === 'connection_ack'));
  return { socket, messages };
}

async function until(condition: () => boolean, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const malformedCustomerIds: [string, string, string][] = [
  ['not a global id', 'not-an-id', 'is not a valid id'],
  ['an empty string', '', 'is not a valid id'],
  ['the id of a type that is not a customer', encodeGlobalID('Product', '0190a4b2-7c3e-7d4f-8a5b-6c7d8e9f0a1b'), 'is not a customer id'],
  ['a customer type with an id that is no row id', encodeGlobalID('Person', '42'), 'is not a customer id'],
];

describe('activity(filter: { customerId }) refuses a malformed id at once, as customer(id:) does', () => {
  it.each(malformedCustomerIds)('over WebSocket: %s', async (_case, customerId, message) => {
    const before = await outboxRows();
    const { socket, messages } = await acknowledgedSocket();
    try {
      socket.send(JSON.stringify({ id: 'bad', type: 'subscribe', payload: { query: ACTIVITY, variables: { filter: { customerId } } } }));
      await until(() => messages.some((answer) => answer.id === 'bad' && answer.type === 'complete'));
      const [answer] = messages.filter((candidate) => candidate.id === 'bad');
      expect(answer).toMatchObject({
        type: 'next',
        payload: { errors: [{ message: `filter.customerId: ${message}`, extensions: { code: 'VALIDATION', fieldErrors: [{ path: ['filter', 'customerId'], message }] } }] },
      });
      expect(answer!.payload.data).toBeFalsy();
    } finally {
      socket.close();
    }
    expect(await outboxRows()).toBe(before);
  });

  it.each(malformedCustomerIds)('over server-sent events: %s', async (_case, customerId, message) => {
    const before = await outboxRows();
    const stream = await subscribeOverSse(server.url, await server.token(), ACTIVITY, { filter: { customerId } });
    await stream.ended;
    expect(stream.results()).toEqual([
      { errors: [expect.objectContaining({ message: `filter.customerId: ${message}`, extensions: { code: 'VALIDATION', fieldErrors: [{ path: ['filter', 'customerId'], message }] } })] },
    ]);
    expect(await outboxRows()).toBe(before);
  });

  it("accepts a customer's id and delivers only that customer's events", async () => {
    const customerId = await createPerson('Filtered');
    await server.app.relay.drain();
    const stream = await subscribeOverSse(server.url, await server.token(), ACTIVITY, { filter: { customerId } });
    try {
      await new Promise((resolve) => setTimeout(resolve, 150));
      await createPerson('Unrelated');
      await server.graphql(`mutation($input: UpdateCustomerInput!) { updateCustomer(input: $input) { __typename } }`, { input: { id: customerId, city: 'Watched' } });
      await stream.waitFor(() => stream.results().length >= 1, "the filtered customer's event");
      expect(stream.results()[0]!.data.activity.topic).toBe('customer.updated');
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(stream.results().map((result) => result.data?.activity?.customerId)).toEqual([customerId]);
    } finally {
      stream.close();
    }
  });
});
