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
 *
 * How far numbering and publishing got is stored too (`EventRelay`), and publishing moves only once
 * pub/sub has taken the events: what was numbered but could not be published (Redis lost, a crash)
 * is published first by the next relay. An instance that cannot reach pub/sub does not relay: it gives
 * the lock up, so that an instance that can takes over.
 */
export function startOutboxRelay(options: RelayOptions): Relay {
  const batchSize = options.batchSize ?? 500;
  const standbyRetryMs = options.standbyRetryMs ?? 1000;
  const log = options.logger.child({ component: 'relay' });
  const bus = options.bus;
  let client: pg.Client | null = null;
  let leader = false;
  let stopped = false;
  let pumping: Promise<void> | null = null;
  let pumpAgain = false;
  let pollTimer: NodeJS.Timeout | undefined;
  let standbyTimer: NodeJS.Timeout | undefined;
  let warnedStandby = false;
  // The last position pub/sub took, and whether events positioned after it may be waiting.
  let publishedThrough = 0n;
  let catchingUp = false;

  async function positionBatch(connection: pg.Client): Promise<ActivityEvent[]> {
    const { rows } = await connection.query<OutboxRow>(
      `WITH next AS (
         SELECT id FROM "OutboxEvent" WHERE position IS NULL ORDER BY id LIMIT $1
       ), last AS (
         SELECT COALESCE(MAX(position), 0) AS position FROM "OutboxEvent"
       ), numbered AS (
         SELECT next.id, last.position + row_number() OVER (ORDER BY next.id) AS position FROM next, last
       ), progress AS (
         UPDATE "EventRelay" SET "positionedThrough" = (SELECT MAX(position) FROM numbered) WHERE EXISTS (SELECT FROM numbered)
       )
       UPDATE "OutboxEvent" e SET position = numbered.position FROM numbered WHERE e.id = numbered.id
       RETURNING ${outboxColumns('e')}`,
      [batchSize],
    );
    return rows.map(toActivityEvent).sort((a, b) => Number(BigInt(a.position!) - BigInt(b.position!)));
  }

  /** Events this relay (or a previous one) numbered but did not publish, after `position`. */
  async function unpublishedAfter(connection: pg.Client, position: bigint): Promise<ActivityEvent[]> {
    const { rows } = await connection.query<OutboxRow>(
      `SELECT ${outboxColumns('e')} FROM "OutboxEvent" e, "EventRelay" r
       WHERE e.position > $1 AND e.position <= r."positionedThrough" ORDER BY e.position LIMIT $2`,
      [position, batchSize],
    );
    return rows.map(toActivityEvent);
  }

  /** Hands the events to pub/sub, in position order; rejects, recording nothing, when it refuses one. */
  async function publish(connection: pg.Client, events: readonly ActivityEvent[]): Promise<void> {
    if (events.length === 0) return;
    await Promise.all(events.map((event) => bus.publish(event)));
    const through = BigInt(events.at(-1)!.position!);
    await connection.query('UPDATE "EventRelay" SET "publishedThrough" = $1', [through]);
    publishedThrough = through;
  }

  function pump(): Promise<void> {
    if (!leader || !client) return Promise.resolve();
    if (pumping) {
      pumpAgain = true;
      return pumping;
    }
    if (!bus.available) return resign();
    const connection = client;
    pumping = (async () => {
      let failure: { error: unknown } | null = null;
      try {
        do {
          pumpAgain = false;
          for (;;) {
            const events = catchingUp ? await unpublishedAfter(connection, publishedThrough) : await positionBatch(connection);
            await publish(connection, events);
            if (events.length === batchSize) continue;
            if (!catchingUp) break;
            catchingUp = false;
          }
        } while (pumpAgain);
      } catch (error) {
        failure = { error };
        // Whatever was numbered but not published is published first on the next attempt.
        catchingUp = true;
      } finally {
        pumping = null;
      }
      if (!failure) return;
      if (!bus.available) await resign();
      else log.error({ err: failure.error }, 'relay could not publish; retrying on the next wake-up');
    })();
    return pumping;
  }

  async function becomeLeader(): Promise<void> {
    if (stopped) return;
    // Events this instance would number could not reach the other instances' subscribers.
    if (!bus.available) return standBy();
    try {
      client ??= await connect();
      const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [RELAY_LOCK_KEY]);
      if (!rows[0]!.locked) {
        if (!bus.shared && !warnedStandby) {
          warnedStandby = true;
          log.warn('another instance relays events, and pub/sub is in-process: subscribers of this instance get no live events until NEXO_REDIS_URL is set');
        }
        return standBy();
      }
      const progress = await client.query<{ publishedThrough: string }>('SELECT "publishedThrough" FROM "EventRelay"');
      publishedThrough = BigInt(progress.rows[0]?.publishedThrough ?? 0);
      catchingUp = true;
      await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
      leader = true;
      log.info('this instance relays outbox events');
      pollTimer = setInterval(() => void pump(), options.pollIntervalMs ?? 1000);
      await pump();
    } catch (error) {
      log.warn({ err: error }, 'relay connection failed; retrying');
      await resetConnection();
      standBy();
    }
  }

  function standBy(): void {
    if (!stopped) standbyTimer = setTimeout(() => void becomeLeader(), standbyRetryMs);
  }

  /** Gives the relay up while pub/sub is unreachable; events stay in the outbox for the next relay. */
  async function resign(): Promise<void> {
    if (!leader || !client) return;
    leader = false;
    clearInterval(pollTimer);
    log.warn('pub/sub unreachable: this instance stops relaying events, so that one that can reach it takes over');
    try {
      await client.query(`UNLISTEN ${OUTBOX_CHANNEL}`);
      await client.query('SELECT pg_advisory_unlock($1)', [RELAY_LOCK_KEY]);
    } catch {
      await resetConnection();
    }
    standBy();
  }

  async function connect(): Promise<pg.Client> {
    const connection = new pg.Client({ connectionString: options.connectionString, application_name: 'nexo-relay', options: '-c TimeZone=UTC' });
    connection.on('notification', () => void pump());
    connection.on('error', (error) => {
      log.warn({ err: error }, 'relay connection lost');
      void resetConnection().then(standBy);
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

  void bus.connecting.then(becomeLeader);

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
