import { buildApp, type App } from './app.ts';
import { loadTokenKeys } from './auth/keys.ts';
import { signDevelopmentToken } from './auth/sign.ts';
import { discoverPlugins } from './compose.ts';
import { loadConfig, type Config } from './config.ts';
import type { EmbeddedDatabase } from './db/embedded.ts';
import { startEmbeddedPostgresProcess } from './db/embedded-process.ts';
import { prepareDatabase } from './db/prepare.ts';

/** `npm start`: the database (embedded unless DATABASE_URL is set), migrations, demo data, the server. */
async function main(): Promise<void> {
  const startedAt = performance.now();
  const config = loadConfig();
  const say = (line: string) => process.stderr.write(`${line}\n`);

  let embedded: EmbeddedDatabase | undefined;
  if (!config.databaseUrl) {
    say(`Starting the embedded PostgreSQL in ${config.dataDir}/postgres …`);
    embedded = await startEmbeddedPostgresProcess({ dataDir: config.dataDir });
    config.databaseUrl = embedded.url;
  }

  let app: App | undefined;
  const shutdown = installShutdown(async () => {
    await app?.stop();
    await embedded?.stop();
  }, say);

  try {
    const plugins = await discoverPlugins(config);
    const prepared = await prepareDatabase(config, plugins, { log: say, progress: true });
    config.appDatabaseUrl = prepared.appDatabaseUrl;
    app = await buildApp(config, { plugins });
    await app.start();
  } catch (error) {
    say(error instanceof Error ? `\n${error.message}` : String(error));
    await shutdown(1);
    return;
  }
  await printWelcome(config, app.url, performance.now() - startedAt, say);
}

async function printWelcome(config: Config, url: string, elapsedMs: number, say: (line: string) => void): Promise<void> {
  say(`\nNexo is ready in ${(elapsedMs / 1000).toFixed(1)} s: ${url}${config.env === 'production' ? '' : '  (GraphiQL: open it in a browser)'}`);
  if (config.env === 'production') return; // no ready-made admin tokens on a production console
  const keys = await loadTokenKeys(config.auth, config.dataDir);
  if (keys.kind !== 'shared-secret') {
    say('Tokens come from your identity provider (NEXO_JWKS_*).');
    return;
  }
  const token = await signDevelopmentToken(keys, {
    subject: 'dev-admin',
    tenant: 'demo',
    roles: ['admin'],
    issuer: config.auth.issuer,
    audience: config.auth.audience,
    expiresIn: '12h',
  });
  say('\nAdmin token for tenant "demo" (12 h), for the Authorization header:');
  say(`  Bearer ${token}`);
  say('\nOther tokens: npm run token -- --tenant acme --role sales');
  say(`Try it:\n  curl -s ${url} -H 'content-type: application/json' -H "authorization: Bearer $TOKEN" \\\n    -d '{"query":"{ customers(first: 3) { totalCount edges { node { displayName } } } }"}'`);
}

/**
 * First Ctrl-C or SIGTERM stops gracefully: the app (requests in flight, sockets, relay, pool),
 * then the embedded PostgreSQL; a second one exits at once.
 */
function installShutdown(stop: () => Promise<void>, say: (line: string) => void): (code?: number) => Promise<void> {
  let stopping = false;
  const shutdown = async (code = 0) => {
    if (stopping) process.exit(code || 1);
    stopping = true;
    say('\nShutting down: finishing requests in flight …');
    try {
      await stop();
    } catch (error) {
      say(`Shutdown error: ${error instanceof Error ? error.message : String(error)}`);
      code = code || 1;
    }
    if (code === 0) say('Nexo stopped.');
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
  return shutdown;
}

await main();
