import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import pg from 'pg';
import { inject } from 'vitest';
import { buildApp, type App } from '../../src/app.ts';
import { systemClock, type Clock } from '../../src/clock.ts';
import { loadTokenKeys } from '../../src/auth/keys.ts';
import { signDevelopmentToken } from '../../src/auth/sign.ts';
import { discoverPlugins } from '../../src/compose.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import type { Plugin } from '../../src/plugin-api.ts';
import { appUrlFor, databaseUrl, withAdmin } from './template.ts';

export const TEST_JWT_SECRET = 'nexo-test-secret-that-is-long-enough-0123456789';

export interface TokenRequest {
  tenant?: string;
  roles?: string[];
  subject?: string;
  /** Time span such as '1h' (the default) or '2s'. */
  expiresIn?: string;
}

export interface GraphQLResponse<Data = Record<string, any>> {
  status: number;
  data?: Data | null | undefined;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, any> }[];
  extensions?: Record<string, unknown>;
}

export interface TestServer {
  app: App;
  config: Config;
  /** The server's clock: a test makes its inputs' times from it, never from the wall clock. */
  clock: Clock;
  /** http://127.0.0.1:<port>/graphql */
  url: string;
  /** Owner connection to this server's own database (bypasses nothing: RLS is forced; set app.tenant_id). */
  ownerDatabaseUrl: string;
  /** The app role's connection to this server's database. */
  appDatabaseUrl: string;
  /** An owner connection to this server's database, for reading what the API wrote (closed on stop). */
  owner: pg.Client;
  /** Parsed JSON log lines written so far. */
  logs: Record<string, any>[];
  token(request?: TokenRequest): Promise<string>;
  /**
   * POSTs a GraphQL operation (a typed document from tests/documents, or a string); `token: null`
   * sends no Authorization header. Default: an admin of tenant demo.
   */
  graphql<Data = Record<string, any>, Variables = Record<string, unknown>>(
    query: string | TypedDocumentNode<Data, Variables>,
    variables?: Variables,
    options?: { token?: string | null; as?: TokenRequest },
  ): Promise<GraphQLResponse<Data>>;
  stop(): Promise<void>;
}

/**
 * A real Nexo on an ephemeral port, on a database of its own cloned from the seeded template.
 * `plugins` builds the schema from a subset (with their dependencies listed explicitly).
 */
export interface TestServerOptions {
  plugins?: string[];
  environment?: Record<string, string>;
  extraPlugins?: Plugin[];
  /** Run as a second instance on another test server's database (that server drops it). */
  shareDatabaseWith?: TestServer;
  /** Where the server reads the time; a test that needs "now" sets it here. Default: the system clock. */
  clock?: Clock;
  /** How often event reactions poll the database (with NEXO_BACKGROUND_JOBS=true). Default: the app's. */
  reactionPollIntervalMs?: number;
}

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const adminUrl = inject('adminDatabaseUrl');
  const shared = options.shareDatabaseWith;
  const database = shared ? new URL(shared.ownerDatabaseUrl).pathname.slice(1) : `nexo_test_${randomBytes(5).toString('hex')}`;
  if (!shared) await withAdmin(adminUrl, (admin) => admin.query(`CREATE DATABASE ${database} TEMPLATE ${inject('templateDatabase')}`));
  const ownerDatabaseUrl = databaseUrl(adminUrl, database);
  const appDatabaseUrl = appUrlFor(ownerDatabaseUrl);
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    DATABASE_URL: ownerDatabaseUrl,
    NEXO_APP_DATABASE_URL: appDatabaseUrl,
    NEXO_JWT_SECRET: TEST_JWT_SECRET,
    NEXO_DATA_DIR: shared?.config.dataDir ?? (await mkdtemp(join(tmpdir(), 'nexo-server-'))),
    LOG_LEVEL: 'info',
    // Background jobs (the escalation scheduler) would act on the seeded data in every test file
    // and write events those tests do not expect; the tests of a job turn it on.
    NEXO_BACKGROUND_JOBS: 'false',
    ...(options.plugins ? { NEXO_PLUGINS: options.plugins.join(',') } : {}),
    ...options.environment,
  });
  const clock = options.clock ?? systemClock;
  const logs: Record<string, any>[] = [];
  const logDestination = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n')) if (line.trim()) logs.push(JSON.parse(line));
      done();
    },
  });
  const app = await buildApp(config, {
    plugins: [...(await discoverPlugins(config)), ...(options.extraPlugins ?? [])],
    logDestination,
    clock,
    ...(options.reactionPollIntervalMs ? { reactions: { pollIntervalMs: options.reactionPollIntervalMs } } : {}),
  });
  await app.start();
  const keys = await loadTokenKeys(config.auth, config.dataDir);
  const owner = new pg.Client({ connectionString: ownerDatabaseUrl, options: '-c TimeZone=UTC' });
  await owner.connect();
  // A test that drops the database itself ends this connection from the server side.
  owner.on('error', () => {});

  const token = (request: TokenRequest = {}) =>
    signDevelopmentToken(keys, {
      subject: request.subject ?? 'test-user',
      tenant: request.tenant ?? 'demo',
      roles: request.roles ?? ['admin'],
      issuer: config.auth.issuer,
      audience: config.auth.audience,
      expiresIn: request.expiresIn ?? '1h',
    });

  return {
    app,
    config,
    clock,
    url: app.url,
    ownerDatabaseUrl,
    appDatabaseUrl,
    owner,
    logs,
    token,
    async graphql(query, variables, requestOptions = {}) {
      const bearer = requestOptions.token === undefined ? await token(requestOptions.as) : requestOptions.token;
      const operation = { query: typeof query === 'string' ? query : print(query), variables };
      const response = await fetch(app.url, {
        method: 'POST',
        headers: {
          ...(multipartBody(operation) ? {} : { 'content-type': 'application/json' }),
          accept: 'application/graphql-response+json',
          ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
        },
        body: multipartBody(operation) ?? JSON.stringify(operation),
      });
      return { status: response.status, ...((await response.json()) as object) };
    },
    async stop() {
      await owner.end();
      await app.stop();
      if (!shared) await withAdmin(adminUrl, (admin) => admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`));
    },
  };
}

/**
 * A GraphQL multipart request (the multipart request specification) when a variable is a file
 * (a Blob): the operation with null in its place, the map, and the file parts; null otherwise.
 */
function multipartBody(operation: { query: string; variables?: unknown }): FormData | null {
  const variables = (operation.variables ?? {}) as Record<string, unknown>;
  const files = Object.entries(variables).filter(([, value]) => value instanceof Blob) as [string, Blob][];
  if (files.length === 0) return null;
  const form = new FormData();
  form.set('operations', JSON.stringify({ ...operation, variables: { ...variables, ...Object.fromEntries(files.map(([name]) => [name, null])) } }));
  form.set('map', JSON.stringify(Object.fromEntries(files.map(([name], index) => [String(index), [`variables.${name}`]]))));
  files.forEach(([, file], index) => form.set(String(index), file));
  return form;
}
