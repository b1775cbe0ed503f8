import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from '../logger.ts';
import type { ActivityBus } from './activity-bus.ts';
import type { ActivityEvent } from './activity-event.ts';
import { ActivityListeners } from './activity-listeners.ts';

/** How long a connection attempt or a PUBLISH may take before Redis counts as unreachable. */
const REDIS_TIMEOUT_MS = 2_000;

/** How often an idle instance checks that Redis still answers. */
const HEARTBEAT_MS = 5_000;

const connectionOptions: RedisOptions = {
  // Reconnect for as long as the instance runs (it becomes ready again when Redis is back), at most every 2 s.
  retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
  connectTimeout: REDIS_TIMEOUT_MS,
  // A command fails at once while Redis is unreachable, instead of waiting for it in a queue: a
  // PUBLISH that did not happen must be known, so that the relay keeps the event and retries.
  enableOfflineQueue: false,
  maxRetriesPerRequest: 0,
  autoResendUnfulfilledCommands: false,
};

/**
 * Pub/sub across instances. Available only while both connections are up and the channel is
 * subscribed. Losing the subscription interrupts every listener, since they may have missed events.
 */
export function createRedisActivityBus(redisUrl: string, namespace: string, logger: Logger): ActivityBus {
  const log = logger.child({ component: 'pubsub' });
  const channel = `${namespace}:activity`;
  const listeners = new ActivityListeners();
  // A subscribed Redis connection can do nothing else, so publishing needs its own.
  const publisher = new Redis(redisUrl, { ...connectionOptions, commandTimeout: REDIS_TIMEOUT_MS });
  const subscriber = new Redis(redisUrl, { ...connectionOptions, autoResubscribe: false });
  let subscribed = false;
  let closing = false;
  // What was last logged; undefined until the first attempt has an outcome.
  let reachable: boolean | undefined;
  let settle!: () => void;
  const connecting = new Promise<void>((resolve) => (settle = resolve));
  // A Redis that accepts the connection but never answers gives no outcome: do not wait for one.
  setTimeout(() => settle(), REDIS_TIMEOUT_MS).unref();

  const available = () => subscribed && publisher.status === 'ready';
  const recovered = () => {
    if (!available() || reachable === true) return;
    reachable = true;
    settle();
    log.info('pub/sub reachable: live events flow');
  };
  // ioredis emits an error for every failed attempt: an outage is logged once, however long it lasts.
  const lost = (error?: unknown) => {
    if (closing || available() || reachable === false) return;
    reachable = false;
    settle();
    log.warn({ err: error, redis: redactedUrl(redisUrl) }, 'pub/sub unreachable: live events are paused and this instance reports not ready; retrying');
  };

  publisher.on('error', lost);
  publisher.on('close', () => lost());
  publisher.on('ready', recovered);
  subscriber.on('error', lost);
  subscriber.on('close', () => {
    if (subscribed) {
      subscribed = false;
      listeners.interrupt();
    }
    lost();
  });
  subscriber.on('ready', () => {
    subscriber.subscribe(channel).then(() => {
      subscribed = true;
      recovered();
    }, lost);
  });
  subscriber.on('message', (from, message) => {
    if (from === channel) listeners.deliver(JSON.parse(message) as ActivityEvent);
  });

  // A Redis that stops answering without closing the connection would otherwise look reachable
  // forever: a command it leaves unanswered starts both connections over, which reports the outage.
  const startOver = (error: unknown) => {
    if (closing || publisher.status !== 'ready') return;
    if (subscribed) {
      subscribed = false;
      listeners.interrupt();
    }
    lost(error);
    publisher.disconnect(true);
    subscriber.disconnect(true);
  };
  const heartbeat = setInterval(() => {
    if (publisher.status === 'ready') publisher.ping().catch(startOver);
  }, HEARTBEAT_MS);
  heartbeat.unref();

  return {
    shared: true,
    get available() {
      return available();
    },
    connecting,
    async publish(event) {
      try {
        await publisher.publish(channel, JSON.stringify(event));
      } catch (error) {
        startOver(error);
        throw error;
      }
    },
    listen: (listener, interrupted) => listeners.add(listener, interrupted),
    async close() {
      closing = true;
      clearInterval(heartbeat);
      settle();
      publisher.disconnect();
      subscriber.disconnect();
    },
  };
}

/** The URL without its password, for the log. */
function redactedUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}
