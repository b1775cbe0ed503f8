import { open } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';

/** One JSON line of the server's log (pino): `msg`, `time` and the fields of that message. */
export type LogEntry = Record<string, unknown>;

/**
 * Follows the server's JSON log (its stdout, NexoProcess.logFile): each read returns the entries of
 * the given messages written since the last one.
 */
export class ServerLog {
  private readonly file: string;
  private readonly messages: readonly string[];
  private readonly decoder = new StringDecoder('utf8');
  private offset = 0;
  private partial = '';

  constructor(file: string, messages: readonly string[]) {
    this.file = file;
    this.messages = messages;
  }

  async read(): Promise<LogEntry[]> {
    const handle = await open(this.file, 'r');
    try {
      const { size } = await handle.stat();
      if (size <= this.offset) return [];
      const buffer = Buffer.alloc(size - this.offset);
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, this.offset);
      this.offset += bytesRead;
      // The server may be mid-line (or mid-character) when the file is read: the rest comes next time.
      const lines = (this.partial + this.decoder.write(buffer.subarray(0, bytesRead))).split('\n');
      this.partial = lines.pop() ?? '';
      return lines.flatMap<LogEntry>((text) => this.entryOf(text) ?? []);
    } finally {
      await handle.close();
    }
  }

  private entryOf(text: string): LogEntry | null {
    // The server logs a line per request: only a line that can be one of the messages is worth parsing.
    if (!text.startsWith('{') || !this.messages.some((message) => text.includes(message))) return null;
    try {
      const entry = JSON.parse(text) as LogEntry;
      return this.messages.includes(String(entry.msg)) ? entry : null;
    } catch {
      return null;
    }
  }
}
