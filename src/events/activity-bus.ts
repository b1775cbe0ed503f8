import type { Logger } from '../logger.ts';
import type { ActivityEvent } from './activity-event.ts';
import { ActivityListeners, type ActivityListener } from './activity-listeners.ts';
import { createRedisActivityBus } from './redis-activity-bus.ts';

/** Carries published events to every subscriber: in this process, or across instances through Redis. */
export interface ActivityBus {
  /** Resolves once pub/sub has taken the event for every instance; rejects when it cannot. */
  publish(event: ActivityEvent): Promise<void>;
  /**
   * Calls `listener` synchronously with each event (the same object for every listener) until the
   * returned unsubscribe is called. When live delivery is interrupted (Redis lost), events may have
   * been missed: `interrupted` is called once and the listener is dropped.
   */
  listen(listener: ActivityListener, interrupted: () => void): () => void;
  /** False while events published now would not reach every subscriber (Redis unreachable). */
  readonly available: boolean;
  /** Settles once the first attempt to reach pub/sub has succeeded or failed. */
  readonly connecting: Promise<void>;
  /** True when events published by one instance reach the others. */
  readonly shared: boolean;
  close(): Promise<void>;
}

/**
 * @param namespace Redis channel prefix: instances serving one database share it, and deployments
 *   (or test databases) sharing one Redis never see each other's events.
 */
export function createActivityBus(redisUrl: string | undefined, namespace: string, logger: Logger): ActivityBus {
  return redisUrl ? createRedisActivityBus(redisUrl, namespace, logger) : createInProcessActivityBus();
}

function createInProcessActivityBus(): ActivityBus {
  const listeners = new ActivityListeners();
  return {
    shared: false,
    available: true,
    connecting: Promise.resolve(),
    publish(event) {
      listeners.deliver(event);
      return Promise.resolve();
    },
    listen: (listener, interrupted) => listeners.add(listener, interrupted),
    close: async () => {},
  };
}
