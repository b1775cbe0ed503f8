import { afterEach, describe, expect, inject, it } from 'vitest';
import { checkAndOrderPlugins } from '../src/compose.ts';
import { seedDemoData } from '../src/db/seed.ts';
import { startAfterHistory } from '../src/events/reaction-store.ts';
import { definePlugin, type Plugin } from '../src/plugin-api.ts';
import { subscribeToActivity } from './support/activity-client.ts';
import { PROBE_CONSUMER, reactionProbe, type ProbeReactedPayload, type ReactionProbe } from './support/reaction-probe-plugin.ts';
import { startTestServer, type TestServer } from './support/server.ts';

// Plugins react to committed events through the core (PluginManifest.reactions): each event of a
// tenant once, with the reaction's writes and progress in one transaction of that tenant, whatever
// the number of instances.

const POLL_MS = 50;
const PLUGINS = ['profile', 'interactions'];

const running: TestServer[] = [];
afterEach(async () => {
  // Second instances first: the first one owns (and drops) the database.
  for (const server of running.reverse()) await server.stop();
  running.length = 0;
});

/**
 * The first instance: it creates the database and runs no reactions. The seeded tenants' histories
 * are older than the probe, so its reaction starts after them, as the demo seed would have started it.
 */
async function startDatabaseOwner(probe: ReactionProbe): Promise<TestServer> {
  const server = await startTestServer({ plugins: PLUGINS, extraPlugins: [probe.plugin] });
  running.push(server);
  for (const tenantId of ['demo', 'acme']) {
    await server.owner.query('BEGIN');
    await server.owner.query("SELECT set_config('app.tenant_id', $1, true)", [tenantId]);
    await startAfterHistory(server.owner, tenantId, [PROBE_CONSUMER], server.clock.now());
    await server.owner.query('COMMIT');
  }
  return server;
}

/** Another instance on the same database, running the reactions. */
async function startReactingInstance(owner: TestServer, probe: ReactionProbe): Promise<TestServer> {
  const server = await startTestServer({
    plugins: PLUGINS,
    extraPlugins: [probe.plugin],
    shareDatabaseWith: owner,
    environment: { NEXO_BACKGROUND_JOBS: 'true' },
    reactionPollIntervalMs: POLL_MS,
  });
  running.push(server);
  return server;
}

/**
 * The owner stops relaying, so that one of the reacting instances relays and its bus wakes its
 * reactions. Which one takes over is a race between them; the one that did is returned.
 */
async function handOverRelay(owner: TestServer, candidates: readonly TestServer[]): Promise<TestServer> {
  await owner.app.relay.stop();
  const leaders = await until(
    async () => candidates.filter((candidate) => candidate.app.relay.isLeader),
    (found) => found.length > 0,
  );
  expect(leaders).toHaveLength(1);
  return leaders[0]!;
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (performance.now() > deadline) throw new Error(`not reached within ${timeoutMs} ms: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const RECORD = /* GraphQL */ `
  mutation Record($input: RecordInteractionInput!) {
    recordInteraction(input: $input) { __typename ... on Error { message } }
  }
`;

const customerOf = new Map<string, string>();
let sequence = 0;

async function recordInteraction(server: TestServer, tenant = 'demo'): Promise<void> {
  const as = { tenant };
  let customerId = customerOf.get(`${server.ownerDatabaseUrl}|${tenant}`);
  if (!customerId) {
    const list = await server.graphql(`{ customers(first: 1, filter: { kind: PERSON }) { edges { node { id } } } }`, {}, { as });
    customerId = list.data!.customers.edges[0].node.id as string;
    customerOf.set(`${server.ownerDatabaseUrl}|${tenant}`, customerId);
  }
  sequence += 1;
  const input = {
    customerId,
    channel: 'CALL_CENTER_INBOUND',
    direction: 'INBOUND',
    kind: 'INQUIRY',
    occurredAt: server.clock.now().toISOString(),
    summary: `Reaction probe ${sequence}`,
    source: 'reactions-test',
    externalId: `reaction-${process.pid}-${sequence}`,
  };
  const recorded = await server.graphql(RECORD, { input }, { as });
  expect(recorded.data?.recordInteraction.__typename, JSON.stringify(recorded)).toBe('RecordInteractionPayload');
}

interface StoredEvent {
  id: string;
  position: string | null;
  tenantId: string;
  actorId: string | null;
  payload: ProbeReactedPayload;
}

async function lastEventId(server: TestServer): Promise<string> {
  const { rows } = await server.owner.query<{ id: string }>(`SELECT COALESCE(MAX(id), 0)::text AS id FROM "OutboxEvent"`);
  return rows[0]!.id;
}

async function eventsAfter(server: TestServer, topic: string, afterId: string, tenantId?: string): Promise<StoredEvent[]> {
  const { rows } = await server.owner.query<StoredEvent>(
    `SELECT id::text, position::text, "tenantId", "actorId", payload FROM "OutboxEvent"
     WHERE topic = $1 AND id > $2::bigint AND ($3::text IS NULL OR "tenantId" = $3) ORDER BY id`,
    [topic, afterId, tenantId ?? null],
  );
  return rows;
}

/** The recorded interactions after `afterId`, once the relay has positioned them all. */
async function positionedInteractions(server: TestServer, afterId: string, count: number, tenantId?: string): Promise<StoredEvent[]> {
  return until(
    () => eventsAfter(server, 'interaction.recorded', afterId, tenantId),
    (events) => events.length === count && events.every((event) => event.position !== null),
  );
}

/** Waits for `count` probe.reacted events, then for a few more polls, in which no more may come. */
async function settledReactions(server: TestServer, afterId: string, count: number, tenantId?: string): Promise<StoredEvent[]> {
  await until(() => eventsAfter(server, 'probe.reacted', afterId, tenantId), (events) => events.length >= count);
  await new Promise((resolve) => setTimeout(resolve, 6 * POLL_MS));
  return eventsAfter(server, 'probe.reacted', afterId, tenantId);
}

const handledPositions = (reactions: readonly StoredEvent[]) => reactions.map((reaction) => reaction.payload.handledPosition).sort(byNumber);
const positionsOf = (events: readonly StoredEvent[]) => events.map((event) => event.position!).sort(byNumber);
const byNumber = (a: string, b: string) => Number(BigInt(a) - BigInt(b));

describe('event reactions', () => {
  it('react to an interaction recorded over HTTP once, within a couple of seconds, and reach activity subscribers', async () => {
    const probe = reactionProbe();
    const owner = await startDatabaseOwner(probe);
    const instance = await startReactingInstance(owner, probe);
    await handOverRelay(owner, [instance]);
    const subscriber = await subscribeToActivity(instance.url, await instance.token(), { filter: { topics: ['probe.reacted'] } });
    try {
      const mark = await lastEventId(owner);
      await recordInteraction(instance);
      const [reacted] = await subscriber.waitFor(1, 2_000);
      const [interaction] = await positionedInteractions(owner, mark, 1);
      expect(reacted).toMatchObject({ topic: 'probe.reacted', payload: { handledPosition: interaction!.position, handledId: interaction!.id, handledTenant: 'demo' } });

      // A second interaction is reacted to after the first: by then a duplicate of the first would show.
      await recordInteraction(instance);
      await subscriber.waitFor(2, 2_000);
      const interactions = await positionedInteractions(owner, mark, 2);
      const reactions = await settledReactions(owner, mark, 2);
      expect(subscriber.received.map((event) => (event.payload as ProbeReactedPayload).handledPosition)).toEqual(positionsOf(interactions));
      expect(reactions.map((reaction) => reaction.actorId)).toEqual(['system:reaction-probe', 'system:reaction-probe']);
      expect(handledPositions(reactions)).toEqual(positionsOf(interactions));
    } finally {
      await subscriber.close();
    }
  });

  it('handle each event exactly once with two instances on one database', async () => {
    // Small batches: the instances take turns many times over.
    const probe = reactionProbe({ batchSize: 3 });
    const owner = await startDatabaseOwner(probe);
    const instances = [await startReactingInstance(owner, probe), await startReactingInstance(owner, probe)];
    // One instance relays (woken by its bus), the other learns of events by polling.
    await handOverRelay(owner, instances);
    const mark = await lastEventId(owner);
    const count = 24;
    for (let round = 0; round < count / 4; round += 1) {
      await Promise.all([0, 1, 2, 3].map((index) => recordInteraction(instances[index % 2]!)));
    }
    const interactions = await positionedInteractions(owner, mark, count);
    const reactions = await settledReactions(owner, mark, count);
    expect(reactions).toHaveLength(count);
    expect(handledPositions(reactions)).toEqual(positionsOf(interactions));
  });

  it('react, once an instance starts, to events committed while none ran', async () => {
    const probe = reactionProbe();
    const owner = await startDatabaseOwner(probe);
    const mark = await lastEventId(owner);
    for (let index = 0; index < 3; index += 1) await recordInteraction(owner);
    const interactions = await positionedInteractions(owner, mark, 3);
    expect(await eventsAfter(owner, 'probe.reacted', mark)).toEqual([]);

    // The owner still relays: the new instance hears of nothing on its bus and finds them by polling.
    await startReactingInstance(owner, probe);
    const reactions = await settledReactions(owner, mark, 3);
    expect(handledPositions(reactions)).toEqual(positionsOf(interactions));
  });

  it('keep nothing of a batch whose handler throws, and hand the same events over again, once', async () => {
    const probe = reactionProbe();
    const owner = await startDatabaseOwner(probe);
    const mark = await lastEventId(owner);
    for (let index = 0; index < 3; index += 1) await recordInteraction(owner);
    const positions = positionsOf(await positionedInteractions(owner, mark, 3));
    probe.failNextCall();

    const instance = await startReactingInstance(owner, probe);
    const reactions = await settledReactions(owner, mark, 3);
    // The failed call had emitted its three events too: they were rolled back with it.
    expect(handledPositions(reactions)).toEqual(positions);
    expect(probe.calls).toEqual([
      { tenantId: 'demo', positions, eventTenants: ['demo'], failed: true },
      { tenantId: 'demo', positions, eventTenants: ['demo'], failed: false },
    ]);
    const failure = instance.logs.find((line) => line.msg?.startsWith('event reaction failed'));
    expect(failure).toMatchObject({ level: 50, consumer: PROBE_CONSUMER, tenantId: 'demo', firstPosition: positions[0], err: { message: 'the probe fails once, as asked' } });
  });

  it("hand a tenant's handler only that tenant's events, in a transaction that sees only its rows", async () => {
    const probe = reactionProbe();
    const owner = await startDatabaseOwner(probe);
    const mark = await lastEventId(owner);
    for (const tenant of ['demo', 'acme', 'acme', 'demo']) await recordInteraction(owner, tenant);
    await startReactingInstance(owner, probe);

    for (const tenantId of ['demo', 'acme']) {
      const interactions = await positionedInteractions(owner, mark, 2, tenantId);
      const reactions = await settledReactions(owner, mark, 2, tenantId);
      expect(reactions.map((reaction) => reaction.payload.handledId).sort()).toEqual(interactions.map((event) => event.id).sort());
      for (const reaction of reactions) expect(reaction.payload).toMatchObject({ handledTenant: tenantId, visibleTenants: [tenantId] });
    }
    expect(probe.calls.map((call) => call.eventTenants)).toEqual(probe.calls.map((call) => [call.tenantId]));
    expect(new Set(probe.calls.map((call) => call.tenantId))).toEqual(new Set(['demo', 'acme']));
  });

  it("do not react to the history the demo seed writes for a tenant, only to what follows", async () => {
    const probe = reactionProbe();
    const owner = await startDatabaseOwner(probe);
    const plugins = [...owner.app.plugins];
    expect(plugins.map((plugin) => plugin.name)).toContain('reaction-probe');
    const tenant = { id: 'seeded-later', name: 'Seeded later', customers: 12 };
    await seedDemoData({ connectionString: owner.ownerDatabaseUrl, plugins, tenants: [tenant], now: new Date(inject('demoSeededAt')), log: () => {} });
    const history = await eventsAfter(owner, 'interaction.recorded', '0', tenant.id);
    expect(history.length).toBeGreaterThan(0);
    const { rows: progress } = await owner.owner.query(`SELECT consumer, position::text FROM "EventReactionProgress" WHERE "tenantId" = $1`, [tenant.id]);
    expect(progress).toEqual([{ consumer: PROBE_CONSUMER, position: positionsOf(history).at(-1) }]);

    await startReactingInstance(owner, probe);
    const mark = await lastEventId(owner);
    await recordInteraction(owner, tenant.id);
    const [interaction] = await positionedInteractions(owner, mark, 1, tenant.id);
    const reactions = await settledReactions(owner, '0', 1, tenant.id);
    expect(handledPositions(reactions)).toEqual([interaction!.position]);
  });
});

describe('composing plugins with reactions', () => {
  const profile = definePlugin({ name: 'profile', description: 'p', topics: { 'customer.updated': '' }, register() {} });
  const tickets = definePlugin({ name: 'tickets', description: 't', topics: { 'ticket.created': '' }, register() {} });
  const reacting = (topics: string[], relation: Partial<Plugin> = {}) =>
    definePlugin({ name: 'segments', description: 's', ...relation, register() {}, reactions: { membership: { description: 'm', topics, handle: async () => {} } } });
  const compose = (plugin: Plugin) => checkAndOrderPlugins([profile, tickets, plugin].map((each) => ({ folder: each.name, plugin: each })));

  it("accepts topics of the plugin's dependencies and integrations", () => {
    expect(compose(reacting(['customer.updated', 'ticket.created'], { dependsOn: ['profile'], integratesWith: ['tickets'] })).at(-1)!.name).toBe('segments');
  });

  it('refuses to start with a topic nobody declares, or one of an unrelated plugin, naming both', () => {
    expect(() => compose(reacting(['customer.updatd', 'ticket.created'], { dependsOn: ['profile'] }))).toThrow(
      /reaction "membership" listens to "customer.updatd", which no plugin declares[\s\S]*listens to "ticket.created" of plugin "tickets", which "segments" neither depends on nor integrates with/,
    );
  });
});
