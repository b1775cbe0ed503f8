/** One `event:` of a GraphQL over SSE response (yoga's "distinct connections" mode). */
export interface ServerSentEvent {
  event: string;
  /** The parsed `data:` of a `next` event; null for `complete`. */
  data: Record<string, any> | null;
  receivedAt: number;
}

/**
 * A subscription over server-sent events: POST /graphql with `Accept: text/event-stream`, read with
 * a real HTTP client (fetch). `ended` resolves when the server ends the response, with the moment.
 */
export async function subscribeOverSse(graphqlUrl: string, token: string, query: string, variables: Record<string, unknown> = {}) {
  const controller = new AbortController();
  const response = await fetch(graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
    signal: controller.signal,
  });
  const events: ServerSentEvent[] = [];
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  const ended = (async () => {
    let pending = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return performance.now();
      pending += decoder.decode(value, { stream: true });
      let boundary: number;
      while ((boundary = pending.indexOf('\n\n')) >= 0) {
        const block = pending.slice(0, boundary);
        pending = pending.slice(boundary + 2);
        const lines = block.split('\n');
        const event = lines.find((line) => line.startsWith('event:'))?.slice(6).trim();
        if (!event) continue; // a keep-alive comment
        const data = lines.find((line) => line.startsWith('data:'))?.slice(5).trim();
        events.push({ event, data: data ? JSON.parse(data) : null, receivedAt: performance.now() });
      }
    }
  })();
  // A cut connection (the abort in `close`) also ends the reading.
  ended.catch(() => {});
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    events,
    ended,
    /** The `next` events' results. */
    results: () => events.filter((event) => event.event === 'next').map((event) => event.data!),
    async waitFor(condition: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
      const deadline = Date.now() + timeoutMs;
      while (!condition()) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; received ${JSON.stringify(events)}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    close(): void {
      controller.abort();
    },
  };
}
