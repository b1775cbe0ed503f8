import { Agent } from 'node:http';
import { keepAliveRequest } from './keep-alive-request.ts';

/** A GraphQL response as the server sends it. */
export interface GraphQLResult<Data> {
  data?: Data | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

export interface TimedResult<Data> {
  status: number;
  result: GraphQLResult<Data>;
  /** `performance.now()` just before the request was handed to the network. */
  sentAt: number;
  /** `performance.now()` once the whole response body was read: the server's acknowledgement. */
  receivedAt: number;
}

/**
 * POSTs one operation with `fetch` (undici keeps the connection alive between calls, as a real
 * client would) and times it from send to the last byte of the answer.
 */
export async function postGraphQL<Data>(url: string, token: string, query: string, variables: Record<string, unknown> = {}): Promise<TimedResult<Data>> {
  const body = JSON.stringify({ query, variables });
  const sentAt = performance.now();
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', authorization: `Bearer ${token}` },
    body,
  });
  const text = await response.text();
  const receivedAt = performance.now();
  let result: GraphQLResult<Data>;
  try {
    result = JSON.parse(text) as GraphQLResult<Data>;
  } catch {
    throw new Error(`HTTP ${response.status} with a body that is not JSON: ${text.slice(0, 200)}`);
  }
  return { status: response.status, result, sentAt, receivedAt };
}

/**
 * A lean client for load generation: `node:http` over a keep-alive agent, one socket per request
 * in flight. Lighter on the benchmark's own CPU than `fetch`, so more of the machine is left to the
 * server being measured (the benchmark, the server and PostgreSQL share it).
 */
export class GraphQLClient {
  private readonly url: URL;
  private readonly agent: Agent;

  constructor(url: string, options: { connections: number }) {
    this.url = new URL(url);
    this.agent = new Agent({ keepAlive: true, maxSockets: options.connections, maxFreeSockets: options.connections });
  }

  post<Data>(token: string, query: string, variables: Record<string, unknown> = {}): Promise<{ status: number; result: GraphQLResult<Data> }> {
    const body = JSON.stringify({ query, variables });
    return keepAliveRequest(
      this.url,
      {
        method: 'POST',
        agent: this.agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          accept: 'application/graphql-response+json',
          authorization: `Bearer ${token}`,
        },
      },
      body,
    ).then(({ status, text }) => {
      try {
        return { status, result: JSON.parse(text) as GraphQLResult<Data> };
      } catch {
        throw new Error(`HTTP ${status} with a body that is not JSON: ${text.slice(0, 200)}`);
      }
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
