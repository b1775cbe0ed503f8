import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

const REPO_ROOT = resolve(import.meta.dirname, '../..');

/**
 * Another build of Nexo: the commit of a git ref in a detached worktree outside the repository,
 * with dependencies of its own (`npm ci`, which also generates its Prisma client). `remove()`
 * undoes it whatever stage it reached, so a failed or interrupted run leaves no worktree behind.
 */
export class BuildCheckout {
  readonly ref: string;
  /** The full commit hash, once resolved. */
  commit: string | null = null;
  /** The worktree, once added. */
  dir: string | null = null;
  private parent: string | null = null;
  private running: ChildProcess | null = null;
  private removed = false;

  constructor(ref: string) {
    this.ref = ref;
  }

  /** Resolves the ref, adds the worktree and installs its dependencies; throws saying which step failed. */
  async prepare(log: (line: string) => void): Promise<void> {
    const commit = (await this.run('git', ['rev-parse', '--verify', '--quiet', `${this.ref}^{commit}`], REPO_ROOT, () => {}).catch(() => '')).trim();
    if (!commit) throw new Error(`--against: "${this.ref}" names no commit of this repository`);
    this.commit = commit;
    this.parent = await mkdtemp(join(tmpdir(), 'nexo-bench-against-'));
    const dir = join(this.parent, 'nexo');
    log(`checking out ${this.ref} (${commit.slice(0, 12)}) in ${dir} …`);
    await this.run('git', ['worktree', 'add', '--detach', dir, commit], REPO_ROOT, () => {});
    this.dir = dir;
    log(`installing the dependencies of ${this.ref} (npm ci) …`);
    const started = performance.now();
    try {
      await this.run(...npmCommand(['ci', '--prefer-offline', '--no-audit', '--no-fund', '--include=dev']), dir, (line) => log(`  npm: ${line}`));
    } catch (error) {
      throw new Error(`--against: the dependencies of ${this.ref} did not install: ${(error as Error).message}`, { cause: error });
    }
    log(`installed the dependencies of ${this.ref} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }

  /** Stops an install still running, removes the worktree and its temporary directory. */
  async remove(): Promise<void> {
    if (this.removed) return;
    this.removed = true;
    if (this.running && this.running.exitCode === null) this.running.kill('SIGTERM');
    const removedByGit = this.dir ? await this.run('git', ['worktree', 'remove', '--force', this.dir], REPO_ROOT, () => {}).then(() => true, () => false) : true;
    if (this.parent) await rm(this.parent, { recursive: true, force: true });
    // A worktree git could not remove (say, half added) is gone from disk now: forget it too.
    if (!removedByGit) await this.run('git', ['worktree', 'prune'], REPO_ROOT, () => {});
  }

  /** Runs a command to its end, passing its non-empty output lines to `onLine`; resolves with its stdout. */
  private run(command: string, args: readonly string[], cwd: string, onLine: (line: string) => void): Promise<string> {
    return new Promise((resolveRun, reject) => {
      // What `npm run bench` set for this checkout must not point the checkout's npm back here, and a
      // production NODE_ENV would leave out the dev dependencies its postinstall needs.
      const environment = Object.fromEntries(
        Object.entries(process.env).filter(([name]) => !/^(npm_package_|npm_lifecycle_|npm_config_local_prefix$|npm_command$|INIT_CWD$|NODE_ENV$)/.test(name)),
      );
      const child = spawn(command, args, { cwd, env: environment, stdio: ['ignore', 'pipe', 'pipe'] });
      this.running = child;
      let stdout = '';
      const recent: string[] = [];
      const take = (line: string) => {
        if (!line.trim()) return;
        recent.push(line);
        if (recent.length > 20) recent.shift();
        onLine(line);
      };
      child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
      createInterface({ input: child.stdout! }).on('line', take);
      createInterface({ input: child.stderr! }).on('line', take);
      child.once('error', reject);
      child.once('close', (code, signal) => {
        if (this.running === child) this.running = null;
        if (code === 0) resolveRun(stdout);
        else reject(new Error(`${[command, ...args].join(' ')} exited with ${signal ?? `code ${code}`}${recent.length ? `:\n${recent.join('\n')}` : ''}`));
      });
    });
  }
}

/** npm as `npm run` found it (its CLI under this Node), else the first on the PATH. */
function npmCommand(args: string[]): [string, string[]] {
  const cli = process.env.npm_execpath;
  return cli && /\.[cm]?js$/.test(cli) ? [process.execPath, [cli, ...args]] : ['npm', args];
}
