import type { DestinationStream } from 'pino';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GraphQLError } from 'graphql';
import { createYoga, type YogaInitialContext } from 'graphql-yoga';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { loadTokenKeys } from './auth/keys.ts';
import { startBackgroundJobs, type BackgroundJob } from './background.ts';
import { buildRoleTable } from './auth/roles.ts';
import { createTokenVerifier, type TokenVerifier } from './auth/verify.ts';
import type { Viewer } from './auth/viewer.ts';
import { systemClock, type Clock } from './clock.ts';
import { discoverPlugins } from './compose.ts';
import type { Config } from './config.ts';
import { createRequestContext, type ContextServices, type RequestContext } from './context.ts';
import { createActivityBus } from './events/activity-bus.ts';
import { createActivityFeed } from './events/activity-feed.ts';
import { startEventReactions, type EventReactionsOptions } from './events/reactions.ts';
import { startOutboxRelay, type Relay } from './events/relay.ts';
import { connectAppDatabase } from './db/client.ts';
import { corsFor } from './http/cors.ts';
import { maskError } from './http/mask-error.ts';
import { useDisableIntrospection } from './http/use-disable-introspection.ts';
import { useHealthChecks } from './http/use-health.ts';
import { useHiddenSuggestions } from './http/use-hidden-suggestions.ts';
import { useLimits } from './http/use-limits.ts';
import { useListBounds } from './http/use-list-bounds.ts';
import { useVariableLimits, variableLimitsFor } from './http/use-variable-limits.ts';
import { useValidationCodes } from './http/use-validation-codes.ts';
import { usePageSizeLimit } from './http/use-page-size-limit.ts';
import { useRequestLog } from './http/use-request-log.ts';
import { useSharedSubscriptionResults } from './http/use-shared-subscription-results.ts';
import { useSubscriptionExpiry } from './http/use-subscription-expiry.ts';
import { useTenantTransaction } from './http/use-tenant-transaction.ts';
import { attachGraphQLWebSocket } from './http/websocket.ts';
import { createLogger, flushLogger, type Logger } from './logger.ts';
import type { Plugin } from './plugin-api.ts';
import { buildSchema } from './schema/build.ts';
import { ForbiddenError, UnauthenticatedError } from './errors.ts';
import { createTenantDirectory } from './tenants/tenant-directory.ts';
import { readTenantStatus } from './tenants/tenant-store.ts';

export interface App {
  start(): Promise<void>;
  /** Stops accepting, lets requests in flight finish, closes sockets and the database pool. */
  stop(): Promise<void>;
  /** The GraphQL endpoint, e.g. http://127.0.0.1:4000/graphql (known once started). */
  readonly url: string;
  readonly logger: Logger;
  readonly plugins: readonly Plugin[];
  /** Numbers and publishes committed events (active on one instance per database). */
  readonly relay: Relay;
}

export interface AppOptions {
  /** Where log lines go; stdout by default. Tests pass a stream to read them. */
  logDestination?: DestinationStream;
  /** Plugins already discovered (tests pass a subset); discovered from config otherwise. */
  plugins?: readonly Plugin[];
  /** Where resolvers and background jobs read the time. Default: the system clock. */
  clock?: Clock;
  /** How the plugins' event reactions poll (tests poll more often than the default second). */
  reactions?: Pick<EventReactionsOptions, 'pollIntervalMs'>;
}

/** Composes the plugins into one schema and serves it over HTTP and WebSocket on `/graphql`. */
export async function buildApp(config: Config, options: AppOptions = {}): Promise<App> {
  const { databaseUrl: ownerUrl, appDatabaseUrl } = config;
  if (!ownerUrl || !appDatabaseUrl) throw new Error('buildApp needs config.databaseUrl and config.appDatabaseUrl: run prepareDatabase(config) first (main.ts does)');
  const logger = createLogger(config.logLevel, options.logDestination);
  const plugins = options.plugins ?? (await discoverPlugins(config));
  const roleTable = buildRoleTable(plugins);
  const keys = await loadTokenKeys(config.auth, config.dataDir);
  const topics = new Set(plugins.flatMap((plugin) => Object.keys(plugin.topics ?? {})));
  const topicPermissions = readPermissionByTopic(plugins);
  const schema = buildSchema(plugins, { maxPageSize: config.limits.maxPageSize, dataDir: config.dataDir });
  const database = connectAppDatabase(appDatabaseUrl, config.dbPoolSize, (error) => logger.warn({ err: error }, 'idle database connection lost'));
  const tenantDirectory = createTenantDirectory({
    lookup: (tenantId) => readTenantStatus((text, values) => database.pool.query(text, [...values]).then((result) => result.rows), tenantId),
    ttlMs: config.tenantCacheMs,
  });
  const verifyToken = createTokenVerifier(keys, {
    issuer: config.auth.issuer,
    audience: config.auth.audience,
    permissionsForRoles: roleTable.permissionsFor,
    tenantStatus: tenantDirectory.statusOf,
  });
  const { host, pathname } = new URL(ownerUrl);
  const bus = createActivityBus(config.redisUrl, `nexo:${host}${pathname}`, logger);
  const relay = startOutboxRelay({ connectionString: ownerUrl, bus, logger });
  const clock = options.clock ?? systemClock;
  const services = { clock, tenantDirectory, knownTopics: topics, topicPermissions, activity: createActivityFeed(bus, database.tenantTransactions, topicPermissions) };
  const production = config.env === 'production';
  const maskErrors = (error: unknown, message: string) => maskError(error, message, config.env === 'development');
  const requestLog = useRequestLog(logger);

  const yoga = createYoga<{ viewer?: Viewer | null }, RequestContext>({
    schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    cors: corsFor(config.corsOrigins),
    graphiql: production ? false : { title: 'Nexo', defaultQuery: DEFAULT_QUERY },
    // GraphiQL's scripts and styles are served inline from this package, not from a CDN: it works offline.
    renderGraphiQL,
    maskedErrors: { maskError: maskErrors },
    // 413 above it; see config.limits.maxBodyBytes.
    maxRequestBodySize: config.limits.maxBodyBytes,
    logging: false,
    context: async (initial) => requestContext(initial, verifyToken, services),
    plugins: [
      useHealthChecks({
        isDatabaseReachable: async () => {
          await database.pool.query('SELECT 1');
          return true;
        },
        isPubSubReachable: () => bus.available,
      }),
      requestLog,
      useLimits(config.limits),
      // Before every plugin that may end execution early, so that their results lose suggestions too.
      ...(production ? [useHiddenSuggestions()] : []),
      // Variables and lists are measured before anything reads them: before their coercion
      // (useValidationCodes) and before the page sizes are read.
      useVariableLimits(variableLimitsFor(config.limits)),
      useListBounds(),
      // After the limits, so that their refusals (some thrown while parsing) get a code too.
      useValidationCodes(),
      usePageSizeLimit(config.limits.maxPageSize),
      ...(production ? [useDisableIntrospection()] : []),
      useTenantTransaction(database.tenantTransactions),
      useSharedSubscriptionResults(maskErrors),
      useSubscriptionExpiry(),
    ],
  });

  const server: Server = createServer(yoga);
  const inFlight = trackResponsesInFlight(server);
  const sockets = attachGraphQLWebSocket({ server, yoga, verifyToken, logger, maxMessageBytes: config.limits.maxBodyBytes });
  let url = '';
  let stopping: Promise<void> | undefined;
  let backgroundJobs: BackgroundJob | undefined;
  let reactions: BackgroundJob | undefined;

  return {
    get url() {
      return url;
    },
    logger,
    plugins,
    relay,
    async start() {
      // Not a condition of starting (an instance without pub/sub starts, not ready): a head start,
      // so that a healthy instance is ready, and takes subscriptions, from its first request.
      await bus.connecting;
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.port, config.host, () => resolve());
      });
      const { port } = server.address() as AddressInfo;
      url = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}/graphql`;
      if (config.backgroundJobs) {
        backgroundJobs = startBackgroundJobs(plugins, { clock, prisma: database.prisma, transactions: database.tenantTransactions, logger, knownTopics: topics });
        reactions = startEventReactions({
          ...options.reactions,
          plugins,
          bus,
          transactions: database.tenantTransactions,
          queryWithoutTenant: (text, values) => database.pool.query(text, [...values]).then((result) => result.rows),
          knownTopics: topics,
          clock,
          logger,
        });
      }
      logger.info({ url, plugins: plugins.map((plugin) => plugin.name), auth: keys.source }, 'nexo listening');
    },
    stop() {
      stopping ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        // Answers still being prepared go out with `Connection: close`, so their keep-alive
        // connections end with them instead of idling until the grace period.
        inFlight.closeAfterResponding();
        server.closeIdleConnections();
        await sockets.close();
        const grace = setTimeout(() => server.closeAllConnections(), 10_000);
        await closed;
        clearTimeout(grace);
        await yoga.dispose();
        await backgroundJobs?.stop();
        await reactions?.stop();
        await relay.stop();
        await bus.close();
        await database.close();
        await flushLogger(logger);
      })();
      return stopping;
    },
  };
}

async function requestContext(initial: YogaInitialContext & { viewer?: Viewer | null }, verifyToken: TokenVerifier, services: ContextServices): Promise<RequestContext> {
  // WebSocket connections authenticate once, in connection_init, and hand the viewer over here.
  if (initial.viewer !== undefined) return createRequestContext(initial.viewer, services);
  try {
    return createRequestContext(await verifyToken(initial.request.headers.get('authorization')), services);
  } catch (error) {
    if (error instanceof UnauthenticatedError) throw unauthenticatedResponse(error);
    if (error instanceof ForbiddenError) throw forbiddenResponse(error);
    throw error;
  }
}

function trackResponsesInFlight(server: Server) {
  const responses = new Set<ServerResponse>();
  server.on('request', (_request, response: ServerResponse) => {
    responses.add(response);
    response.once('close', () => responses.delete(response));
  });
  return {
    closeAfterResponding() {
      for (const response of responses) if (!response.headersSent) response.setHeader('connection', 'close');
    },
  };
}

/** Readers of a topic need its area's read permission (`profile:read` for `customer.*` …). */
function readPermissionByTopic(plugins: readonly Plugin[]): Map<string, string> {
  const byTopic = new Map<string, string>();
  for (const plugin of plugins) {
    const read = Object.keys(plugin.permissions ?? {}).find((permission) => permission.endsWith(':read'));
    if (!read) continue;
    for (const topic of Object.keys(plugin.topics ?? {})) byTopic.set(topic, read);
  }
  return byTopic;
}

/** A bad token refuses the whole request with 401, before any field runs. */
function unauthenticatedResponse(error: UnauthenticatedError): GraphQLError {
  return new GraphQLError(error.message, {
    extensions: { code: error.code, http: { status: 401, headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' } } },
  });
}

/** A valid token of a disabled tenant refuses the whole request with 403: another token would not help. */
function forbiddenResponse(error: ForbiddenError): GraphQLError {
  return new GraphQLError(error.message, { extensions: { code: error.code, http: { status: 403 } } });
}

/** What GraphiQL shows on first open (scripts/check-graphiql.ts looks for it). */
export const DEFAULT_QUERY = `# Paste the admin token printed at start-up into the Headers tab:
# { "Authorization": "Bearer <token>" }
query Customers {
  customers(first: 10, orderBy: { field: UPDATED_AT, direction: DESC }) {
    totalCount
    edges {
      node {
        id
        displayName
        audiences
        primaryEmail
        ... on Person { memberships { organization { displayName } title } }
      }
    }
  }
}
`;
