import { ServerLog } from './server-log.ts';

const BATCH_HANDLED = 'event reaction batch handled';
const SCHEDULED_EVALUATION = 'scheduled segment evaluation';

/** The fields of the server's `event reaction batch handled` log line (src/events/reactions.ts). */
export interface ReactionBatchLine {
  consumer: string;
  tenantId: string;
  events: number;
  /** SQL statements the batch sent, transaction control included. */
  statements: number;
  durationMs: number;
  /** When the line was logged (after COMMIT), ms since the epoch. */
  at: number;
}

/**
 * The batches the server's event reactions handled, from its log: each says which reaction, how
 * many events, its statements and how long it took, BEGIN to COMMIT. It also counts the scheduler's
 * full evaluations of segments, which compete with the batches for the machine while they run.
 */
export class ReactionBatchLog {
  private readonly log: ServerLog;
  readonly batches: ReactionBatchLine[] = [];
  scheduledEvaluations = 0;

  constructor(file: string) {
    this.log = new ServerLog(file, [BATCH_HANDLED, SCHEDULED_EVALUATION]);
  }

  /** Reads what the server wrote since the last call; returns the batches found in it. */
  async read(): Promise<ReactionBatchLine[]> {
    const found: ReactionBatchLine[] = [];
    for (const entry of await this.log.read()) {
      if (entry.msg === SCHEDULED_EVALUATION) {
        this.scheduledEvaluations++;
        continue;
      }
      found.push({
        consumer: String(entry.consumer),
        tenantId: String(entry.tenantId),
        events: Number(entry.events),
        statements: Number(entry.statements),
        durationMs: Number(entry.durationMs),
        at: Date.parse(String(entry.time)),
      });
    }
    this.batches.push(...found);
    return found;
  }
}
