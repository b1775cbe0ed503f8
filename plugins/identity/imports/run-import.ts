import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { importProgressed, type ImportProgressPayload } from '../events.ts';
import { advanceImportJob, failImportJob, insertRejectedRows, insertReviewItems, lockImportJobAt, readImportJob, type ImportJobRow } from '../store/import-jobs.ts';
import { importCustomerBatch, type BatchOutcome } from './customer-batch.ts';
import { importOptionsSchema, type ImportOptions } from './import-options.ts';
import type { ImportScope } from './import-scope.ts';
import { importInteractionBatch } from './interaction-batch.ts';
import { openImportFile, type Checkpoint, type ImportRecord, type MappedRow } from './read/import-records.ts';

/** Lines per batch: each batch is one transaction, one checkpoint and one progress event. */
export const DEFAULT_BATCH_SIZE = 500;

export interface ImportRunDeps {
  /** Runs `work` in one transaction of the job's tenant; a throw rolls it back. */
  transact<T>(work: (scope: ImportScope) => Promise<T>): Promise<T>;
  /** Asked between batches: true ends the run, leaving the job RUNNING at its checkpoint (a server stopping). */
  stopped?: () => boolean;
  /** Told after each committed batch, with the job as it now stands. */
  onProgress?: (job: ImportJobRow) => void;
  batchSize?: number;
}

/**
 * How a run ended: the job COMPLETED or FAILED (the file as a whole cannot be imported), STOPPED
 * on request, SUPERSEDED when it is not this run's to advance (finished, or another runner
 * committed past our position), or FILE_MISMATCH when the file is not the one the job was made for.
 */
export type ImportRunResult = { status: 'COMPLETED' | 'FAILED' | 'STOPPED' | 'SUPERSEDED'; job: ImportJobRow | null } | { status: 'FILE_MISMATCH'; reason: string; job: ImportJobRow };

export function importJobGlobalId(id: string): string {
  return encodeGlobalID('ImportJob', id);
}

/**
 * Runs (or resumes) an import job on its file, from its checkpoint. Each batch of lines is one
 * transaction that writes the batch's customers or interactions, its refused and held rows, moves
 * the job's checkpoint (line and byte) past it and emits `import.progressed`: a crash loses at
 * most the batch in flight, which was never committed, and a resumed run seeks straight to the
 * checkpoint, so nothing is lost and nothing is imported twice. The file is streamed, one batch in
 * memory at a time, the next lines read only when the batch is committed (back-pressure).
 */
export async function runImportJob(deps: ImportRunDeps, jobId: string, filePath: string): Promise<ImportRunResult> {
  const job = await deps.transact((scope) => readImportJob(scope, jobId));
  if (!job || job.status !== 'RUNNING') return { status: 'SUPERSEDED', job };
  const file = await fingerprint(filePath).catch((error: unknown) => ({ bytes: -1, sha256: '', error }));
  if (file.bytes !== Number(job.fileBytes) || file.sha256 !== job.fileSha256) {
    const reason = 'error' in file ? `cannot read ${filePath}: ${(file.error as Error).message}` : `${filePath} is not the file this import was started with (its size or SHA-256 differs)`;
    return { status: 'FILE_MISMATCH', reason, job };
  }
  const options = importOptionsSchema.parse(job.options);
  const opened = await openImportFile(filePath, { format: job.format, mapping: job.mapping, delimiter: options.delimiter });
  if (!opened.ok) {
    const failed = await deps.transact(async (scope) => {
      const row = await failImportJob(scope, jobId, opened.failure, scope.now);
      if (row) await emitProgress(scope, row);
      return row;
    });
    if (failed) deps.onProgress?.(failed);
    return { status: failed ? 'FAILED' : 'SUPERSEDED', job: failed };
  }

  const batchSize = deps.batchSize ?? DEFAULT_BATCH_SIZE;
  let checkpoint: Checkpoint = { line: job.checkpointLine, byte: Number(job.checkpointByte) };
  let batch: ImportRecord[] = [];
  let current: ImportJobRow = job;
  const commit = async (finish: boolean): Promise<boolean> => {
    const committed = await deps.transact((scope) => commitBatch(scope, current, options, checkpoint, batch, finish));
    if (!committed) return false;
    current = committed;
    checkpoint = { line: committed.checkpointLine, byte: Number(committed.checkpointByte) };
    batch = [];
    deps.onProgress?.(committed);
    return true;
  };
  for await (const record of opened.records(checkpoint)) {
    batch.push(record);
    if (batch.length < batchSize) continue;
    if (!(await commit(false))) return { status: 'SUPERSEDED', job: current };
    if (deps.stopped?.()) return { status: 'STOPPED', job: current };
  }
  if (!(await commit(true))) return { status: 'SUPERSEDED', job: current };
  return { status: 'COMPLETED', job: current };
}

/** One batch in the job's transaction: null when the job is not ours to advance from `from`. */
async function commitBatch(scope: ImportScope, job: ImportJobRow, options: ImportOptions, from: Checkpoint, batch: readonly ImportRecord[], finish: boolean): Promise<ImportJobRow | null> {
  if (!(await lockImportJobAt(scope, job.id, from.byte))) return null;
  const rows = batch.filter((record): record is MappedRow => record.kind === 'row');
  const outcome: BatchOutcome =
    rows.length === 0
      ? { counts: { created: 0, updated: 0, unchanged: 0, held: 0, rejected: 0 }, rejected: [], held: [] }
      : job.kind === 'CUSTOMERS'
        ? await importCustomerBatch(scope, rows, options)
        : await importInteractionBatch(scope, rows, options);
  for (const record of batch) {
    if (record.kind !== 'rejected') continue;
    outcome.rejected.push({ line: record.line, reason: record.problem, content: record.content });
    outcome.counts.rejected += 1;
  }
  await insertRejectedRows(scope, job.id, outcome.rejected);
  await insertReviewItems(scope, job.id, outcome.held);
  const last = batch.at(-1);
  const next = last ? { line: last.lastLine, byte: last.end } : from;
  const advanced = await advanceImportJob(scope, job.id, next, outcome.counts, scope.now, finish ? { status: 'COMPLETED', failure: null } : null);
  await emitProgress(scope, advanced);
  return advanced;
}

async function emitProgress(scope: ImportScope, job: ImportJobRow): Promise<void> {
  const payload: ImportProgressPayload = {
    jobId: importJobGlobalId(job.id),
    kind: job.kind,
    status: job.status,
    linesDone: job.checkpointLine,
    created: job.created,
    updated: job.updated,
    unchanged: job.unchanged,
    held: job.held,
    rejected: job.rejected,
  };
  await scope.events.emit(importProgressed, { subjectId: payload.jobId, payload });
}

/** Size and SHA-256 of a file, streamed. */
export async function fingerprint(path: string): Promise<{ bytes: number; sha256: string }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 })) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { bytes, sha256: hash.digest('hex') };
}
