import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const repoRoot = resolve(import.meta.dirname, '..');
const node = join(repoRoot, 'node_modules', '.bin', 'node');

interface Launched {
  process: ChildProcess;
  dataDir: string;
  /** Everything written to stdout and stderr so far. */
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const launched: Launched[] = [];
afterEach(async () => {
  for (const { process: child, dataDir, exited } of launched.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) {
      process.kill(-child.pid!, 'SIGKILL');
      await exited;
    }
    await rm(dataDir, { recursive: true, force: true });
  }
});

/** `npm start` as a terminal runs it: its own process group, an embedded PostgreSQL in a fresh data dir. */
async function launchNexo(): Promise<Launched> {
  const dataDir = await mkdtemp(join(tmpdir(), 'nexo-shutdown-'));
  const environment = { ...process.env, NODE_ENV: 'development', NEXO_DATA_DIR: dataDir, PORT: '0', NEXO_SEED_DEMO: 'false', DATABASE_URL: '', NEXO_REDIS_URL: '', LOG_LEVEL: 'info' };
  const child = spawn(node, ['src/main.ts'], { cwd: repoRoot, env: environment, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolveExit) => child.once('exit', (code, signal) => resolveExit({ code, signal })));
  const started = { process: child, dataDir, output: () => output, exited };
  launched.push(started);
  await waitFor(() => output.includes('nexo listening'), () => `"nexo listening" (output so far:\n${output})`, 60_000, exited);
  return started;
}

async function waitFor(condition: () => boolean, what: () => string, timeoutMs: number, unlessExited?: Promise<unknown>): Promise<void> {
  let exited = false;
  void unlessExited?.then(() => (exited = true));
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (exited) throw new Error(`exited while waiting for ${what()}`);
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what()}`);
    await new Promise((resolveTick) => setTimeout(resolveTick, 25));
  }
}

function listeningUrl(output: string): string {
  const line = output.split('\n').find((candidate) => candidate.includes('"nexo listening"'));
  return (JSON.parse(line!) as { url: string }).url;
}

const postmasterPid = (dataDir: string) => join(dataDir, 'postgres', 'postmaster.pid');

describe('npm start stops cleanly', { timeout: 90_000 }, () => {
  it('Ctrl-C (SIGINT to the whole process group) stops the app, then PostgreSQL: exit code 0, no error', async () => {
    const nexo = await launchNexo();
    // Connections in the pool and the relay's listener are open when the signal arrives.
    const health = await fetch(listeningUrl(nexo.output()).replace('/graphql', '/readyz'));
    expect(health.status).toBe(200);
    expect(existsSync(postmasterPid(nexo.dataDir))).toBe(true);

    process.kill(-nexo.process.pid!, 'SIGINT');
    const { code, signal } = await nexo.exited;

    const output = nexo.output();
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(output).toContain('Nexo stopped.');
    expect(output).not.toContain('terminating connection');
    expect(output).not.toContain('connection lost');
    expect(output).not.toMatch(/^\s+at /m);
    expect(output).not.toMatch(/"level":(40|50|60)/);
    // PostgreSQL removes its pid file at the end of a clean shutdown, before the server exits.
    expect(existsSync(postmasterPid(nexo.dataDir))).toBe(false);
  });

  it('a server killed outright does not leave its embedded PostgreSQL running', async () => {
    const nexo = await launchNexo();
    expect(existsSync(postmasterPid(nexo.dataDir))).toBe(true);

    nexo.process.kill('SIGKILL');
    await nexo.exited;

    await waitFor(() => !existsSync(postmasterPid(nexo.dataDir)), () => 'the embedded PostgreSQL to stop', 20_000);
  });
});
