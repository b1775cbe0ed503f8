import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger } from 'pino';

/** Structured JSON logs on stdout (or a given stream, for tests that read them). */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino({ level, base: { service: 'nexo' }, timestamp: pino.stdTimeFunctions.isoTime }, destination);
}
