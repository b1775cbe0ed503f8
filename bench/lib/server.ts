import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import pg from 'pg';
import { deriveAppDatabaseUrl, ensureAppRole } from '../../src/db/app-role.ts';
import { loadTokenKeys } from '../../src/auth/keys.ts';
import { signDevelopmentToken } from '../../src/auth/sign.ts';
import { discoverPlugins } from '../../src/compose.ts';
import { loadConfig } from '../../src/config.ts';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../src/db/embedded.ts';
import { prepareDatabase } from '../../src/db/prepare.ts';
import { DEMO_TENANTS, seedDemoData } from '../../src/db/seed.ts';
import { cpuWithReapedChildrenMs, descendantsCpuMs } from './process-stats.ts';

const REPO_ROOT = resolve(import.meta.dirname, '../..');

// Settings of the shell that runs the benchmark must not leak into the server it measures.
const INHERITED_SETTINGS_DROPPED = [
  'DATABASE_URL', 'NEXO_APP_DATABASE_URL', 'NEXO_DATA_DIR', 'NEXO_JWT_SECRET', 'NEXO_JWKS_URL', 'NEXO_JWKS_FILE',
  'PORT', 'HOST', 'NODE_ENV', 'NODE_OPTIONS', 'LOG_LEVEL', 'NEXO_SEED_DEMO',
];

export interface LaunchOptions {
  /**
   * A PostgreSQL to run on (its user must be allowed to create databases and roles): a scratch
   * database and a scratch application role are made on it, and dropped on stop. When absent the
   * server starts its own embedded PostgreSQL in a fresh data dir.
   */
  databaseUrl?: string | undefined;
  /**
   * Customers of the demo tenant (default 2,300, as `npm start` seeds). When given, the database
   * is prepared here before the server starts — migrated, seeded with progress, the application
   * role made — on `databaseUrl`'s server or, without one, on an embedded PostgreSQL this process
   * starts; the server then finds it ready, and `databaseUrls` gives the benchmark its own access.
   */
  demoCustomers?: number | undefined;
  /** More environment for the server (`NEXO_PLUGINS`, `NEXO_DB_POOL_SIZE` …). */
  environment?: Record<string, string>;
  /** Node flags for the server process, e.g. `['--cpu-prof', '--cpu-prof-dir=…']`. */
  nodeFlags?: string[];
  /** Open the V8 inspector on a free loopback port (for GC, memory figures and CPU profiles). Default true. */
  inspect?: boolean;
  /** How long start-up (database, migrations, demo data) may take. Default 180 s. */
  startTimeoutMs?: number;
  /** Start-up lines of the launcher and of the server. Default: none. */
  log?: (line: string) => void;
  /** Another checkout of Nexo to run: its src/main.ts, node_modules and start flags. Default: this one. */
  checkout?: string;
  /**
   * Run on the database another launch prepared, accepting its tokens: demo seeding off, and
   * stopping it leaves the database to that launch. Two builds then answer side by side from one
   * database, whose migrations must be the ones this checkout has.
   */
  besides?: NexoProcess;
}

export interface TokenRequest {
  tenant?: string;
  roles?: string[];
  subject?: string;
}

/** A Nexo server running in a child process, exactly as `npm start` runs it. */
export interface NexoProcess {
  /** http://127.0.0.1:<port>/graphql */
  url: string;
  pid: number;
  /** `ws://…` of the server's V8 inspector, when started with one. */
  inspectorUrl: string | null;
  database: 'embedded' | 'external';
  /** Owner and application-role connections to the server's database; null when the server runs its own embedded one. */
  databaseUrls: { owner: string; app: string } | null;
  /** CPU time its PostgreSQL has used so far, ms; null when that database runs on another machine (DATABASE_URL). */
  databaseCpuMs: (() => number) | null;
  dataDir: string;
  /** Where the server's JSON log lines (its stdout) go. */
  logFile: string;
  /** The throwaway secret its tokens are signed with: a server launched `besides` it accepts the same tokens. */
  jwtSecret: string;
  /** Mints a token the server accepts (signed with the secret it was given). Default: admin of demo. */
  token(request?: TokenRequest): Promise<string>;
  /** SIGTERM, wait for the graceful stop (which stops an embedded PostgreSQL), then remove what it made. */
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** The Node flags `npm start` runs the server with (package.json's start script), so the benchmark's server runs the same way. */
function startScriptFlags(checkout: string): string[] {
  const { scripts } = JSON.parse(readFileSync(join(checkout, 'package.json'), 'utf8')) as { scripts: { start: string } };
  const words = scripts.start.trim().split(/\s+/);
  const main = words.indexOf('src/main.ts');
  if (words[0] !== 'node' || main < 0) throw new Error(`package.json's start script is not "node [flags] src/main.ts": ${scripts.start}`);
  return words.slice(1, main);
}

/** Starts `src/main.ts` on a fresh database (or beside another server) and resolves once it prints that it is ready. */
export async function launchNexo(options: LaunchOptions = {}): Promise<NexoProcess> {
  const log = options.log ?? (() => {});
  const checkout = options.checkout ?? REPO_ROOT;
  const besides = options.besides;
  if (besides && !besides.databaseUrls) throw new Error('a server launched besides another needs the database that launch prepared (demoCustomers or databaseUrl)');
  const dataDir = await mkdtemp(join(tmpdir(), 'nexo-bench-'));
  const jwtSecret = besides?.jwtSecret ?? randomBytes(32).toString('base64url');
  const environment: NodeJS.ProcessEnv = { ...process.env };
  for (const name of INHERITED_SETTINGS_DROPPED) delete environment[name];
  Object.assign(environment, {
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: '0',
    NEXO_DATA_DIR: dataDir,
    NEXO_JWT_SECRET: jwtSecret,
    NEXO_SEED_DEMO: besides ? 'false' : 'true',
    ...options.environment,
  });
  if (besides) {
    environment.DATABASE_URL = besides.databaseUrls!.owner;
    environment.NEXO_APP_DATABASE_URL = besides.databaseUrls!.app;
  }

  let scratch: ScratchDatabase | null = null;
  let embedded: EmbeddedDatabase | null = null;
  const stopDatabase = async () => {
    if (scratch) await scratch.drop();
    await embedded?.stop();
  };
  try {
    let serverUrl = besides ? undefined : options.databaseUrl;
    if (!besides && !serverUrl && options.demoCustomers !== undefined) {
      log('starting an embedded PostgreSQL for the benchmark …');
      embedded = await startEmbeddedPostgres({ dataDir });
      serverUrl = embedded.adminUrl;
    }
    if (serverUrl) {
      scratch = await createScratchDatabase(serverUrl, dataDir, environment, options.demoCustomers, log);
      environment.DATABASE_URL = scratch.ownerUrl;
      environment.NEXO_APP_DATABASE_URL = scratch.appUrl;
    }
  } catch (error) {
    await stopDatabase().catch(() => {});
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }

  const config = loadConfig(environment);
  const keys = await loadTokenKeys(config.auth, dataDir);
  const logFile = join(dataDir, 'server.log');
  const logFd = openSync(logFile, 'a');
  const flags = [...startScriptFlags(checkout), ...(options.nodeFlags ?? []), ...(options.inspect === false ? [] : ['--inspect=127.0.0.1:0'])];
  // A process group of its own: a Ctrl-C in the terminal reaches the benchmark, which then stops
  // the server once; a second signal would make the server exit without stopping its PostgreSQL.
  const child = spawn(process.execPath, [...flags, join(checkout, 'src/main.ts')], { cwd: checkout, env: environment, stdio: ['ignore', logFd, 'pipe'], detached: true });
  closeSync(logFd);
  const stopOnExit = () => child.kill('SIGTERM');
  process.once('exit', stopOnExit);

  let cleaned = false;
  const cleanUp = async () => {
    if (cleaned) return;
    cleaned = true;
    await stopDatabase();
    await rm(dataDir, { recursive: true, force: true });
  };
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolveExit) =>
    child.once('exit', (code, signal) => {
      process.removeListener('exit', stopOnExit);
      resolveExit({ code, signal });
    }),
  );

  try {
    const { url, inspectorUrl } = await waitUntilReady(child, exited, options.startTimeoutMs ?? 180_000, options.inspect !== false, log);
    return {
      url,
      pid: child.pid!,
      inspectorUrl,
      ...(besides
        ? { database: besides.database, databaseUrls: besides.databaseUrls, databaseCpuMs: besides.databaseCpuMs }
        : {
            database: scratch && !embedded ? 'external' : 'embedded',
            databaseUrls: scratch ? { owner: scratch.ownerUrl, app: scratch.appUrl } : null,
            databaseCpuMs: scratch ? (embedded ? postmasterCpu(join(dataDir, 'postgres')) : null) : () => descendantsCpuMs(child.pid!),
          }),
      dataDir,
      logFile,
      jwtSecret,
      token: (request = {}) =>
        signDevelopmentToken(keys, {
          subject: request.subject ?? 'bench',
          tenant: request.tenant ?? 'demo',
          roles: request.roles ?? ['admin'],
          issuer: config.auth.issuer,
          audience: config.auth.audience,
          expiresIn: '6h',
        }),
      async stop() {
        const result = await terminate(child, exited);
        await cleanUp();
        return result;
      },
    };
  } catch (error) {
    await terminate(child, exited);
    await cleanUp();
    throw error;
  }
}

function waitUntilReady(
  child: ChildProcess,
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>,
  timeoutMs: number,
  inspect: boolean,
  log: (line: string) => void,
): Promise<{ url: string; inspectorUrl: string | null }> {
  return new Promise((resolveReady, reject) => {
    const recent: string[] = [];
    let inspectorUrl: string | null = null;
    let ready = false;
    const timer = setTimeout(() => reject(new Error(`Nexo did not start within ${timeoutMs / 1000} s:\n${recent.join('\n')}`)), timeoutMs);
    // Keep reading after start-up too: a full stderr pipe would block the server.
    createInterface({ input: child.stderr! }).on('line', (line) => {
      if (ready) return;
      recent.push(line);
      if (recent.length > 30) recent.shift();
      const debuggerAt = /^Debugger listening on (ws:\/\/\S+)/.exec(line);
      if (debuggerAt) inspectorUrl = debuggerAt[1]!;
      else if (!/^For help, see/.test(line) && line.trim()) log(`  server: ${line}`);
      const readyAt = /^Nexo is ready in [\d.]+ s: (\S+)/.exec(line);
      if (!readyAt) return;
      ready = true;
      clearTimeout(timer);
      if (inspect && !inspectorUrl) reject(new Error('the server did not open its inspector'));
      else resolveReady({ url: readyAt[1]!, inspectorUrl });
    });
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      if (!ready) reject(new Error(`Nexo exited during start-up (${signal ?? `code ${code}`}):\n${recent.join('\n')}`));
    });
  });
}

async function terminate(
  child: ChildProcess,
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>,
): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  const result = await exited;
  clearTimeout(killer);
  return result;
}

interface ScratchDatabase {
  ownerUrl: string;
  appUrl: string;
  drop(): Promise<void>;
}

/**
 * A database and an application role of the benchmark's own on a shared PostgreSQL. The role is
 * not the usual `nexo_app`, because provisioning that one would reset its password under any
 * other Nexo using the same server. Migrated and seeded here, so the server only checks them.
 */
async function createScratchDatabase(
  serverUrl: string,
  dataDir: string,
  environment: NodeJS.ProcessEnv,
  demoCustomers: number | undefined,
  log: (line: string) => void,
): Promise<ScratchDatabase> {
  const suffix = randomBytes(5).toString('hex');
  const database = `nexo_bench_${suffix}`;
  const role = `nexo_bench_app_${suffix}`;
  const password = randomBytes(18).toString('base64url');
  const ownerUrl = withDatabase(serverUrl, database);
  const appUrl = deriveAppDatabaseUrl(ownerUrl, role, password);
  await withClient(serverUrl, (client) => client.query(`CREATE DATABASE ${database}`));
  const drop = async () => {
    await withClient(serverUrl, async (client) => {
      await client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await client.query(`DROP ROLE IF EXISTS ${role}`);
    });
  };
  try {
    log(`created the scratch database ${database} on ${new URL(serverUrl).host}`);
    const config = loadConfig({ ...environment, DATABASE_URL: ownerUrl, NEXO_APP_DATABASE_URL: appUrl, NEXO_DATA_DIR: dataDir, NEXO_SEED_DEMO: 'false' });
    const plugins = await discoverPlugins(config);
    await prepareDatabase(config, plugins, { log });
    if (environment.NEXO_SEED_DEMO !== 'false') {
      const tenants = DEMO_TENANTS.map((tenant) => (tenant.id === 'demo' && demoCustomers !== undefined ? { ...tenant, customers: demoCustomers } : tenant));
      await seedDemoData({ connectionString: ownerUrl, plugins, tenants, progress: Boolean(process.stderr.isTTY), log });
    }
    await ensureAppRole({ connectionString: ownerUrl, role, password });
  } catch (error) {
    await drop();
    throw error;
  }
  return { ownerUrl, appUrl, drop };
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * CPU of a PostgreSQL cluster: its postmaster (first line of `postmaster.pid`), the backends that
 * have exited (reaped by it) and those still running.
 */
function postmasterCpu(clusterDir: string): () => number {
  const pid = Number(readFileSync(join(clusterDir, 'postmaster.pid'), 'utf8').split('\n', 1)[0]);
  return () => cpuWithReapedChildrenMs(pid) + descendantsCpuMs(pid);
}
