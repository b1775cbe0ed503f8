import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

export interface ReceivedEvent {
  id: string;
  position: string;
  topic: string;
  customerId: string | null;
  channel: string | null;
  kind: string | null;
  payload: Record<string, unknown>;
  receivedAt: number;
}

export const ACTIVITY = /* GraphQL */ `
  subscription Activity($filter: ActivityFilter, $after: String) {
    activity(filter: $filter, after: $after) { id position topic customerId channel kind payload }
  }
`;

/** A graphql-ws subscriber to `activity` that records what it receives, for assertions. */
export async function subscribeToActivity(graphqlUrl: string, token: string, variables: { filter?: Record<string, unknown>; after?: string | null } = {}) {
  const client: Client = createClient({
    url: graphqlUrl.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${token}` },
    retryAttempts: 0,
    lazy: false,
  });
  const received: ReceivedEvent[] = [];
  const errors: unknown[] = [];
  let acknowledged!: () => void;
  const subscribed = new Promise<void>((resolve) => (acknowledged = resolve));
  const unsubscribe = client.subscribe<{ activity: Omit<ReceivedEvent, 'receivedAt'> }>(
    { query: ACTIVITY, variables },
    {
      next: (message) => {
        if (message.data?.activity) received.push({ ...message.data.activity, receivedAt: performance.now() });
        if (message.errors) errors.push(...message.errors);
      },
      error: (error) => errors.push(error),
      complete: () => {},
    },
  );
  client.on('connected', () => acknowledged());
  await subscribed;
  // The subscription is registered on the server right after the ack; give it a moment to listen.
  await new Promise((resolve) => setTimeout(resolve, 100));
  return {
    received,
    errors,
    async waitFor(count: number, timeoutMs = 5_000): Promise<ReceivedEvent[]> {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        if (errors.length) throw new Error(`subscription failed: ${JSON.stringify(errors)}`);
        if (Date.now() > deadline) throw new Error(`only ${received.length} of ${count} events arrived within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      return received;
    },
    async close(): Promise<void> {
      unsubscribe();
      await client.dispose();
    },
  };
}
