import { request } from 'node:http';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestServer, type TestServer } from './support/server.ts';

const IN_FLIGHT = 20;

// `server` stays up for the whole file; `stopping` is shut down by its test, with a pool large
// enough that every in-flight request holds its own database connection.
let server: TestServer;
let stopping: TestServer;
let stoppedByTest = false;
beforeAll(async () => {
  [server, stopping] = await Promise.all([startTestServer(), startTestServer({ environment: { NEXO_DB_POOL_SIZE: String(IN_FLIGHT) } })]);
});
afterAll(() => Promise.all([server?.stop(), stoppedByTest ? dropDatabaseOf(stopping) : stopping?.stop()]));

/** TestServer.stop() would stop the app a second time (App.stop() is not idempotent); only the database is left. */
async function dropDatabaseOf(target: TestServer): Promise<void> {
  const admin = new pg.Client({ connectionString: inject('adminDatabaseUrl') });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${new URL(target.ownerDatabaseUrl).pathname.slice(1)}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

function requestLines(target: TestServer, operation?: string | null) {
  return target.logs.filter((line) => line.msg === 'graphql request' && (operation === undefined || line.operation === operation));
}

/** Resolves with the error of a request on a brand-new connection (no keep-alive socket to reuse). */
function freshConnectionError(url: string): Promise<NodeJS.ErrnoException | null> {
  return new Promise((resolve) => {
    const outgoing = request(url, { method: 'GET', agent: false, headers: { accept: 'application/json' } }, (response) => {
      response.resume();
      resolve(null);
    });
    outgoing.on('error', (error) => resolve(error));
    outgoing.end();
  });
}

async function waitFor(condition: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('health checks', () => {
  it('GET /healthz answers 200 {status: ok}', async () => {
    const response = await fetch(new URL('/healthz', server.url));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('GET /readyz answers 200 ready while the database answers', async () => {
    const response = await fetch(new URL('/readyz', server.url));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ready' });
  });

  it('health checks are not logged as GraphQL requests', async () => {
    const before = requestLines(server).length;
    await fetch(new URL('/healthz', server.url)).then((response) => response.text());
    await fetch(new URL('/readyz', server.url)).then((response) => response.text());
    expect(requestLines(server)).toHaveLength(before);
  });
});

describe('request log', () => {
  it('writes one line per request with its operation, status, duration and SQL statement count', async () => {
    const list = await server.graphql('query LoggedList { customers(first: 5) { totalCount edges { node { id } } } }');
    expect(list.status).toBe(200);
    const anonymous = await server.graphql('query LoggedAnonymous { viewer { subject } }', undefined, { token: null });
    expect(anonymous.data).toEqual({ viewer: null });
    const refused = await server.graphql('query LoggedRefused { customers(first: 500) { totalCount } }');
    expect(refused.errors?.[0]?.extensions?.code).toBe('VALIDATION');

    const [listLine, ...extraList] = requestLines(server, 'LoggedList');
    expect(extraList).toEqual([]);
    expect(listLine).toMatchObject({ operation: 'LoggedList', type: 'query', status: 200, tenant: 'demo', errors: 0 });
    expect(listLine!.statements).toBeGreaterThan(0);
    expect(listLine!.durationMs).toBeGreaterThan(0);
    expect(listLine!.requestId).toEqual(expect.any(String));

    const [anonymousLine, ...extraAnonymous] = requestLines(server, 'LoggedAnonymous');
    expect(extraAnonymous).toEqual([]);
    expect(anonymousLine).toMatchObject({ status: 200, statements: 0, errors: 0 });
    expect(anonymousLine!.tenant).toBeUndefined();

    const [refusedLine, ...extraRefused] = requestLines(server, 'LoggedRefused');
    expect(extraRefused).toEqual([]);
    expect(refusedLine).toMatchObject({ status: 200, statements: 0, errors: 1 });
    expect(new Set([listLine!.requestId, anonymousLine!.requestId, refusedLine!.requestId]).size).toBe(3);
  });
});

describe('graceful shutdown', () => {
  it('lets every request in flight finish with its data, refuses new connections, and logs each request', async () => {
    // An exclusive lock on the customers table holds each list query inside the database, so the
    // requests are provably in flight (not merely sent) when stop() is called.
    const locker = new pg.Client({ connectionString: stopping.ownerDatabaseUrl });
    // A second connection: pg_stat_activity is a snapshot frozen for the length of a transaction.
    const observer = new pg.Client({ connectionString: stopping.ownerDatabaseUrl });
    await Promise.all([locker.connect(), observer.connect()]);
    try {
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE "Customer" IN ACCESS EXCLUSIVE MODE');

      const requests = Array.from({ length: IN_FLIGHT }, (_, index) =>
        stopping.graphql('query InFlight($first: Int) { customers(first: $first) { totalCount edges { node { id } } } }', { first: index + 1 }),
      );
      const database = new URL(stopping.ownerDatabaseUrl).pathname.slice(1);
      await waitFor(async () => {
        const { rows } = await observer.query<{ waiting: number }>(
          `SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE datname = $1 AND application_name = 'nexo' AND wait_event_type = 'Lock'`,
          [database],
        );
        return rows[0]!.waiting === IN_FLIGHT;
      }, `${IN_FLIGHT} requests blocked on the lock`);

      const stopped = stopping.app.stop();
      stoppedByTest = true;
      const lateError = await freshConnectionError(stopping.url);
      expect(lateError?.code).toBe('ECONNREFUSED');

      await locker.query('COMMIT');
      const results = await Promise.all(requests);
      const answeredAt = performance.now();
      await stopped;
      const stopLingeredMs = performance.now() - answeredAt;

      results.forEach((result, index) => {
        expect(result.status).toBe(200);
        expect(result.errors).toBeUndefined();
        expect(result.data!.customers.totalCount).toBe(2329);
        expect(result.data!.customers.edges).toHaveLength(index + 1);
      });
      const lines = requestLines(stopping, 'InFlight');
      expect(lines).toHaveLength(IN_FLIGHT);
      for (const line of lines) {
        expect(line).toMatchObject({ operation: 'InFlight', status: 200, errors: 0 });
        expect(line.statements).toBeGreaterThan(0);
        expect(line.durationMs).toBeGreaterThan(0);
      }
      expect(stopLingeredMs).toBeLessThan(1000);
    } finally {
      await Promise.all([locker.end(), observer.end()]);
    }
  });
});
