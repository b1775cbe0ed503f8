import { ValidationError, type FieldError } from '../../../src/plugin-api.ts';
import { insertImportJob, type ImportJobRow } from '../store/import-jobs.ts';
import { importOptionsSchema, type ImportOptions } from './import-options.ts';
import type { ImportScope } from './import-scope.ts';
import { mappingProblems, type ImportKind } from './mapping.ts';

/** What a client (or the CLI) asks to import, before it is checked. */
export interface ImportRequest {
  kind: ImportKind;
  format: 'CSV' | 'NDJSON';
  mapping: Readonly<Record<string, string>>;
  options: unknown;
}

export interface CheckedImportRequest {
  kind: ImportKind;
  format: 'CSV' | 'NDJSON';
  mapping: Record<string, string>;
  options: ImportOptions;
}

/** The most columns a mapping names. */
export const MAX_MAPPED_FIELDS = 40;

/** Every problem of the mapping and the options at once, under `at` (`input.mapping.email` …). */
export function checkImportRequest(request: ImportRequest, at: readonly string[]): CheckedImportRequest {
  const problems: FieldError[] = [];
  const entries = Object.entries(request.mapping);
  if (entries.length > MAX_MAPPED_FIELDS) problems.push({ path: [...at, 'mapping'], message: `must map at most ${MAX_MAPPED_FIELDS} fields` });
  problems.push(...mappingProblems(request.kind, request.mapping, [...at, 'mapping']));
  const options = importOptionsSchema.safeParse(request.options ?? {});
  if (!options.success) problems.push(...options.error.issues.map((issue) => ({ path: [...at, 'options', ...issue.path.map(String)], message: issue.message })));
  if (problems.length > 0 || !options.success) throw new ValidationError(problems);
  return { kind: request.kind, format: request.format, mapping: Object.fromEntries(entries.map(([field, column]) => [field, column.trim()])), options: options.data };
}

/** The file an import reads: where it is, and what it is (a resumed job checks it is the same). */
export interface ImportFileFacts {
  name: string;
  bytes: number;
  sha256: string;
  /** Set for a file the server keeps (an upload), which the server resumes by itself after a restart. */
  storedPath: string | null;
}

/** A new RUNNING job, at line 0 of its file. */
export async function createImportJob(scope: ImportScope, request: CheckedImportRequest, file: ImportFileFacts, createdBy: string, id?: string): Promise<ImportJobRow> {
  return insertImportJob(
    scope,
    {
      ...(id ? { id } : {}),
      kind: request.kind,
      format: request.format,
      fileName: file.name.slice(0, 500),
      fileSha256: file.sha256,
      fileBytes: file.bytes,
      storedPath: file.storedPath,
      mapping: request.mapping,
      options: request.options,
      createdBy,
    },
    scope.now,
  );
}
