import { setTimeout as sleep } from 'node:timers/promises';
import { ReactionBatchLog } from '../lib/reaction-batch-log.ts';
import { ServerLog } from '../lib/server-log.ts';

/** The `campaign launch batch handled` line of the launch runner (plugins/campaigns/launch/launch-runner.ts). */
export interface BatchLine {
  runId: string;
  statements: number;
  durationMs: number;
  /** When the line was logged (after COMMIT), ms since the epoch. */
  at: number;
}

/**
 * The launch runner's batches in a server's log, and the event reactions' batches, which share the
 * machine with a launch: its contacts are interactions, which dynamic segments re-read.
 */
export class LaunchLog {
  private readonly log: ServerLog;
  private readonly batches: BatchLine[] = [];
  readonly reactions: ReactionBatchLog;

  constructor(file: string) {
    this.log = new ServerLog(file, ['campaign launch batch handled']);
    this.reactions = new ReactionBatchLog(file);
  }

  async read(): Promise<void> {
    for (const entry of await this.log.read()) {
      this.batches.push({ runId: String(entry.runId), statements: Number(entry.statements), durationMs: Number(entry.durationMs), at: Date.parse(String(entry.time)) });
    }
    await this.reactions.read();
  }

  /** Reads once the lines of the batches committed so far are in the file: the server writes one up to a quarter second after its commit. */
  async readSettled(): Promise<void> {
    await sleep(500);
    await this.read();
  }

  /** The batches of one run (its row id) read so far. */
  of(runId: string): BatchLine[] {
    return this.batches.filter((line) => line.runId === runId);
  }
}
