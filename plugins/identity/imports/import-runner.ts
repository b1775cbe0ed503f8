import { existsSync } from 'node:fs';
import type { BackgroundContext, BackgroundJob } from '../../../src/plugin-api.ts';
import { failImportJob, holdImportJob, importsToResume, readImportJob } from '../store/import-jobs.ts';
import type { ImportScope } from './import-scope.ts';
import { runImportJob } from './run-import.ts';

/** How often the runner looks for imports to resume (stalled elsewhere, or left by a restart). */
const POLL_MS = 15_000;
/** A running import whose last batch is older than this has lost its runner: another instance may resume it. */
const STALLED_MS = 60_000;
/** Imports run side by side on one instance, at most. */
const MAX_PARALLEL = 2;
/** Attempts at a job before an error that keeps coming back fails it. */
const MAX_ATTEMPTS = 3;

/** Runs uploaded imports in the background of a server. */
export interface ImportRunner {
  /** Starts the job once the transaction that created it has committed (it holds the job's lock until then). */
  wake(tenantId: string, jobId: string): void;
}

// The runners of this process, for the mutation that stores an upload to hand its job over.
const runners = new Set<ImportRunner>();

/** A runner of this process, or null when background jobs are off here (NEXO_BACKGROUND_JOBS=false). */
export function localImportRunner(): ImportRunner | null {
  return runners.values().next().value ?? null;
}

/**
 * The background job that runs uploaded imports: a new one at once (woken by the mutation that
 * stored its file), and any RUNNING import with a stored file on start (the server stopped or
 * crashed mid-file) and, later, any whose runner stalled on another instance. Each batch checks
 * and moves the job's checkpoint under a row lock (runImportJob), so an import two instances run
 * at once is advanced by one of them; the other stops at its first batch.
 */
export function startImportRunner(context: BackgroundContext): BackgroundJob {
  const running = new Map<string, Promise<void>>();
  // Jobs woken while MAX_PARALLEL others ran: started as those end.
  const waiting = new Map<string, { tenantId: string; path: string }>();
  const attempts = new Map<string, number>();
  let stopped = false;
  let firstPass = true;
  let timer: NodeJS.Timeout | undefined;

  const scopeOf = (scope: { sql: ImportScope['sql']; events: ImportScope['events'] }, tenantId: string): ImportScope => ({ sql: scope.sql, events: scope.events, tenantId, now: context.clock.now() });

  const run = (tenantId: string, jobId: string, path: string) => {
    if (stopped || running.has(jobId) || !existsSync(path)) return;
    if (running.size >= MAX_PARALLEL) {
      waiting.set(jobId, { tenantId, path });
      return;
    }
    waiting.delete(jobId);
    const work = (async () => {
      const transact = <T>(work: (scope: ImportScope) => Promise<T>) => context.inTenant(tenantId, (scope) => work(scopeOf(scope, tenantId)));
      try {
        const result = await runImportJob({ transact, stopped: () => stopped }, jobId, path);
        if (result.status === 'FILE_MISMATCH') await transact((scope) => failImportJob(scope, jobId, 'The stored file changed or is gone; upload it again', scope.now));
        attempts.delete(jobId);
        context.logger.info({ jobId, tenantId, status: result.status }, 'import run ended');
      } catch (error) {
        const attempt = (attempts.get(jobId) ?? 0) + 1;
        attempts.set(jobId, attempt);
        context.logger.error({ err: error, jobId, tenantId, attempt }, 'import batch failed');
        if (attempt >= MAX_ATTEMPTS) {
          await transact((scope) => failImportJob(scope, jobId, `Stopped by an internal error after ${attempt} attempts; the lines before the checkpoint are imported`, scope.now)).catch(() => {});
          attempts.delete(jobId);
        }
      } finally {
        running.delete(jobId);
        const [next] = waiting;
        if (next) run(next[1].tenantId, next[0], next[1].path);
      }
    })();
    running.set(jobId, work);
  };

  const poll = async () => {
    // On start, every running upload is ours to resume; afterwards only those stalled elsewhere.
    const stalledBefore = firstPass ? new Date(context.clock.now().getTime() + STALLED_MS) : new Date(context.clock.now().getTime() - STALLED_MS);
    firstPass = false;
    for (const job of await importsToResume(context, stalledBefore, MAX_PARALLEL * 5)) run(job.tenantId, job.id, job.storedPath);
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      poll()
        .catch((error: unknown) => context.logger.error({ err: error }, 'looking for imports to resume failed'))
        .finally(schedule);
    }, POLL_MS);
  };

  const runner: ImportRunner = {
    wake(tenantId, jobId) {
      void context
        .inTenant(tenantId, async (scope) => {
          // Waits for the creating transaction: its lock is released when it commits or rolls back.
          await holdImportJob(scope, jobId);
          return readImportJob(scopeOf(scope, tenantId), jobId);
        })
        .then((job) => {
          if (job?.status === 'RUNNING' && job.storedPath) run(tenantId, jobId, job.storedPath);
        })
        .catch((error: unknown) => context.logger.error({ err: error, jobId }, 'starting an import failed'));
    },
  };
  runners.add(runner);
  void poll()
    .catch((error: unknown) => context.logger.error({ err: error }, 'looking for imports to resume failed'))
    .finally(schedule);

  return {
    async stop() {
      stopped = true;
      runners.delete(runner);
      clearTimeout(timer);
      await Promise.all(running.values());
    },
  };
}
