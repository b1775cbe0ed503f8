import pg from 'pg';
import type { Logger } from '../logger.ts';
import type { ActivityBus } from './activity-bus.ts';
import { outboxColumns, toActivityEvent, type ActivityEvent, type OutboxRow } from './activity-event.ts';
import { OUTBOX_CHANNEL } from './event-writer.ts';

export interface RelayOptions {
  /** Owner connection: the relay reads every tenant's events. */
  connectionString: string;
  bus: ActivityBus;
  logger: Logger;
  /** Events positioned per statement. Default 500. */
  batchSize?: number;
  /** Safety net when a NOTIFY is missed (e.g. a reconnect). Default 1000 ms. */
  pollIntervalMs?: number;
  /** How often a standby instance tries to become the relay. Default 1000 ms. */
  standbyRetryMs?: number;
}

export interface Relay {
  /** Positions and publishes everything committed so far; resolves when none is left. */
  drain(): Promise<void>;
  readonly isLeader: boolean;
  stop(): Promise<void>;
}

// One relay per database: the instance holding this session lock numbers and publishes events.
const RELAY_LOCK_KEY = 7_311_843_010;

/**
 * The single writer of event positions. A committed outbox row gets the next position, in id order
 * among the rows visible at that moment, and is then published. A row that commits late (its
 * transaction started earlier) simply gets a later position, so positions never skip an event and
 * subscribers can resume after any position they saw. Positions are stored, so a restart between
 * commit and delivery loses nothing: unpositioned rows are picked up on start.
 */
export function startOutboxRelay(options: RelayOptions): Relay {
  const batchSize = options.batchSize ?? 500;
  const log = options.logger.child({ component: 'relay' });
  let client: pg.Client | null = null;
  let leader = false;
  let stopped = false;
  let pumping: Promise<void> | null = null;
  let pumpAgain = false;
  let pollTimer: NodeJS.Timeout | undefined;
  let standbyTimer: NodeJS.Timeout | undefined;
  let warnedStandby = false;

  async function positionBatch(connection: pg.Client): Promise<ActivityEvent[]> {
    const { rows } = await connection.query<OutboxRow>(
      `WITH next AS (
         SELECT id FROM "OutboxEvent" WHERE position IS NULL ORDER BY id LIMIT $1
       ), last AS (
         SELECT COALESCE(MAX(position), 0) AS position FROM "OutboxEvent"
       ), numbered AS (
         SELECT next.id, last.position + row_number() OVER (ORDER BY next.id) AS position FROM next, last
       )
       UPDATE "OutboxEvent" e SET position = numbered.position FROM numbered WHERE e.id = numbered.id
       RETURNING ${outboxColumns('e')}`,
      [batchSize],
    );
    return rows.map(toActivityEvent).sort((a, b) => Number(BigInt(a.position!) - BigInt(b.position!)));
  }

  function pump(): Promise<void> {
    if (!leader || !client) return Promise.resolve();
    if (pumping) {
      pumpAgain = true;
      return pumping;
    }
    const connection = client;
    pumping = (async () => {
      try {
        do {
          pumpAgain = false;
          for (;;) {
            const events = await positionBatch(connection);
            for (const event of events) options.bus.publish(event);
            if (events.length < batchSize) break;
          }
        } while (pumpAgain);
      } catch (error) {
        log.error({ err: error }, 'relay could not publish; retrying on the next wake-up');
      } finally {
        pumping = null;
      }
    })();
    return pumping;
  }

  async function becomeLeader(): Promise<void> {
    if (stopped) return;
    try {
      client ??= await connect();
      const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [RELAY_LOCK_KEY]);
      if (!rows[0]!.locked) {
        if (!options.bus.shared && !warnedStandby) {
          warnedStandby = true;
          log.warn('another instance relays events, and pub/sub is in-process: subscribers of this instance get no live events until NEXO_REDIS_URL is set');
        }
        standbyTimer = setTimeout(() => void becomeLeader(), options.standbyRetryMs ?? 1000);
        return;
      }
      await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
      leader = true;
      log.info('this instance relays outbox events');
      pollTimer = setInterval(() => void pump(), options.pollIntervalMs ?? 1000);
      await pump();
    } catch (error) {
      log.warn({ err: error }, 'relay connection failed; retrying');
      await resetConnection();
      standbyTimer = setTimeout(() => void becomeLeader(), options.standbyRetryMs ?? 1000);
    }
  }

  async function connect(): Promise<pg.Client> {
    const connection = new pg.Client({ connectionString: options.connectionString, application_name: 'nexo-relay', options: '-c TimeZone=UTC' });
    connection.on('notification', () => void pump());
    connection.on('error', (error) => {
      log.warn({ err: error }, 'relay connection lost');
      void resetConnection().then(() => {
        if (!stopped) standbyTimer = setTimeout(() => void becomeLeader(), options.standbyRetryMs ?? 1000);
      });
    });
    await connection.connect();
    return connection;
  }

  async function resetConnection(): Promise<void> {
    leader = false;
    clearInterval(pollTimer);
    const connection = client;
    client = null;
    await connection?.end().catch(() => {});
  }

  void becomeLeader();

  return {
    get isLeader() {
      return leader;
    },
    async drain() {
      await pump();
      if (pumping) await pumping;
    },
    async stop() {
      stopped = true;
      clearTimeout(standbyTimer);
      if (pumping) await pumping;
      await resetConnection();
    },
  };
}
