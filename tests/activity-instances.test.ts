import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { subscribeToActivity } from './support/activity-client.ts';
import { redisAnswers, REDIS_URL } from './support/redis.ts';
import { startTestServer, type TestServer } from './support/server.ts';


const running: TestServer[] = [];
afterEach(async () => {
  // Second instances first: the first one owns (and drops) the database.
  for (const server of running.reverse()) await server.stop();
  running.length = 0;
});

async function start(options: Parameters<typeof startTestServer>[0] = {}): Promise<TestServer> {
  const server = await startTestServer(options);
  running.push(server);
  return server;
}

async function createPerson(server: TestServer, lastName: string): Promise<string> {
  const result = await server.graphql(
    `mutation($input: CreatePersonInput!) { createPerson(input: $input) { ... on PersonPayload { person { id } } } }`,
    { input: { firstName: 'Instance', lastName } },
  );
  return result.data!.createPerson.person.id;
}

const redisAvailable = await redisAnswers();
if (!redisAvailable) console.warn(`Skipping the two-instance Redis test: no Redis answers at ${REDIS_URL} (set NEXO_TEST_REDIS_URL).`);

describe('several instances', () => {
  it.skipIf(!redisAvailable)('an event committed through one instance reaches a subscriber connected to another, through Redis', async () => {
    const first = await start({ environment: { NEXO_REDIS_URL: REDIS_URL } });
    const second = await start({ environment: { NEXO_REDIS_URL: REDIS_URL }, shareDatabaseWith: first });
    const subscriber = await subscribeToActivity(second.url, await second.token());
    try {
      const personId = await createPerson(first, 'CrossInstance');
      const [event] = await subscriber.waitFor(1, 5_000);
      expect(event!.customerId).toBe(personId);
      // Exactly one instance numbers and publishes, so the event arrives once.
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(subscriber.received).toHaveLength(1);
      expect([first.app.relay.isLeader, second.app.relay.isLeader].filter(Boolean)).toHaveLength(1);
    } finally {
      await subscriber.close();
    }
  });

  it('restarting between commit and delivery loses nothing: the next instance publishes what was committed', async () => {
    const first = await start();
    const watcher = await subscribeToActivity(first.url, await first.token());
    await createPerson(first, 'Delivered');
    const [lastSeen] = await watcher.waitFor(1);
    await watcher.close();

    // The relay stops (as in a crash) before the next commits are delivered.
    await first.app.relay.stop();
    const committed = [await createPerson(first, 'Undelivered1'), await createPerson(first, 'Undelivered2')];
    const owner = new pg.Client({ connectionString: first.ownerDatabaseUrl });
    await owner.connect();
    const { rows } = await owner.query(`SELECT count(*)::int AS n FROM "OutboxEvent" WHERE position IS NULL`);
    await owner.end();
    expect(rows[0].n).toBe(2);

    const second = await start({ shareDatabaseWith: first });
    const resumed = await subscribeToActivity(second.url, await second.token(), { after: lastSeen!.position });
    try {
      await resumed.waitFor(2, 3_000);
      expect(resumed.received.map((event) => event.customerId)).toEqual(committed);
    } finally {
      await resumed.close();
    }
  });
});
