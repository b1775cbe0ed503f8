import { open } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';

/** The fields of the server's `graphql request` log line a benchmark reads (src/http/use-request-log.ts). */
export interface RequestLogLine {
  operation: string | null;
  status: number;
  errors: number;
  statements: number;
  durationMs: number;
}

/**
 * Follows the server's JSON log (its stdout, NexoProcess.logFile) and keeps, per operation name,
 * the SQL statement count of every request: a benchmark names its operations to tell them apart.
 */
export class RequestLog {
  private readonly file: string;
  private offset = 0;
  private partial = '';
  private readonly byOperation = new Map<string, RequestLogLine[]>();

  constructor(file: string) {
    this.file = file;
  }

  /** Reads what the server wrote since the last call. */
  async read(): Promise<void> {
    const handle = await open(this.file, 'r');
    try {
      const { size } = await handle.stat();
      if (size <= this.offset) return;
      const buffer = Buffer.alloc(size - this.offset);
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, this.offset);
      this.offset += bytesRead;
      const lines = (this.partial + buffer.subarray(0, bytesRead).toString('utf8')).split('\n');
      this.partial = lines.pop() ?? '';
      for (const line of lines) this.take(line);
    } finally {
      await handle.close();
    }
  }

  /** Requests of `operation` logged so far. */
  linesOf(operation: string): readonly RequestLogLine[] {
    return this.byOperation.get(operation) ?? [];
  }

  /** Reads until at least `count` requests of `operation` are logged (a line may land a moment after the answer). */
  async waitFor(operation: string, count: number, timeoutMs = 5_000): Promise<readonly RequestLogLine[]> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      await this.read();
      const lines = this.linesOf(operation);
      if (lines.length >= count) return lines;
      if (performance.now() > deadline) throw new Error(`the server logged ${lines.length} of ${count} requests of ${operation} within ${timeoutMs / 1000} s`);
      await sleep(20);
    }
  }

  private take(text: string): void {
    if (!text.startsWith('{')) return;
    let entry: Record<string, unknown>;
    try {
      entry = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return;
    }
    if (entry.msg !== 'graphql request' || typeof entry.operation !== 'string') return;
    const line: RequestLogLine = {
      operation: entry.operation,
      status: Number(entry.status),
      errors: Number(entry.errors ?? 0),
      statements: Number(entry.statements ?? 0),
      durationMs: Number(entry.durationMs ?? 0),
    };
    const lines = this.byOperation.get(entry.operation) ?? [];
    lines.push(line);
    this.byOperation.set(entry.operation, lines);
  }
}

/** The median of whole numbers (statement counts); NaN for none. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
