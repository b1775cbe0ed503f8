// Proves GraphiQL works offline: starts a real Nexo (`src/main.ts`, an embedded PostgreSQL in a
// temporary data dir), opens /graphql in Debian's Chromium with every request beyond this machine
// refused, waits for the editor, takes a screenshot and checks that the editor shows Nexo's default
// query and that nothing tried to leave localhost.
// Usage: npm run check:graphiql [-- --screenshot <path>]   (default .data/graphiql.png)
// Needs /usr/bin/chromium (`apt-get install chromium`); playwright-core never downloads a browser.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { DEFAULT_QUERY } from '../src/app.ts';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);
const repoRoot = resolve(import.meta.dirname, '..');
const SERVER_START_MS = 180_000;
const EDITOR_MS = 60_000;

const say = (line: string) => process.stderr.write(`${line}\n`);

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { screenshot: { type: 'string', default: join(repoRoot, '.data', 'graphiql.png') } } });
  const screenshotPath = resolve(values.screenshot);
  if (!existsSync(CHROMIUM)) {
    say(`${CHROMIUM} is missing: apt-get update && apt-get install -y chromium`);
    return 1;
  }

  const dataDir = await mkdtemp(join(tmpdir(), 'nexo-graphiql-'));
  const profileDir = await mkdtemp(join(tmpdir(), 'nexo-graphiql-chromium-'));
  let server: ChildProcess | undefined;
  let context: BrowserContext | undefined;
  try {
    say('1/4 starting Nexo on an embedded PostgreSQL in a temporary data dir …');
    const started = await startNexo(dataDir);
    server = started.process;
    say(`    listening: ${started.url}`);

    say('2/4 starting Chromium with every request beyond localhost blocked …');
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1440, height: 1000 },
    });
    const leaving = await blockEverythingButLocalhost(context);
    let localRequests = 0;
    context.on('request', (request) => {
      if (isLocal(request.url())) localRequests += 1;
    });
    const page = context.pages()[0] ?? (await context.newPage());
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));

    say('3/4 opening GraphiQL and waiting for its editor …');
    await page.goto(started.url, { waitUntil: 'load' });
    const editorText = await waitForEditorText(page, firstQueryLine());

    say('4/4 taking the screenshot …');
    await mkdir(dirname(screenshotPath), { recursive: true });
    await page.screenshot({ path: screenshotPath });

    const missingLines = editorText === null ? [] : queryLines().filter((line) => !editorText.includes(line));
    const problems = [
      ...(editorText === null ? [`the query editor did not appear within ${EDITOR_MS / 1000} s`] : []),
      ...(missingLines.length > 0 ? [`the editor lacks lines of the default query: ${missingLines.map((line) => JSON.stringify(line)).join(', ')}`] : []),
      ...leaving.map((url) => `a request tried to leave localhost: ${url}`),
    ];
    for (const error of pageErrors) say(`    page error (not a failure by itself): ${error}`);
    for (const problem of problems) say(`    FAILED: ${problem}`);
    say(`Screenshot: ${screenshotPath}`);
    say(
      problems.length === 0
        ? `GraphiQL check passed: editor shown with the default query, ${localRequests} requests to localhost, none beyond it.`
        : `GraphiQL check failed: ${problems.length} problem${problems.length === 1 ? '' : 's'}, ${localRequests} requests to localhost, ${leaving.length} beyond it.`,
    );
    return problems.length === 0 ? 0 : 1;
  } finally {
    await context?.close();
    if (server) await stopNexo(server);
    await rm(profileDir, { recursive: true, force: true });
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** `npm start` as a new user runs it, minus the demo data GraphiQL does not need. */
function startNexo(dataDir: string): Promise<{ process: ChildProcess; url: string }> {
  const environment = { ...process.env, NODE_ENV: 'development', NEXO_DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', NEXO_SEED_DEMO: 'false', DATABASE_URL: '', NEXO_REDIS_URL: '', LOG_LEVEL: 'info' };
  const child = spawn(process.execPath, ['src/main.ts'], { cwd: repoRoot, env: environment, stdio: ['ignore', 'pipe', 'pipe'] });
  let errorOutput = '';
  child.stderr!.on('data', (chunk: Buffer) => (errorOutput += chunk));
  return new Promise((resolveStart, reject) => {
    const timer = setTimeout(() => reject(new Error(`Nexo did not start within ${SERVER_START_MS / 1000} s:\n${errorOutput}`)), SERVER_START_MS);
    let pending = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop()!;
      for (const line of lines) {
        const entry = parseLogLine(line);
        if (entry?.msg === 'nexo listening' && typeof entry.url === 'string') {
          clearTimeout(timer);
          resolveStart({ process: child, url: entry.url });
        }
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Nexo exited (code ${code}) before listening:\n${errorOutput}`));
    });
  });
}

function parseLogLine(line: string): Record<string, unknown> | null {
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    return null;
  }
}

/** As Ctrl-C does: the server stops, then its embedded PostgreSQL. */
async function stopNexo(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) return;
  const exited = new Promise((resolveExit) => server.once('exit', resolveExit));
  server.kill('SIGINT');
  const killer = setTimeout(() => server.kill('SIGKILL'), 30_000);
  await exited;
  clearTimeout(killer);
}

/** Lets requests to this machine through and refuses, and records, every other one. */
async function blockEverythingButLocalhost(context: BrowserContext): Promise<string[]> {
  const leaving: string[] = [];
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    if (isLocal(url)) return route.continue();
    leaving.push(url);
    return route.abort('blockedbyclient');
  });
  await context.routeWebSocket(/.*/, (socket) => {
    if (isLocal(socket.url())) return socket.connectToServer();
    leaving.push(socket.url());
    return socket.close();
  });
  return leaving;
}

function isLocal(url: string): boolean {
  const { protocol, hostname } = new URL(url);
  if (protocol === 'data:' || protocol === 'blob:') return true;
  return LOCAL_HOSTS.has(hostname);
}

/**
 * The query editor's text with whitespace collapsed, as soon as it shows `expected` (or as it is
 * when time runs out); null if no editor appeared.
 */
async function waitForEditorText(page: Page, expected: string): Promise<string | null> {
  const lines = page.locator('.graphiql-query-editor .view-lines');
  const deadline = Date.now() + EDITOR_MS;
  let text: string | null = null;
  while (Date.now() < deadline) {
    if ((await lines.count()) > 0) {
      text = collapse(await lines.first().innerText());
      if (text.includes(expected)) break;
    }
    await page.waitForTimeout(250);
  }
  return text;
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function queryLines(): string[] {
  return DEFAULT_QUERY.split('\n').map(collapse).filter(Boolean);
}

function firstQueryLine(): string {
  return queryLines()[0]!;
}

process.exitCode = await main().catch((error: unknown) => {
  say(`GraphiQL check failed: ${error instanceof Error ? error.message : String(error)}`);
  return 1;
});
