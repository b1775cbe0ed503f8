import type { BackgroundContext, Sql } from '../../../src/plugin-api.ts';
import { newRowId } from '../../../src/plugin-api.ts';

/** An import job as the runner reads it. */
export interface ImportJobRow {
  id: string;
  tenantId: string;
  kind: 'CUSTOMERS' | 'INTERACTIONS';
  format: 'CSV' | 'NDJSON';
  fileName: string;
  fileSha256: string;
  /** bigint columns arrive as text. */
  fileBytes: string;
  storedPath: string | null;
  mapping: Record<string, string>;
  options: Record<string, unknown>;
  status: 'RUNNING' | 'COMPLETED' | 'FAILED';
  checkpointLine: number;
  checkpointByte: string;
  created: number;
  updated: number;
  unchanged: number;
  held: number;
  rejected: number;
  failure: string | null;
  createdBy: string;
}

export interface ImportCounts {
  created: number;
  updated: number;
  unchanged: number;
  held: number;
  rejected: number;
}

export const NO_COUNTS: ImportCounts = Object.freeze({ created: 0, updated: 0, unchanged: 0, held: 0, rejected: 0 });

const JOB_COLUMNS = `id::text, "tenantId", kind::text, format::text, "fileName", "fileSha256", "fileBytes"::text, "storedPath", mapping, options, status::text,
  "checkpointLine", "checkpointByte"::text, created, updated, unchanged, held, rejected, failure, "createdBy"`;

export interface NewImportJob {
  id?: string;
  kind: ImportJobRow['kind'];
  format: ImportJobRow['format'];
  fileName: string;
  fileSha256: string;
  fileBytes: number;
  storedPath: string | null;
  mapping: Record<string, string>;
  options: object;
  createdBy: string;
}

export async function insertImportJob(scope: { sql: Sql; tenantId: string }, job: NewImportJob, now: Date): Promise<ImportJobRow> {
  const [row] = await scope.sql.query<ImportJobRow>(
    `INSERT INTO "ImportJob" (id, "tenantId", kind, format, "fileName", "fileSha256", "fileBytes", "storedPath", mapping, options, "createdBy", "startedAt", "updatedAt")
     VALUES ($1::uuid, $2, $3::"ImportKind", $4::"ImportFormat", $5, $6, $7::bigint, $8, $9::jsonb, $10::jsonb, $11, $12::timestamp(3), $12::timestamp(3))
     RETURNING ${JOB_COLUMNS}`,
    [job.id ?? newRowId(), scope.tenantId, job.kind, job.format, job.fileName, job.fileSha256, String(job.fileBytes), job.storedPath, JSON.stringify(job.mapping), JSON.stringify(job.options), job.createdBy, now],
  );
  return row!;
}

export async function readImportJob(scope: { sql: Sql; tenantId: string }, id: string): Promise<ImportJobRow | null> {
  const [row] = await scope.sql.query<ImportJobRow>(`SELECT ${JOB_COLUMNS} FROM "ImportJob" WHERE "tenantId" = $1 AND id = $2::uuid`, [scope.tenantId, id]);
  return row ?? null;
}

/**
 * The job locked until commit, for a batch that starts at `fromByte`: null when the job is no
 * longer this runner's to advance (finished, or another runner committed past that byte), so two
 * runners of one job can never both write a batch.
 */
export async function lockImportJobAt(scope: { sql: Sql; tenantId: string }, id: string, fromByte: number): Promise<ImportJobRow | null> {
  const [row] = await scope.sql.query<ImportJobRow>(`SELECT ${JOB_COLUMNS} FROM "ImportJob" WHERE "tenantId" = $1 AND id = $2::uuid FOR UPDATE`, [scope.tenantId, id]);
  if (!row || row.status !== 'RUNNING' || Number(row.checkpointByte) !== fromByte) return null;
  return row;
}

/** Moves the checkpoint past a committed batch and adds its counts; the job as it now stands. */
export async function advanceImportJob(
  scope: { sql: Sql; tenantId: string },
  id: string,
  checkpoint: { line: number; byte: number },
  counts: ImportCounts,
  now: Date,
  finished: { status: 'COMPLETED' | 'FAILED'; failure: string | null } | null = null,
): Promise<ImportJobRow> {
  const [row] = await scope.sql.query<ImportJobRow>(
    `UPDATE "ImportJob" SET "checkpointLine" = $3, "checkpointByte" = $4::bigint, created = created + $5, updated = updated + $6, unchanged = unchanged + $7,
            held = held + $8, rejected = rejected + $9, "updatedAt" = $10::timestamp(3),
            status = COALESCE($11::"ImportStatus", status), failure = COALESCE($12, failure), "finishedAt" = CASE WHEN $11::text IS NULL THEN "finishedAt" ELSE $10::timestamp(3) END
     WHERE "tenantId" = $1 AND id = $2::uuid
     RETURNING ${JOB_COLUMNS}`,
    [scope.tenantId, id, checkpoint.line, String(checkpoint.byte), counts.created, counts.updated, counts.unchanged, counts.held, counts.rejected, now, finished?.status ?? null, finished?.failure ?? null],
  );
  return row!;
}

/** Ends a job that cannot go on (the file is unreadable as a whole); its checkpoint stays where it was. */
export async function failImportJob(scope: { sql: Sql; tenantId: string }, id: string, failure: string, now: Date): Promise<ImportJobRow | null> {
  const [row] = await scope.sql.query<ImportJobRow>(
    `UPDATE "ImportJob" SET status = 'FAILED', failure = $3, "updatedAt" = $4::timestamp(3), "finishedAt" = $4::timestamp(3)
     WHERE "tenantId" = $1 AND id = $2::uuid AND status = 'RUNNING'
     RETURNING ${JOB_COLUMNS}`,
    [scope.tenantId, id, failure, now],
  );
  return row ?? null;
}

export interface RejectedRow {
  line: number;
  reason: string;
  content: string;
}

/** A batch's refused lines, in one statement (a batch written again after a crash writes them again, harmlessly). */
export async function insertRejectedRows(scope: { sql: Sql; tenantId: string }, jobId: string, rows: readonly RejectedRow[]): Promise<void> {
  if (rows.length === 0) return;
  await scope.sql`
    INSERT INTO "ImportRejectedRow" ("tenantId", "jobId", line, reason, content)
    SELECT ${scope.tenantId}, ${jobId}::uuid, r.line, r.reason, r.content
    FROM unnest(${rows.map((row) => row.line)}::int[], ${rows.map((row) => row.reason)}::text[], ${rows.map((row) => row.content)}::text[]) AS r(line, reason, content)
    ON CONFLICT DO NOTHING`;
}

/** The first refused lines of a job, for a report. */
export async function firstRejectedRows(scope: { sql: Sql; tenantId: string }, jobId: string, limit: number): Promise<RejectedRow[]> {
  return scope.sql`
    SELECT line, reason, content FROM "ImportRejectedRow" WHERE "tenantId" = ${scope.tenantId} AND "jobId" = ${jobId}::uuid ORDER BY line LIMIT ${limit}`;
}

export interface HeldRow {
  line: number;
  row: object;
  candidateIds: string[];
  score: number;
}

/**
 * A batch's rows held for review, in one statement. A row already waiting for review from an
 * earlier import of the same data is not held a second time: re-running a file adds nothing.
 */
export async function insertReviewItems(scope: { sql: Sql; tenantId: string }, jobId: string, items: readonly HeldRow[]): Promise<void> {
  if (items.length === 0) return;
  await scope.sql`
    INSERT INTO "ImportReviewItem" (id, "tenantId", "jobId", line, row, "candidateIds", score)
    SELECT i.id, ${scope.tenantId}, ${jobId}::uuid, i.line, i.row, string_to_array(i.candidates, ',')::uuid[], i.score
    FROM unnest(${items.map(() => newRowId())}::uuid[], ${items.map((item) => item.line)}::int[], ${items.map((item) => JSON.stringify(item.row))}::jsonb[],
                ${items.map((item) => item.candidateIds.join(','))}::text[], ${items.map((item) => item.score)}::float8[]) AS i(id, line, row, candidates, score)
    WHERE NOT EXISTS (SELECT FROM "ImportReviewItem" p WHERE p."tenantId" = ${scope.tenantId} AND p.status = 'PENDING' AND p.row = i.row)
    ON CONFLICT DO NOTHING`;
}

export interface ReviewItemRow {
  id: string;
  jobId: string;
  line: number;
  row: Record<string, unknown>;
  candidateIds: string[];
  score: number;
  status: 'PENDING' | 'CREATED' | 'MERGED_INTO' | 'DISMISSED';
}

/** A review item locked for its decision, with its job's kind and options. */
export async function lockReviewItem(scope: { sql: Sql; tenantId: string }, id: string): Promise<(ReviewItemRow & { options: Record<string, unknown> }) | null> {
  const [row] = await scope.sql<ReviewItemRow & { options: Record<string, unknown> }>`
    SELECT i.id::text, i."jobId"::text, i.line, i.row, i."candidateIds"::text[] AS "candidateIds", i.score, i.status::text, j.options
    FROM "ImportReviewItem" i JOIN "ImportJob" j ON j."tenantId" = i."tenantId" AND j.id = i."jobId"
    WHERE i."tenantId" = ${scope.tenantId} AND i.id = ${id}::uuid
    FOR UPDATE OF i`;
  return row ?? null;
}

export async function decideReviewItem(scope: { sql: Sql; tenantId: string }, id: string, status: ReviewItemRow['status'], decidedBy: string, now: Date): Promise<void> {
  await scope.sql`
    UPDATE "ImportReviewItem" SET status = ${status}::"ImportReviewStatus", "decidedAt" = ${now}::timestamp(3), "decidedBy" = ${decidedBy}
    WHERE "tenantId" = ${scope.tenantId} AND id = ${id}::uuid`;
}

/** Serializes a job's creation with whoever waits to run it: held until the creating transaction ends. */
export async function holdImportJob(scope: { sql: Sql }, id: string): Promise<void> {
  await scope.sql`SELECT pg_advisory_xact_lock(hashtextextended(${`import-job:${id}`}, 0))`;
}

/** Running imports of uploaded files, across tenants, whose last batch committed before `stalledBefore` (a migration's function). */
export async function importsToResume(context: Pick<BackgroundContext, 'queryWithoutTenant'>, stalledBefore: Date, limit: number): Promise<{ tenantId: string; id: string; storedPath: string }[]> {
  return context.queryWithoutTenant<{ tenantId: string; id: string; storedPath: string }>`
    SELECT "tenantId", id::text, "storedPath" FROM identity_imports_to_resume(${stalledBefore}::timestamp(3), ${limit}::int)`;
}
