import type { Viewer } from '../auth/viewer.ts';
import type { PrismaClient } from '../db/client.ts';
import { withTenant } from '../db/tenant-db.ts';
import { Prisma } from '../generated/prisma/client.ts';
import type { ActivityBus } from './activity-bus.ts';
import { outboxColumns, toActivityEvent, type ActivityEvent, type OutboxRow } from './activity-event.ts';

export interface ActivityFilter {
  /** Global id of a customer: only events concerning them. */
  customerId?: string | null;
  topics?: readonly string[] | null;
  channels?: readonly string[] | null;
}

export interface ActivityFeed {
  /**
   * The viewer's tenant's events that their roles may read: first those after `after` (a position)
   * from the outbox, then live ones, with no gap and no duplicate at the seam.
   */
  stream(viewer: Viewer, filter: ActivityFilter, after: bigint | null): AsyncGenerator<ActivityEvent>;
}

const REPLAY_PAGE = 500;

/**
 * @param topicPermissions the permission each topic's readers need (its area's `:read`).
 */
export function createActivityFeed(bus: ActivityBus, prisma: PrismaClient, topicPermissions: ReadonlyMap<string, string>): ActivityFeed {
  return {
    async *stream(viewer, filter, after) {
      const visible = (event: ActivityEvent) => isVisible(event, viewer, filter, topicPermissions);
      // Listen before replaying, so that what is published meanwhile waits here instead of being lost.
      const live = queueOf(bus.subscribe());
      let last = after ?? -1n;
      try {
        if (after !== null) {
          for await (const event of replay(prisma, viewer.tenantId, filter, after)) {
            last = BigInt(event.position!);
            if (visible(event)) yield event;
          }
        }
        for (let event = await live.take(); event; event = await live.take()) {
          // Replay may already have delivered what was published while it ran.
          if (event.position === null || BigInt(event.position) <= last) continue;
          last = BigInt(event.position);
          if (visible(event)) yield event;
        }
      } finally {
        await live.close();
      }
    },
  };
}

/** Pulls a subscription continuously into a queue, so nothing published is dropped while we are busy. */
function queueOf(source: AsyncIterableIterator<ActivityEvent>) {
  const queue: ActivityEvent[] = [];
  let ended = false;
  let wake = null as (() => void) | null;
  const pulling = (async () => {
    try {
      for await (const event of source) {
        queue.push(event);
        wake?.();
      }
    } finally {
      ended = true;
      wake?.();
    }
  })();
  return {
    async take(): Promise<ActivityEvent | null> {
      while (queue.length === 0 && !ended) await new Promise<void>((resolve) => (wake = resolve));
      wake = null;
      return queue.shift() ?? null;
    },
    async close(): Promise<void> {
      await source.return?.();
      await pulling.catch(() => {});
    },
  };
}

function isVisible(event: ActivityEvent, viewer: Viewer, filter: ActivityFilter, topicPermissions: ReadonlyMap<string, string>): boolean {
  if (event.tenantId !== viewer.tenantId) return false;
  const needed = topicPermissions.get(event.topic);
  if (!needed || !viewer.permissions.has(needed)) return false;
  if (filter.customerId && event.customerNodeId !== filter.customerId) return false;
  if (filter.topics?.length && !filter.topics.includes(event.topic)) return false;
  if (filter.channels?.length && (!event.channel || !filter.channels.includes(event.channel))) return false;
  return true;
}

async function* replay(prisma: PrismaClient, tenantId: string, filter: ActivityFilter, after: bigint): AsyncGenerator<ActivityEvent> {
  let cursor = after;
  for (;;) {
    const rows = await withTenant(prisma, tenantId, (db) =>
      db.$queryRaw<OutboxRow[]>`
        SELECT ${Prisma.raw(outboxColumns('e'))} FROM "OutboxEvent" e
        WHERE e.position > ${cursor} ${filter.customerId ? Prisma.sql`AND e."customerNodeId" = ${filter.customerId}` : Prisma.empty}
        ORDER BY e.position LIMIT ${REPLAY_PAGE}`,
    );
    for (const row of rows) yield toActivityEvent(row);
    if (rows.length < REPLAY_PAGE) return;
    cursor = BigInt(rows.at(-1)!.position!);
  }
}
