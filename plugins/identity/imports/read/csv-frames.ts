import type { SourceLine } from './source-lines.ts';

/** The text of one CSV record (several lines when a quoted field holds line breaks). */
export interface FramedRecord {
  /** Its first and last lines' numbers, and the byte after its last line. */
  line: number;
  lastLine: number;
  end: number;
  text: string;
}

/** A line that cannot be read as (the start of) a record, and why. */
export interface BrokenLine {
  line: number;
  lastLine: number;
  end: number;
  problem: string;
  /** What was read of it, for the report. */
  content: string;
}

export type RecordFrame = FramedRecord | BrokenLine;

export interface FrameLimits {
  /** Most lines one record may span (a quoted field with line breaks) before its opening quote is taken as broken. */
  maxRecordLines: number;
  maxRecordBytes: number;
}

/**
 * Cuts lines into CSV records. A record ends at the first line feed outside quotes: an odd number
 * of `"` so far means a quoted field is still open (an escaped quote is doubled, so parity is
 * enough). A field that is never closed (the end of the file, or the record outgrowing its
 * limits) makes only its first line a broken line; the lines after it are read again as records
 * of their own, so one stray quote costs one line, not the rest of the file.
 */
export async function* csvFrames(lines: AsyncIterable<SourceLine>, limits: FrameLimits): AsyncGenerator<RecordFrame> {
  const source = lines[Symbol.asyncIterator]();
  // Lines taken back from a record that could not be closed, read again before the source.
  const again: SourceLine[] = [];
  let pending: SourceLine[] = [];
  let pendingBytes = 0;
  let quotes = 0;

  const next = async (): Promise<SourceLine | null> => {
    if (again.length > 0) return again.shift()!;
    const result = await source.next();
    return result.done ? null : result.value;
  };
  /** The open record's first line is broken; the lines after it (and `also`) are read again. */
  const abandon = (problem: string, also: SourceLine[] = []): BrokenLine => {
    const [first, ...rest] = pending;
    again.unshift(...rest, ...also);
    pending = [];
    pendingBytes = 0;
    quotes = 0;
    return { line: first!.number, lastLine: first!.number, end: first!.end, problem, content: first!.text ?? '' };
  };
  const unterminated = `has a quoted field that is never closed (a stray " or a missing closing quote)`;

  for (let line = await next(); line !== null || pending.length > 0; line = await next()) {
    if (line === null) {
      yield abandon(unterminated);
      continue;
    }
    if (line.text === null || line.tooLong) {
      if (pending.length > 0) {
        yield abandon(unterminated, [line]);
        continue;
      }
      yield unreadableLine(line, limits.maxRecordBytes);
      continue;
    }
    if (pending.length === 0 && line.text.trim() === '') continue;
    pending.push(line);
    pendingBytes += line.end - line.start;
    quotes += countQuotes(line.text);
    if (quotes % 2 === 0) {
      const record: FramedRecord = { line: pending[0]!.number, lastLine: line.number, end: line.end, text: pending.length === 1 ? line.text : pending.map((part) => part.text).join('\n') };
      pending = [];
      pendingBytes = 0;
      quotes = 0;
      yield record;
    } else if (pending.length >= limits.maxRecordLines || pendingBytes > limits.maxRecordBytes) {
      yield abandon(unterminated);
    }
  }
}

/** A line too long to hold, or whose bytes are not UTF-8: reported, never decoded into mojibake. */
export function unreadableLine(line: SourceLine, maxBytes: number): BrokenLine {
  if (line.text === null) {
    const raw = line.raw ?? Buffer.alloc(0);
    const at = firstInvalidByte(raw);
    const problem = `is not UTF-8 text (byte 0x${raw[at]?.toString(16).toUpperCase().padStart(2, '0')} at column ${at + 1}); save the file as UTF-8`;
    // The report shows what could be read, with U+FFFD where a byte is not UTF-8.
    return { line: line.number, lastLine: line.number, end: line.end, problem, content: raw.toString('utf8') };
  }
  return { line: line.number, lastLine: line.number, end: line.end, problem: `is longer than ${maxBytes.toLocaleString('en-US')} bytes`, content: line.text };
}

function countQuotes(text: string): number {
  let count = 0;
  for (let at = text.indexOf('"'); at !== -1; at = text.indexOf('"', at + 1)) count += 1;
  return count;
}

/** Index of the first byte that does not begin a valid UTF-8 sequence. */
function firstInvalidByte(bytes: Buffer): number {
  let at = 0;
  while (at < bytes.length) {
    const byte = bytes[at]!;
    const length = byte < 0x80 ? 1 : byte >= 0xc2 && byte < 0xe0 ? 2 : byte >= 0xe0 && byte < 0xf0 ? 3 : byte >= 0xf0 && byte < 0xf5 ? 4 : 0;
    if (length === 0) return at;
    for (let continuation = 1; continuation < length; continuation += 1) {
      const next = bytes[at + continuation];
      if (next === undefined || (next & 0xc0) !== 0x80) return at;
    }
    at += length;
  }
  return 0;
}
