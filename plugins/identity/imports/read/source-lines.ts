import { isUtf8 } from 'node:buffer';

/** One physical line of an import file, with where it sits in the file. */
export interface SourceLine {
  /** 1-based line number in the file. */
  number: number;
  /** Byte offset of its first byte, and of the byte after its line feed (where the next line starts). */
  start: number;
  end: number;
  /** The line without its line ending; null when its bytes are not UTF-8 (`raw` then holds them, cut to `maxLineBytes`). */
  text: string | null;
  raw?: Buffer;
  /** Longer than `maxLineBytes`: only its first bytes were kept, the rest skipped to the next line feed. */
  tooLong: boolean;
}

export interface LineReadOptions {
  /** Byte offset the stream starts at (a checkpoint), and the number of the line there. */
  startByte: number;
  startLine: number;
  /** Longest line kept; a longer one is reported as too long and never held whole. */
  maxLineBytes: number;
}

const LF = 0x0a;
const CR = 0x0d;
const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/**
 * Splits a byte stream into lines, keeping each line's byte range so that an import can commit a
 * checkpoint after any of them and later start reading exactly there. A line is held in memory at
 * most up to `maxLineBytes`, whatever the file. UTF-8 never uses the line-feed byte inside a
 * character, so splitting the bytes before decoding is safe; a UTF-8 BOM at the start of the file
 * is dropped.
 */
export async function* sourceLines(chunks: AsyncIterable<Buffer>, options: LineReadOptions): AsyncGenerator<SourceLine> {
  let offset = options.startByte;
  let number = options.startLine;
  let parts: Buffer[] = [];
  let kept = 0;
  let lineStart = offset;
  let tooLong = false;
  let atFileStart = options.startByte === 0;

  const finish = (end: number): SourceLine => {
    let bytes = parts.length === 1 ? parts[0]! : Buffer.concat(parts, kept);
    if (atFileStart) {
      if (bytes.subarray(0, 3).equals(UTF8_BOM)) bytes = bytes.subarray(3);
      atFileStart = false;
    }
    if (!tooLong && bytes.length > 0 && bytes[bytes.length - 1] === CR) bytes = bytes.subarray(0, bytes.length - 1);
    number += 1;
    const valid = isUtf8(bytes);
    const line: SourceLine = { number, start: lineStart, end, text: valid ? bytes.toString('utf8') : null, tooLong };
    if (!valid) line.raw = Buffer.from(bytes);
    parts = [];
    kept = 0;
    tooLong = false;
    lineStart = end;
    return line;
  };
  const keep = (piece: Buffer) => {
    const room = options.maxLineBytes - kept;
    if (piece.length > room) tooLong = true;
    const taken = piece.length > room ? piece.subarray(0, room) : piece;
    if (taken.length > 0) {
      parts.push(taken);
      kept += taken.length;
    }
  };

  for await (const chunk of chunks) {
    let from = 0;
    for (let at = chunk.indexOf(LF, from); at !== -1; at = chunk.indexOf(LF, from)) {
      keep(chunk.subarray(from, at));
      yield finish(offset + at + 1);
      from = at + 1;
    }
    // A chunk may be reused by the stream once read: keep a copy of what is carried over.
    if (from < chunk.length) keep(Buffer.from(chunk.subarray(from)));
    offset += chunk.length;
  }
  if (kept > 0 || tooLong) yield finish(offset);
}
