import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { ColumnMapping } from '../mapping.ts';
import { missingColumns } from '../mapping.ts';
import { csvFrames, unreadableLine, type FramedRecord, type RecordFrame } from './csv-frames.ts';
import { parseCsvFields, type CsvDelimiter } from './csv-fields.ts';
import { sourceLines, type SourceLine } from './source-lines.ts';

/** Where reading (re)starts: after this line, at this byte. */
export interface Checkpoint {
  line: number;
  byte: number;
}

/** A row of the file with its mapped values (target field → text, null when empty or absent). */
export interface MappedRow {
  kind: 'row';
  /** Its first and last lines (a quoted field may hold line breaks). */
  line: number;
  lastLine: number;
  /** The byte after the row: a checkpoint after it resumes at the next one. */
  end: number;
  values: Readonly<Record<string, string | null>>;
  /** The row as read, cut to MAX_CONTENT characters, for the report of a row refused later. */
  content: string;
}

/** A row refused while reading, and why. */
export interface UnreadableRow {
  kind: 'rejected';
  line: number;
  lastLine: number;
  end: number;
  problem: string;
  content: string;
}

export type ImportRecord = MappedRow | UnreadableRow;

export type ImportFile = { ok: true; records(from: Checkpoint): AsyncGenerator<ImportRecord> } | { ok: false; failure: string };

export interface ReadSettings {
  format: 'CSV' | 'NDJSON';
  mapping: ColumnMapping;
  delimiter: CsvDelimiter;
}

/** The most of a refused row the report keeps. */
export const MAX_CONTENT = 500;
/** Longest line held in memory; a longer one is refused. */
export const MAX_LINE_BYTES = 64 * 1024;
/** Rows are parsed this many at a time (csv-parse is much faster on a batch than row by row). */
const PARSE_BATCH = 200;
const LIMITS = { maxRecordLines: 50, maxRecordBytes: MAX_LINE_BYTES };

/**
 * Opens an import file: checks what can be checked before reading rows (not empty, not UTF-16,
 * for CSV a readable header holding every mapped column), so that a file that cannot be imported
 * fails whole, with nothing written. Rows are then read from any checkpoint, streaming.
 */
export async function openImportFile(path: string, settings: ReadSettings): Promise<ImportFile> {
  const head = await firstBytes(path, 4);
  if (head.length === 0) return { ok: false, failure: 'The file is empty' };
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) {
    return { ok: false, failure: 'The file is UTF-16 text; save it as UTF-8 (CSV UTF-8 in spreadsheets) and import it again' };
  }
  if (settings.format === 'NDJSON') return { ok: true, records: (from) => ndjsonRows(path, settings.mapping, from) };

  const header = await readHeader(path);
  if (!header) return { ok: false, failure: 'The file has no header line (only blank lines)' };
  if ('problem' in header) return { ok: false, failure: `The header line ${header.problem}` };
  const parsed = parseCsvFields([header.text], settings.delimiter)[0]!;
  if ('problem' in parsed) return { ok: false, failure: `The header line ${parsed.problem}` };
  const columns = parsed.fields.map((name) => name.trim());
  const missing = missingColumns(settings.mapping, columns);
  if (missing.length > 0) {
    const delimiterHint = columns.length === 1 && settings.delimiter === ',' && /[;\t|]/.test(columns[0]!) ? ' (is the file separated by another character? set the delimiter option)' : '';
    return { ok: false, failure: `The file has no column ${missing.join(', ')}; its columns are: ${columns.map((name) => `"${name}"`).join(', ')}${delimiterHint}` };
  }
  const indexOf = new Map<string, number>();
  for (const [field, column] of Object.entries(settings.mapping)) indexOf.set(field, columns.indexOf(column.trim()));
  const start: Checkpoint = { line: header.line, byte: header.end };
  return {
    ok: true,
    records: (from) => csvRows(path, settings.delimiter, columns.length, indexOf, from.byte === 0 ? start : from),
  };
}

async function firstBytes(path: string, count: number): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(count);
    const { bytesRead } = await handle.read(buffer, 0, count, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

function linesFrom(path: string, from: Checkpoint): AsyncGenerator<SourceLine> {
  return sourceLines(createReadStream(path, { start: from.byte, highWaterMark: 256 * 1024 }), { startByte: from.byte, startLine: from.line, maxLineBytes: MAX_LINE_BYTES });
}

/** The first record of the file (the stream is closed once it is read). */
async function readHeader(path: string): Promise<RecordFrame | null> {
  for await (const frame of csvFrames(linesFrom(path, { line: 0, byte: 0 }), LIMITS)) return frame;
  return null;
}

async function* csvRows(path: string, delimiter: CsvDelimiter, width: number, indexOf: ReadonlyMap<string, number>, from: Checkpoint): AsyncGenerator<ImportRecord> {
  let pending: FramedRecord[] = [];
  const flush = function* (): Generator<ImportRecord> {
    const parsed = parseCsvFields(pending.map((record) => record.text), delimiter);
    for (const [index, record] of pending.entries()) {
      const result = parsed[index]!;
      const content = cut(record.text);
      if ('problem' in result) yield { kind: 'rejected', line: record.line, lastLine: record.lastLine, end: record.end, problem: result.problem, content };
      else if (result.fields.length !== width) {
        yield { kind: 'rejected', line: record.line, lastLine: record.lastLine, end: record.end, problem: `has ${result.fields.length} fields where the header has ${width}`, content };
      } else {
        const values: Record<string, string | null> = {};
        for (const [field, index] of indexOf) values[field] = blankToNull(result.fields[index]!);
        yield { kind: 'row', line: record.line, lastLine: record.lastLine, end: record.end, values, content };
      }
    }
    pending = [];
  };
  for await (const frame of csvFrames(linesFrom(path, from), LIMITS)) {
    if ('problem' in frame) {
      yield* flush();
      yield { kind: 'rejected', line: frame.line, lastLine: frame.lastLine, end: frame.end, problem: frame.problem, content: cut(frame.content) };
      continue;
    }
    pending.push(frame);
    if (pending.length >= PARSE_BATCH) yield* flush();
  }
  yield* flush();
}

async function* ndjsonRows(path: string, mapping: ColumnMapping, from: Checkpoint): AsyncGenerator<ImportRecord> {
  const paths = Object.entries(mapping).map(([field, column]) => [field, column.trim().split('.')] as const);
  for await (const line of linesFrom(path, from)) {
    if (line.text === null || line.tooLong) {
      const broken = unreadableLine(line, MAX_LINE_BYTES);
      yield { kind: 'rejected', line: broken.line, lastLine: broken.lastLine, end: broken.end, problem: broken.problem, content: cut(broken.content) };
      continue;
    }
    if (line.text.trim() === '') continue;
    const content = cut(line.text);
    let value: unknown;
    try {
      value = JSON.parse(line.text);
    } catch (error) {
      yield { kind: 'rejected', line: line.number, lastLine: line.number, end: line.end, problem: `is not valid JSON (${error instanceof Error ? error.message : String(error)})`, content };
      continue;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      yield { kind: 'rejected', line: line.number, lastLine: line.number, end: line.end, problem: 'is not a JSON object', content };
      continue;
    }
    const values: Record<string, string | null> = {};
    let problem: string | null = null;
    for (const [field, keys] of paths) {
      const found = keys.reduce<unknown>((node, key) => (typeof node === 'object' && node !== null && !Array.isArray(node) ? (node as Record<string, unknown>)[key] : undefined), value);
      if (found === undefined || found === null) values[field] = null;
      else if (typeof found === 'string') values[field] = blankToNull(found);
      else if (typeof found === 'number' || typeof found === 'boolean') values[field] = String(found);
      else problem ??= `has an object or list under "${keys.join('.')}" (mapped to ${field}), where one value is expected`;
    }
    if (problem) yield { kind: 'rejected', line: line.number, lastLine: line.number, end: line.end, problem, content };
    else yield { kind: 'row', line: line.number, lastLine: line.number, end: line.end, values, content };
  }
}

function blankToNull(value: string): string | null {
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

/** Bounded, and storable: PostgreSQL text cannot hold a NUL character. */
function cut(text: string): string {
  const bounded = text.length > MAX_CONTENT ? `${text.slice(0, MAX_CONTENT - 1)}…` : text;
  return bounded.replace(/\u0000/g, '\uFFFD');
}
