import type { TenantScope } from '../background.ts';
import type { SeedContext } from './seed-context.ts';

/**
 * An event emitter for an area's own code run by its demo seed (identity's merge and import, a
 * campaign's launch): what it emits is written as the demo's history, by `actor` (null for what
 * customers did themselves, as their own interactions are), dated `at()` unless the event says when.
 */
export function eventsAsHistory(context: SeedContext, label: string, actor: string | null, at: () => Date): TenantScope['events'] {
  const emitMany: TenantScope['events']['emitMany'] = async (topic, events) => {
    await context.insertEvents(
      label,
      events.map((event) => ({
        topic: topic.name,
        subjectId: event.subjectId,
        customerId: event.customer?.id ?? null,
        customerNodeId: event.customer?.nodeId ?? null,
        channel: event.channel ?? null,
        kind: event.kind ?? null,
        actorId: actor,
        payload: event.payload,
        occurredAt: event.occurredAt ?? at(),
      })),
    );
  };
  return { emitMany, emit: (topic, event) => emitMany(topic, [event]) };
}
