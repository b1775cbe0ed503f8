import { definePlugin, defineTopic, type Plugin } from '../../src/plugin-api.ts';

/** The reaction's stored name: `<plugin>.<reaction>`. */
export const PROBE_CONSUMER = 'reaction-probe.echo';

export type ProbeReactedPayload = {
  /** The handled `interaction.recorded` event. */
  handledPosition: string;
  handledId: string;
  handledTenant: string;
  /** The tenants whose customers the handler's transaction could see. */
  visibleTenants: string[];
};

const probeReacted = defineTopic<ProbeReactedPayload>('probe.reacted');

export interface ProbeCall {
  tenantId: string;
  positions: string[];
  eventTenants: string[];
  failed: boolean;
}

export interface ReactionProbe {
  plugin: Plugin;
  /** Every call of the handler, failed ones included. */
  calls: ProbeCall[];
  /** The next call emits its events as usual, then throws. */
  failNextCall(): void;
}

/**
 * A plugin whose reaction to `interaction.recorded` emits one `probe.reacted` per event it handled,
 * saying which event and what the handler's transaction could see: what a test of event reactions
 * counts.
 */
export function reactionProbe(options: { batchSize?: number } = {}): ReactionProbe {
  const calls: ProbeCall[] = [];
  let failNext = false;
  const plugin = definePlugin({
    name: 'reaction-probe',
    description: 'test fixture: echoes recorded interactions as probe.reacted events',
    dependsOn: ['interactions'],
    permissions: { 'reaction-probe:read': 'Read the probe reactions (test fixture).' },
    topics: { 'probe.reacted': 'The probe reaction handled an interaction.recorded event.' },
    register() {},
    reactions: {
      echo: {
        description: 'One probe.reacted per recorded interaction.',
        topics: ['interaction.recorded'],
        ...(options.batchSize ? { batchSize: options.batchSize } : {}),
        async handle(scope, events) {
          const [visible] = await scope.sql<{ tenants: string[] }>`SELECT COALESCE(array_agg(DISTINCT "tenantId"), '{}') AS tenants FROM "Customer"`;
          await scope.events.emitMany(
            probeReacted,
            events.map((event) => ({
              subjectId: `probe:${event.id}`,
              payload: { handledPosition: event.position!, handledId: event.id, handledTenant: event.tenantId, visibleTenants: visible!.tenants },
            })),
          );
          const failed = failNext;
          failNext = false;
          calls.push({ tenantId: scope.tenantId, positions: events.map((event) => event.position!), eventTenants: [...new Set(events.map((event) => event.tenantId))], failed });
          if (failed) throw new Error('the probe fails once, as asked');
        },
      },
    },
  });
  return {
    plugin,
    calls,
    failNextCall() {
      failNext = true;
    },
  };
}
