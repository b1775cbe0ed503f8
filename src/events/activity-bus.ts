import { Redis } from 'ioredis';
import type { ActivityEvent } from './activity-event.ts';

export type ActivityListener = (event: ActivityEvent) => void;

/** Carries published events to every subscriber: in this process, or across instances through Redis. */
export interface ActivityBus {
  publish(event: ActivityEvent): void;
  /** Calls `listener` synchronously with each event (the same object for every listener); returns the unsubscribe. */
  listen(listener: ActivityListener): () => void;
  /** True when events published by one instance reach the others. */
  readonly shared: boolean;
  close(): Promise<void>;
}

/**
 * A plain set of listeners: a thousand subscribers cost a loop over a set per event, not a
 * thousand async iterators.
 *
 * @param namespace Redis channel prefix: instances serving one database share it, and deployments
 *   (or test databases) sharing one Redis never see each other's events.
 */
export function createActivityBus(redisUrl: string | undefined, namespace: string): ActivityBus {
  const listeners = new Set<ActivityListener>();
  const deliver = (event: ActivityEvent) => {
    for (const listener of listeners) listener(event);
  };
  const listen = (listener: ActivityListener) => {
    listeners.add(listener);
    return () => void listeners.delete(listener);
  };
  if (!redisUrl) {
    return { shared: false, publish: deliver, listen, close: async () => {} };
  }

  const channel = `${namespace}:activity`;
  // A subscribed Redis connection can do nothing else, so publishing needs its own.
  const publisher = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const subscriber = new Redis(redisUrl, { maxRetriesPerRequest: null });
  void subscriber.subscribe(channel);
  subscriber.on('message', (from, message) => {
    if (from === channel) deliver(JSON.parse(message) as ActivityEvent);
  });
  return {
    shared: true,
    publish: (event) => void publisher.publish(channel, JSON.stringify(event)),
    listen,
    async close() {
      publisher.disconnect();
      subscriber.disconnect();
    },
  };
}
