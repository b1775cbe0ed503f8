import { setTimeout as sleep } from 'node:timers/promises';
import { ServerLog } from './server-log.ts';

/** The fields of the server's `graphql request` log line a benchmark reads (src/http/use-request-log.ts). */
export interface RequestLogLine {
  operation: string | null;
  status: number;
  errors: number;
  statements: number;
  durationMs: number;
}

/**
 * Keeps, per operation name, the SQL statement count of every request in the server's log: a
 * benchmark names its operations to tell them apart.
 */
export class RequestLog {
  private readonly log: ServerLog;
  private readonly byOperation = new Map<string, RequestLogLine[]>();

  constructor(file: string) {
    this.log = new ServerLog(file, ['graphql request']);
  }

  /** Reads what the server wrote since the last call. */
  async read(): Promise<void> {
    for (const entry of await this.log.read()) {
      if (typeof entry.operation !== 'string') continue;
      const lines = this.byOperation.get(entry.operation) ?? [];
      lines.push({
        operation: entry.operation,
        status: Number(entry.status),
        errors: Number(entry.errors ?? 0),
        statements: Number(entry.statements ?? 0),
        durationMs: Number(entry.durationMs ?? 0),
      });
      this.byOperation.set(entry.operation, lines);
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
}
