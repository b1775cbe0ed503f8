import { open } from 'node:fs/promises';

/** The fields of the server's `event reaction batch handled` log line (src/events/reactions.ts). */
export interface ReactionBatchLine {
  consumer: string;
  tenantId: string;
  events: number;
  /** SQL statements the batch sent, transaction control included. */
  statements: number;
  durationMs: number;
}

/**
 * Follows the server's JSON log (NexoProcess.logFile) for the batches its event reactions handled:
 * each line says which reaction, how many events, its statements and how long it took, BEGIN to COMMIT.
 * It also counts the scheduler's full evaluations of segments, which compete with the batches for
 * the machine while they run.
 */
export class ReactionBatchLog {
  private readonly file: string;
  private offset = 0;
  private partial = '';
  readonly batches: ReactionBatchLine[] = [];
  scheduledEvaluations = 0;

  constructor(file: string) {
    this.file = file;
  }

  /** Reads what the server wrote since the last call; returns the batches found in it. */
  async read(): Promise<ReactionBatchLine[]> {
    const handle = await open(this.file, 'r');
    try {
      const { size } = await handle.stat();
      if (size <= this.offset) return [];
      const buffer = Buffer.alloc(size - this.offset);
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, this.offset);
      this.offset += bytesRead;
      const lines = (this.partial + buffer.subarray(0, bytesRead).toString('utf8')).split('\n');
      this.partial = lines.pop() ?? '';
      this.scheduledEvaluations += lines.filter((line) => line.includes('"msg":"scheduled segment evaluation"')).length;
      const found = lines.flatMap((line) => batchOf(line) ?? []);
      this.batches.push(...found);
      return found;
    } finally {
      await handle.close();
    }
  }
}

function batchOf(text: string): ReactionBatchLine | null {
  if (!text.startsWith('{') || !text.includes('event reaction batch handled')) return null;
  try {
    const entry = JSON.parse(text) as Record<string, unknown>;
    if (entry.msg !== 'event reaction batch handled') return null;
    return { consumer: String(entry.consumer), tenantId: String(entry.tenantId), events: Number(entry.events), statements: Number(entry.statements), durationMs: Number(entry.durationMs) };
  } catch {
    return null;
  }
}
