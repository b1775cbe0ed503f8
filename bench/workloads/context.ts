import type { GraphQLClient, GraphQLResult } from '../lib/graphql-http.ts';
import type { RequestLog } from '../lib/request-log.ts';
import type { NexoProcess } from '../lib/server.ts';
import type { SideFigures } from '../lib/closed-loop.ts';
import type { TenantSql } from '../lib/tenant-sql.ts';
import type { BaselineEndpoint } from '../lib/baseline-endpoint.ts';

/** The tenant every workload reads and writes: the demo tenant, sized by `--customers`. */
export const TENANT = 'demo';

/** What every workload runs with. */
export interface WorkloadContext {
  server: NexoProcess;
  client: GraphQLClient;
  /** Hand-written SQL as the application role, tenant set per transaction: for setup and checks. */
  sql: TenantSql;
  /** The baseline every workload is measured against: the same SQL served by a bare node:http endpoint. */
  baseline: BaselineEndpoint;
  requestLog: RequestLog;
  /** A viewer of tenant demo (every `*:read`). */
  readToken: string;
  /** Sales of tenant demo (`interactions:write`). */
  writeToken: string;
  settings: {
    readConcurrency: number;
    writeConcurrency: number;
    rounds: number;
    roundMs: number;
    warmUpMs: number;
  };
  /** CPU ms used so far by the server, its PostgreSQL (when on this machine) and the benchmark. */
  cpuCounters: () => Record<string, number>;
}

/** The options of runRounds every workload shares. */
export function roundsOptions(context: WorkloadContext, label: string, kind: 'read' | 'write') {
  const { settings } = context;
  return {
    label,
    concurrency: kind === 'read' ? settings.readConcurrency : settings.writeConcurrency,
    rounds: settings.rounds,
    roundMs: settings.roundMs,
    warmUpMs: settings.warmUpMs,
    cpuCounters: context.cpuCounters,
  };
}

export type WorkloadName = 'customer-360' | 'list' | 'list-deep' | 'write' | 'pipeline-board' | 'agent-queue' | 'fanout';

/** One line of the result: the figures issue 5 asks for, and what else explains them. */
export interface WorkloadResult {
  name: WorkloadName;
  nexo: SideFigures | null;
  baseline: SideFigures | null;
  /** Median SQL statements per Nexo request, read from the server's request log. */
  statementsPerRequest: number | null;
  details: Record<string, unknown>;
}

/** Posts an operation and returns its data, or throws with what went wrong. */
export async function graphql<Data>(context: WorkloadContext, token: string, query: string, variables: Record<string, unknown> = {}): Promise<Data> {
  const { status, result } = await context.client.post<Data>(token, query, variables);
  return dataOf(status, result);
}

export function dataOf<Data>(status: number, result: GraphQLResult<Data>): Data {
  if (status !== 200 || result.errors?.length || !result.data) {
    throw new Error(`GraphQL request failed (HTTP ${status}): ${JSON.stringify(result.errors ?? result).slice(0, 500)}`);
  }
  return result.data;
}

/** A stable text of a JSON value, its object keys sorted: two answers are the same when their texts are. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner,
  );
}

/** The first place two JSON values differ, e.g. `customer.timeline.edges.3.node.payload.amount: "49.90" ≠ "49.9"`. */
export function firstDifference(left: unknown, right: unknown, path = ''): string | null {
  if (canonicalJson(left) === canonicalJson(right)) return null;
  if (left && right && typeof left === 'object' && typeof right === 'object' && Array.isArray(left) === Array.isArray(right)) {
    const keys = new Set([...Object.keys(left), ...Object.keys(right)]);
    if (Array.isArray(left) && left.length !== (right as unknown[]).length) return `${path || '(root)'}: ${left.length} items ≠ ${(right as unknown[]).length} items`;
    for (const key of keys) {
      const difference = firstDifference((left as Record<string, unknown>)[key], (right as Record<string, unknown>)[key], path ? `${path}.${key}` : key);
      if (difference) return difference;
    }
  }
  return `${path || '(root)'}: ${JSON.stringify(left)?.slice(0, 200)} ≠ ${JSON.stringify(right)?.slice(0, 200)}`;
}

/** A timestamp as the API writes it (ISO 8601 in UTC, milliseconds) from PostgreSQL's JSON rendering of a zone-less UTC timestamp. */
export function isoUtc(value: string | null): string | null {
  if (value === null) return null;
  return new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value}Z`).toISOString();
}
