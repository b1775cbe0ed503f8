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

const CHANNEL = 'nexo:activity';

export function createActivityBus(redisUrl: string | undefined): ActivityBus {
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
  return {
    shared: true,
    publish: (event) => pubSub.publish(CHANNEL, event),
    subscribe: () => pubSub.subscribe(CHANNEL) as AsyncIterableIterator<ActivityEvent>,
    async close() {
      publishClient.disconnect();
      subscribeClient.disconnect();
    },
  };
}
