import { afterEach, describe, expect, it } from 'vitest';
import { subscribeToActivity } from './support/activity-client.ts';
import { redisAnswers, REDIS_URL } from './support/redis.ts';
import { startTestServer, type TestServer } from './support/server.ts';
import { closedPort, startTcpProxy } from './support/tcp-proxy.ts';


const redisAvailable = await redisAnswers();
if (!redisAvailable) console.warn(`Skipping the Redis outage tests: no Redis answers at ${REDIS_URL} (set NEXO_TEST_REDIS_URL).`);

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  // Last started first: the first server owns (and drops) the database.
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups.length = 0;
});

async function start(options: Parameters<typeof startTestServer>[0]): Promise<TestServer> {
  const server = await startTestServer(options);
  cleanups.push(() => server.stop());
  return server;
}

async function subscribe(server: TestServer) {
  const subscriber = await subscribeToActivity(server.url, await server.token());
  cleanups.push(() => subscriber.close());
  return subscriber;
}

async function createPerson(server: TestServer, lastName: string): Promise<string> {
  const result = await server.graphql(
    `mutation($input: CreatePersonInput!) { createPerson(input: $input) { ... on PersonPayload { person { id } } } }`,
    { input: { firstName: 'Outage', lastName } },
  );
  return result.data!.createPerson.person.id;
}

async function readiness(server: TestServer): Promise<{ status: number; body: { status: string } }> {
  const response = await fetch(new URL('/readyz', server.url));
  return { status: response.status, body: (await response.json()) as { status: string } };
}

async function liveness(server: TestServer): Promise<number> {
  return (await fetch(new URL('/healthz', server.url))).status;
}

async function eventually(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 8_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** The customers of `customer.created` events a subscriber received, in order. */
function createdCustomers(subscriber: Awaited<ReturnType<typeof subscribe>>, among: readonly string[]): string[] {
  return subscriber.received.filter((event) => event.topic === 'customer.created' && among.includes(event.customerId!)).map((event) => event.customerId!);
}

function unreachableWarnings(server: TestServer): Record<string, any>[] {
  return server.logs.filter((line) => line.component === 'pubsub' && String(line.msg).startsWith('pub/sub unreachable'));
}

describe.skipIf(!redisAvailable)('an instance that cannot reach Redis', () => {
  it('is not ready, never relays, refuses subscriptions, and loses no event for the healthy instance', async () => {
    // Started first, so that it would be the relay if it ignored its missing pub/sub.
    const broken = await start({ environment: { NEXO_REDIS_URL: `redis://127.0.0.1:${await closedPort()}` } });
    const healthy = await start({ environment: { NEXO_REDIS_URL: REDIS_URL }, shareDatabaseWith: broken });

    expect(await readiness(broken)).toEqual({ status: 503, body: { status: 'pub/sub unreachable' } });
    expect(await liveness(broken)).toBe(200);
    expect(await readiness(healthy)).toEqual({ status: 200, body: { status: 'ready' } });
    await eventually(() => healthy.app.relay.isLeader, 'the healthy instance to relay');
    expect(broken.app.relay.isLeader).toBe(false);

    const watcher = await subscribe(healthy);
    const written: string[] = [];
    for (let round = 0; round < 3; round++) {
      written.push(await createPerson(broken, `ThroughBroken${round}`));
      written.push(await createPerson(healthy, `ThroughHealthy${round}`));
    }
    await eventually(() => createdCustomers(watcher, written).length === written.length, 'every event at the healthy instance\'s subscriber');
    expect(createdCustomers(watcher, written)).toEqual(written);
    expect(watcher.errors).toEqual([]);

    // A subscription on the broken instance is refused at once with a code to act on, not left silent.
    const refused = await subscribe(broken);
    await eventually(() => refused.errors.length > 0, 'the refusal');
    expect(refused.errors[0]).toMatchObject({ extensions: { code: 'SERVICE_UNAVAILABLE' } });
    expect(refused.received).toEqual([]);

    // ioredis retried all along (every 200 ms to 2 s); the outage was logged once.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(unreachableWarnings(broken)).toHaveLength(1);
    expect(broken.app.relay.isLeader).toBe(false);
  });

  it('losing Redis mid-run: the relay keeps what it could not publish, hands over, and its subscribers are told', async () => {
    const proxy = await startTcpProxy({ host: new URL(REDIS_URL).hostname, port: Number(new URL(REDIS_URL).port || 6379) });
    cleanups.push(() => proxy.close());
    const fragile = await start({ environment: { NEXO_REDIS_URL: proxy.url } });
    await eventually(() => fragile.app.relay.isLeader, 'the fragile instance to relay');
    const healthy = await start({ environment: { NEXO_REDIS_URL: REDIS_URL }, shareDatabaseWith: fragile });
    const onHealthy = await subscribe(healthy);
    const onFragile = await subscribe(fragile);

    const written = [await createPerson(fragile, 'BeforeOutage1'), await createPerson(healthy, 'BeforeOutage2')];
    await eventually(() => createdCustomers(onHealthy, written).length === 2 && createdCustomers(onFragile, written).length === 2, 'both subscribers to get both events');

    // Redis stops answering the relay: its next event is numbered, but the PUBLISH is never answered.
    proxy.blackhole();
    const duringOutage = await createPerson(fragile, 'DuringOutage');
    written.push(duringOutage);
    await eventually(() => createdCustomers(onHealthy, written).length === 3, 'the event the fragile relay could not publish', 10_000);
    // Published by the healthy instance under the position the fragile one had given it.
    const { rows } = await fragile.owner.query<{ position: string }>(`SELECT position::text FROM "OutboxEvent" WHERE "customerNodeId" = $1 AND topic = 'customer.created'`, [duringOutage]);
    expect(onHealthy.received.find((event) => event.customerId === duringOutage)!.position).toBe(rows[0]!.position);
    expect(healthy.app.relay.isLeader).toBe(true);
    expect(fragile.app.relay.isLeader).toBe(false);
    expect((await readiness(fragile)).status).toBe(503);
    expect(await liveness(fragile)).toBe(200);

    // The fragile instance's subscriber is told where to resume, and gets nothing more.
    await eventually(() => onFragile.errors.length > 0, 'the interruption to reach the fragile instance\'s subscriber');
    expect(onFragile.errors).toEqual([
      expect.objectContaining({ message: expect.stringMatching(/^Live events interrupted .*resubscribe with after: "\d+"/), extensions: { code: 'SERVICE_UNAVAILABLE' } }),
    ]);

    // Redis goes away altogether; writes through either instance still reach the healthy subscriber.
    proxy.cut();
    written.push(await createPerson(fragile, 'AfterCut1'), await createPerson(healthy, 'AfterCut2'));
    await eventually(() => createdCustomers(onHealthy, written).length === written.length, 'the events written after the cut');
    expect(createdCustomers(onHealthy, written)).toEqual(written);
    expect(onHealthy.errors).toEqual([]);
    expect(unreachableWarnings(fragile)).toHaveLength(1);

    // Redis is back: the fragile instance is ready again and its new subscribers get live events.
    proxy.restore();
    await eventually(async () => (await readiness(fragile)).status === 200, 'the fragile instance to be ready again', 10_000);
    const resubscribed = await subscribe(fragile);
    const afterRecovery = await createPerson(healthy, 'AfterRecovery');
    await eventually(() => createdCustomers(resubscribed, [afterRecovery]).length === 1, 'a live event at the recovered instance');
    expect(fragile.logs.filter((line) => line.component === 'pubsub' && line.msg.startsWith('pub/sub reachable'))).toHaveLength(2);
  }, 60_000);
});
