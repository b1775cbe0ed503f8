import type { GraphQLClient, GraphQLResult } from '../lib/graphql-http.ts';
import type { RequestLog } from '../lib/request-log.ts';
import { median } from '../lib/stats.ts';
import type { NexoProcess } from '../lib/server.ts';
import type { Operation, SideFigures } from '../lib/closed-loop.ts';
import type { TenantSql } from '../lib/tenant-sql.ts';
import type { BaselineEndpoint } from '../lib/baseline-endpoint.ts';
import type { StatementVariants } from './statement-variants.ts';

/** The tenant every workload reads and writes: the demo tenant, sized by `--customers`. */
export const TENANT = 'demo';

/** A running Nexo the benchmark loads: its process, a client for it, and its request log. */
export interface NexoBuild {
  /** How the report names it: "Nexo" against the SQL baseline; "this build", or the ref given to --against. */
  label: string;
  server: NexoProcess;
  client: GraphQLClient;
  requestLog: RequestLog;
}

/**
 * What this build is measured against: the hand-written SQL served by a bare node:http endpoint,
 * or another build of Nexo (--against) on the same database, which answers the same GraphQL.
 */
export type Opponent = { kind: 'sql'; label: string; endpoint: BaselineEndpoint } | { kind: 'build'; label: string; build: NexoBuild };

/** What every workload runs with. */
export interface WorkloadContext {
  /** The build in this checkout. */
  nexo: NexoBuild;
  opponent: Opponent;
  /** Hand-written SQL as the application role, tenant set per transaction: for setup and checks. */
  sql: TenantSql;
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
  /**
   * CPU ms used so far by this build's `server`, the opponent's (`other server`), PostgreSQL (when
   * on this machine) and the benchmark.
   */
  cpuCounters: () => Record<string, number>;
}

/** "Nexo and the SQL baseline", "this build and main": who answered differently, in error messages. */
export function bothSides(context: WorkloadContext): string {
  return `${context.nexo.label} and ${context.opponent.kind === 'sql' ? 'the SQL baseline' : context.opponent.label}`;
}

/** Calls a handler of the SQL baseline endpoint: only the SQL side of a run against it does. */
export function callBaseline<Answer>(context: WorkloadContext, handler: string, input: unknown): Promise<Answer> {
  if (context.opponent.kind !== 'sql') throw new Error(`the SQL baseline's ${handler} was called in a run against ${context.opponent.label}`);
  return context.opponent.endpoint.call<Answer>(handler, input);
}

/** The opponent's answer to a request: the same operation on the build of --against, or the SQL baseline's. */
export function opponentAnswer<Answer>(context: WorkloadContext, onBuild: (build: NexoBuild) => Promise<Answer>, onSql: () => Promise<Answer>): Promise<Answer> {
  return context.opponent.kind === 'build' ? onBuild(context.opponent.build) : onSql();
}

/**
 * The two sides of a workload's rounds, by label: the operation on this build, and the same
 * operation on the build of --against or the SQL baseline's. `suffix` tells apart variants
 * measured in the same rounds (list pages).
 */
export function sidesOf(context: WorkloadContext, onBuild: (build: NexoBuild) => Operation, onSql: Operation, suffix = ''): Record<string, Operation> {
  const { nexo, opponent } = context;
  return { [`${nexo.label}${suffix}`]: onBuild(nexo), [`${opponent.label}${suffix}`]: opponent.kind === 'build' ? onBuild(opponent.build) : onSql };
}

/** This build's and the opponent's figures out of rounds run on `sidesOf`. */
export function figuresOf(context: WorkloadContext, figures: Record<string, SideFigures>, suffix = ''): { nexo: SideFigures; other: SideFigures } {
  return { nexo: figures[`${context.nexo.label}${suffix}`]!, other: figures[`${context.opponent.label}${suffix}`]! };
}

/** The median SQL statements per request of `operation` in each build's request log; the SQL baseline logs none. */
export async function statementsOf(context: WorkloadContext, operation: string): Promise<{ nexo: number; other: number | null }> {
  const of = async (build: NexoBuild) => {
    await build.requestLog.read();
    return median(build.requestLog.linesOf(operation).map((line) => line.statements));
  };
  return { nexo: await of(context.nexo), other: context.opponent.kind === 'build' ? await of(context.opponent.build) : null };
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

export type WorkloadName =
  | 'customer-360' | 'list' | 'list-deep' | 'write' | 'pipeline-board' | 'agent-queue' | 'fanout'
  | 'segment-preview' | 'segment-evaluate' | 'segment-incremental' | 'identity-matching';

/** One line of the result: the figures issue 5 asks for, and what else explains them. */
export interface WorkloadResult {
  name: WorkloadName;
  /** This build's figures. */
  nexo: SideFigures | null;
  /** The opponent's figures: the SQL baseline's or the build of --against's (null where it does not run the workload). */
  other: SideFigures | null;
  /** Median SQL statements per request of the measured rounds, from each build's request log (`other` null against SQL). */
  statementsPerRequest: { nexo: number | null; other: number | null };
  /** Statements per request of the same request under inputs that must not change them: page size, a customer's history … */
  statementVariants: StatementVariants | null;
  details: Record<string, unknown>;
}

/** Posts an operation to a build and returns its data, or throws with what went wrong. */
export async function graphql<Data>(build: Pick<NexoBuild, 'client'>, token: string, query: string, variables: Record<string, unknown> = {}): Promise<Data> {
  const { status, result } = await build.client.post<Data>(token, query, variables);
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
