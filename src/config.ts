import { resolve } from 'node:path';
import { z } from 'zod';

/** Every setting Nexo reads from the environment, parsed and validated in one place. */
export interface Config {
  /** `development` shows GraphiQL, introspection and error details; `production` hides them. */
  env: 'development' | 'production' | 'test';
  /** HTTP port; 0 picks a free one. Default 4000. */
  port: number;
  /** Interface to bind. Default 127.0.0.1 outside production, 0.0.0.0 in production. */
  host: string;
  /** Where the embedded PostgreSQL, the generated JWT secret and other local state live. Default `.data`. */
  dataDir: string;
  /**
   * Owner connection (runs migrations and seeding). When unset, an embedded PostgreSQL is started
   * under `dataDir` and this is filled in by the launcher.
   */
  databaseUrl: string | undefined;
  /**
   * The application's own connection: a role that owns no tables and has no BYPASSRLS. When unset
   * it is derived from `databaseUrl` with the user `nexo_app`.
   */
  appDatabaseUrl: string | undefined;
  /** Connections in the application pool. Default 10. */
  dbPoolSize: number;
  auth: {
    /** HS256 shared secret; when unset and no JWKS is given, one is generated into `dataDir`. */
    jwtSecret: string | undefined;
    /** URL of a JSON Web Key Set for asymmetric tokens (RS256, ES256, EdDSA). */
    jwksUrl: string | undefined;
    /** Path of a local JWKS file, the offline alternative to `jwksUrl`. */
    jwksFile: string | undefined;
    /** Expected `iss`. Default `nexo`. */
    issuer: string;
    /** Expected `aud`. Default `nexo-api`. */
    audience: string;
  };
  /**
   * How long, in ms, this instance trusts a tenant's status (exists, active or disabled) once read:
   * a tenant disabled elsewhere is refused here within that time. Default 5000.
   */
  tenantCacheMs: number;
  /**
   * Browser origins (`https://app.example.com`: scheme, host and port) whose pages may call the API
   * across origins (CORS). Default none, in every environment: GraphiQL is served by Nexo itself
   * (same origin), and clients outside a browser do not use CORS.
   */
  corsOrigins: string[];
  /** Names of the plugins to load; undefined loads every folder under `plugins/`. */
  enabledPlugins: string[] | undefined;
  /** Folder the plugins are discovered in. Default `<repo>/plugins`. */
  pluginsDir: string;
  /** Seed demo data on first start. Default true outside production. */
  seedDemoData: boolean;
  /** Run the plugins' background jobs (the ticket escalation scheduler …) on this instance. Default true. */
  backgroundJobs: boolean;
  /** Redis URL for pub/sub across instances; in-process pub/sub when unset. */
  redisUrl: string | undefined;
  /** pino level. Default `info` (`silent` in tests). */
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  limits: {
    /** Deepest selection allowed. Default 12. */
    maxDepth: number;
    /** Aliases per operation. Default 30. */
    maxAliases: number;
    /** Tokens per document. Default 5000. */
    maxTokens: number;
    /** Cost budget per operation (graphql-armor cost limit). Default 20000. */
    maxCost: number;
    /** Largest `first`/`last` a connection accepts, and the most ids `nodes(ids:)` takes. Default 100. */
    maxPageSize: number;
    /**
     * Largest request body in bytes, over HTTP and per WebSocket message; larger ones are answered
     * 413. Default 4 MiB + 64 KiB: the largest legal request, a `recordInteractions` batch of 1,000
     * items at about 4 KiB each, plus its document.
     */
    maxBodyBytes: number;
    /**
     * Most list items (at any depth, JSON included) all variables of one request may hold together,
     * counted before anything runs. Default 250,000: a full batch of 1,000 interactions with 200
     * product lines each (201,000) fits.
     */
    maxVariableListItems: number;
  };
}

const repoRoot = resolve(import.meta.dirname, '..');

const optionalString = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value));

/** An origin exactly as a browser sends it in `Origin`: http(s), lower-case host, no default port, no path. */
const browserOrigin = z.string().refine((value) => {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value;
  } catch {
    return false;
  }
}, 'each origin must be written as a browser sends it: scheme://host[:port], lower case, without a path or trailing slash (e.g. https://app.example.com)');

const environmentSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: optionalString,
  NEXO_DATA_DIR: z.string().default('.data'),
  DATABASE_URL: optionalString.pipe(z.url().optional()),
  NEXO_APP_DATABASE_URL: optionalString.pipe(z.url().optional()),
  NEXO_DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  NEXO_JWT_SECRET: optionalString.pipe(z.string().min(32, 'NEXO_JWT_SECRET must be at least 32 characters').optional()),
  NEXO_JWKS_URL: optionalString.pipe(z.url().optional()),
  NEXO_JWKS_FILE: optionalString,
  NEXO_JWT_ISSUER: z.string().default('nexo'),
  NEXO_JWT_AUDIENCE: z.string().default('nexo-api'),
  NEXO_TENANT_CACHE_MS: z.coerce.number().int().min(0).max(60_000).default(5_000),
  NEXO_CORS_ORIGINS: optionalString.transform((value) => value?.split(',').map((origin) => origin.trim()).filter(Boolean) ?? []).pipe(z.array(browserOrigin)),
  NEXO_PLUGINS: optionalString,
  NEXO_PLUGINS_DIR: optionalString,
  NEXO_SEED_DEMO: z.enum(['true', 'false']).optional(),
  NEXO_BACKGROUND_JOBS: z.enum(['true', 'false']).default('true'),
  NEXO_REDIS_URL: optionalString.pipe(z.url().optional()),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
  NEXO_MAX_DEPTH: z.coerce.number().int().min(2).default(12),
  NEXO_MAX_ALIASES: z.coerce.number().int().min(1).default(30),
  NEXO_MAX_TOKENS: z.coerce.number().int().min(100).default(5000),
  NEXO_MAX_COST: z.coerce.number().int().min(100).default(20000),
  NEXO_MAX_PAGE_SIZE: z.coerce.number().int().min(1).max(1000).default(100),
  NEXO_MAX_BODY_BYTES: z.coerce.number().int().min(64 * 1024).default(1_000 * 4 * 1024 + 64 * 1024),
  NEXO_MAX_VARIABLE_LIST_ITEMS: z.coerce.number().int().min(1_000).default(250_000),
});

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Reads the environment; throws a ConfigError naming every bad variable at once. */
export function loadConfig(environment: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const parsed = environmentSchema.safeParse(environment);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${problems.join('\n')}`);
  }
  const e = parsed.data;
  const config: Config = {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST ?? (e.NODE_ENV === 'production' ? '0.0.0.0' : '127.0.0.1'),
    dataDir: resolve(e.NEXO_DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    appDatabaseUrl: e.NEXO_APP_DATABASE_URL,
    dbPoolSize: e.NEXO_DB_POOL_SIZE,
    auth: {
      jwtSecret: e.NEXO_JWT_SECRET,
      jwksUrl: e.NEXO_JWKS_URL,
      jwksFile: e.NEXO_JWKS_FILE ? resolve(e.NEXO_JWKS_FILE) : undefined,
      issuer: e.NEXO_JWT_ISSUER,
      audience: e.NEXO_JWT_AUDIENCE,
    },
    tenantCacheMs: e.NEXO_TENANT_CACHE_MS,
    corsOrigins: e.NEXO_CORS_ORIGINS,
    enabledPlugins: e.NEXO_PLUGINS?.split(',').map((name) => name.trim()).filter(Boolean),
    pluginsDir: e.NEXO_PLUGINS_DIR ? resolve(e.NEXO_PLUGINS_DIR) : resolve(repoRoot, 'plugins'),
    seedDemoData: e.NEXO_SEED_DEMO ? e.NEXO_SEED_DEMO === 'true' : e.NODE_ENV !== 'production',
    backgroundJobs: e.NEXO_BACKGROUND_JOBS === 'true',
    redisUrl: e.NEXO_REDIS_URL,
    logLevel: e.LOG_LEVEL ?? (e.NODE_ENV === 'test' ? 'silent' : 'info'),
    limits: {
      maxDepth: e.NEXO_MAX_DEPTH,
      maxAliases: e.NEXO_MAX_ALIASES,
      maxTokens: e.NEXO_MAX_TOKENS,
      maxCost: e.NEXO_MAX_COST,
      maxPageSize: e.NEXO_MAX_PAGE_SIZE,
      maxBodyBytes: e.NEXO_MAX_BODY_BYTES,
      maxVariableListItems: e.NEXO_MAX_VARIABLE_LIST_ITEMS,
    },
  };
  return { ...config, ...overrides };
}
