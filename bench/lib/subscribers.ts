import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

/** The fields of an `activity` event the benchmarks select: what a live dashboard would read. */
export interface ActivityMessage {
  id: string;
  position: string | null;
  topic: string;
  subjectId: string;
  customerId: string | null;
  channel: string | null;
  kind: string | null;
  payload: Record<string, unknown>;
}

export const ACTIVITY_SUBSCRIPTION = /* GraphQL */ `
  subscription Activity($filter: ActivityFilter, $after: String) {
    activity(filter: $filter, after: $after) { id position topic subjectId customerId channel kind payload }
  }
`;

export interface SubscriberPoolOptions {
  /** The HTTP GraphQL endpoint; the WebSocket URL is derived from it. */
  url: string;
  size: number;
  /** The token subscriber `index` connects with. */
  token(index: number): Promise<string>;
  variables?: { filter?: Record<string, unknown>; after?: string | null };
  /** Connections being opened at once. Default 50: 1,000 open in a few seconds without a SYN flood. */
  concurrency?: number;
  /** Called for every event, with `performance.now()` taken as soon as the message was parsed. */
  onEvent(subscriber: number, event: ActivityMessage, receivedAt: number): void;
  /** Called as connections are acknowledged, with how many are so far. */
  onOpened?(opened: number): void;
}

export interface SubscriberFailure {
  subscriber: number;
  reason: string;
}

export interface SubscriberPool {
  readonly size: number;
  /** Errors and unexpected closes after opening; empty in a healthy run. */
  readonly failures: readonly SubscriberFailure[];
  /** Unsubscribes and closes every connection. */
  close(): Promise<void>;
}

/**
 * Opens `size` graphql-ws connections, each with one `activity` subscription, in parallel batches.
 * Resolves once every connection is acknowledged (`connection_ack`); the subscription itself goes
 * live on the server a moment later, so callers wait for a first event to know it listens.
 * Rejects, closing what it opened, if any connection fails to open.
 */
export async function openActivitySubscribers(options: SubscriberPoolOptions): Promise<SubscriberPool> {
  const webSocketUrl = options.url.replace(/^http/, 'ws');
  const clients: { client: Client; unsubscribe: () => void }[] = [];
  const failures: SubscriberFailure[] = [];
  let opened = 0;
  let closing = false;

  async function open(index: number): Promise<void> {
    const token = await options.token(index);
    await new Promise<void>((resolve, reject) => {
      let acknowledged = false;
      const client = createClient({
        url: webSocketUrl,
        webSocketImpl: WebSocket,
        connectionParams: { authorization: `Bearer ${token}` },
        lazy: false,
        retryAttempts: 0,
        on: {
          connected: () => {
            acknowledged = true;
            options.onOpened?.(++opened);
            resolve();
          },
          closed: (event) => {
            const reason = `closed ${(event as { code?: number }).code ?? ''} ${(event as { reason?: string }).reason ?? ''}`.trim();
            if (!acknowledged) reject(new Error(`subscriber ${index}: ${reason}`));
            else if (!closing) failures.push({ subscriber: index, reason });
          },
          error: (error) => {
            if (!acknowledged) reject(new Error(`subscriber ${index}: ${describe(error)}`));
          },
        },
      });
      const unsubscribe = client.subscribe<{ activity: ActivityMessage }>(
        { query: ACTIVITY_SUBSCRIPTION, variables: options.variables ?? {} },
        {
          next: (message) => {
            const receivedAt = performance.now();
            if (message.data?.activity) options.onEvent(index, message.data.activity, receivedAt);
            if (message.errors) failures.push({ subscriber: index, reason: `errors: ${JSON.stringify(message.errors)}` });
          },
          error: (error) => {
            if (!closing) failures.push({ subscriber: index, reason: describe(error) });
          },
          complete: () => {
            if (!closing) failures.push({ subscriber: index, reason: 'the server completed the subscription' });
          },
        },
      );
      clients.push({ client, unsubscribe });
    });
  }

  const close = async () => {
    closing = true;
    for (const { unsubscribe } of clients) unsubscribe();
    await Promise.all(clients.map(({ client }) => client.dispose()));
  };

  const concurrency = options.concurrency ?? 50;
  let next = 0;
  let failed = false;
  const worker = async () => {
    for (let index = next++; index < options.size && !failed; index = next++) {
      try {
        await open(index);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  // Settle every worker before closing, so that no connection opens after the pool was closed.
  const outcomes = await Promise.allSettled(Array.from({ length: Math.min(concurrency, options.size) }, worker));
  const rejection = outcomes.find((outcome) => outcome.status === 'rejected');
  if (rejection) {
    await close();
    throw rejection.reason;
  }
  return { size: options.size, failures, close };
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (Array.isArray(error)) return JSON.stringify(error);
  // graphql-ws hands socket errors and close events through as they are.
  const event = error as { message?: string; type?: string; code?: number; reason?: string };
  return event.message ?? (event.code ? `closed ${event.code} ${event.reason ?? ''}` : String(event.type ?? error));
}
