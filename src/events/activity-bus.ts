import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import { createPubSub } from 'graphql-yoga';
import { Redis } from 'ioredis';
import type { ActivityEvent } from './activity-event.ts';

/** Carries published events to every subscriber: in this process, or across instances through Redis. */
export interface ActivityBus {
  publish(event: ActivityEvent): void;
  subscribe(): AsyncIterableIterator<ActivityEvent>;
  /** True when events published by one instance reach the others. */
  readonly shared: boolean;
  close(): Promise<void>;
}

const CHANNEL = 'activity';

/**
 * @param namespace Redis channel prefix: instances serving one database share it, and deployments
 *   (or test databases) sharing one Redis never see each other's events.
 */
export function createActivityBus(redisUrl: string | undefined, namespace: string): ActivityBus {
  if (!redisUrl) {
    const pubSub = createPubSub<{ [CHANNEL]: [ActivityEvent] }>();
    return {
      shared: false,
      publish: (event) => pubSub.publish(CHANNEL, event),
      subscribe: () => pubSub.subscribe(CHANNEL) as AsyncIterableIterator<ActivityEvent>,
      close: async () => {},
    };
  }
  // A subscribed Redis connection can do nothing else, so publishing needs its own.
  const publishClient = new Redis(redisUrl, { lazyConnect: false, maxRetriesPerRequest: null });
  const subscribeClient = new Redis(redisUrl, { lazyConnect: false, maxRetriesPerRequest: null });
  const pubSub = createPubSub<{ [CHANNEL]: [ActivityEvent] }>({
    eventTarget: createRedisEventTarget({ publishClient, subscribeClient }),
  });
  const channel = `${namespace}:${CHANNEL}` as typeof CHANNEL;
  return {
    shared: true,
    publish: (event) => pubSub.publish(channel, event),
    subscribe: () => pubSub.subscribe(channel) as AsyncIterableIterator<ActivityEvent>,
    async close() {
      publishClient.disconnect();
      subscribeClient.disconnect();
    },
  };
}
