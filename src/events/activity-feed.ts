import type { Viewer } from '../auth/viewer.ts';
import type { TenantTransactions } from '../db/tenant-db.ts';
import { ServiceUnavailableError } from '../errors.ts';
import { Prisma } from '../generated/prisma/client.ts';
import type { ActivityBus } from './activity-bus.ts';
import { outboxColumns, toActivityEvent, type ActivityEvent, type OutboxRow } from './activity-event.ts';
import { PushQueue } from './push-queue.ts';

export interface ActivityFilter {
  /** Global id of a customer: only events concerning them. */
  customerId?: string | null;
  topics?: readonly string[] | null;
  channels?: readonly string[] | null;
}

export interface ActivityFeed {
  /**
   * The viewer's tenant's events that their roles may read: first those after `after` (a position)
   * from the outbox, then live ones, with no gap and no duplicate at the seam. While pub/sub is
   * unreachable it refuses (ServiceUnavailableError), and a stream it interrupts ends with that error.
   */
  stream(viewer: Viewer, filter: ActivityFilter, after: bigint | null): AsyncIterableIterator<ActivityEvent>;
}

const REPLAY_PAGE = 500;
// Events waiting for one slow subscriber; past this the subscription fails rather than the server
// holding memory for a client that stopped reading (it can resume with `after`).
const LIVE_BUFFER = 10_000;

/**
 * @param topicPermissions the permission each topic's readers need (its area's `:read`).
 */
export function createActivityFeed(bus: ActivityBus, transactions: TenantTransactions, topicPermissions: ReadonlyMap<string, string>): ActivityFeed {
  return {
    stream(viewer, filter, after) {
      // Accepting it would promise live events this instance cannot receive.
      if (!bus.available) throw liveEventsInterrupted(after ?? -1n);
      const visible = (event: ActivityEvent) => isVisible(event, viewer, filter, topicPermissions);
      let last = after ?? -1n;
      let replaying = after !== null;
      const heldDuringReplay: ActivityEvent[] = [];
      const forward = (event: ActivityEvent) => {
        // Replay may already have delivered what was published while it ran.
        if (event.position === null) return;
        const position = BigInt(event.position);
        if (position <= last) return;
        last = position;
        if (visible(event)) queue.push(event);
      };
      // The queue ends at once when the client leaves, and stops listening then.
      const queue = new PushQueue<ActivityEvent>(LIVE_BUFFER, () => stopListening());
      // Listen before replaying, so that what is published meanwhile waits instead of being lost.
      const stopListening = bus.listen(
        (event) => (replaying ? heldDuringReplay.push(event) : forward(event)),
        // What was already received is delivered first; the error then tells where to resume.
        () => queue.fail(liveEventsInterrupted(last)),
      );
      if (after !== null) {
        void (async () => {
          for await (const event of replay(transactions, viewer.tenantId, filter, after)) {
            if (queue.closed) return;
            last = BigInt(event.position!);
            if (visible(event)) {
              await queue.roomFor(1);
              queue.push(event);
            }
          }
          replaying = false;
          for (const event of heldDuringReplay.splice(0)) forward(event);
        })().catch((error: unknown) => queue.fail(error));
      }
      return queue;
    },
  };
}

function liveEventsInterrupted(lastPosition: bigint): ServiceUnavailableError {
  const resume = lastPosition >= 0n ? `after: "${lastPosition}"` : 'after: <the last position you received>';
  return new ServiceUnavailableError(`Live events interrupted (pub/sub unreachable); resubscribe with ${resume} to receive every event since`);
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

async function* replay(transactions: TenantTransactions, tenantId: string, filter: ActivityFilter, after: bigint): AsyncGenerator<ActivityEvent> {
  let cursor = after;
  for (;;) {
    const rows = await transactions.run(tenantId, (db) =>
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
