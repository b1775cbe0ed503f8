import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subscribeToActivity } from './support/activity-client.ts';
import { startTestServer, type TestServer } from './support/server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

const CREATE = /* GraphQL */ `
  mutation Create($input: CreatePersonInput!) {
    createPerson(input: $input) { __typename ... on PersonPayload { person { id } } ... on Error { message } }
  }
`;

async function createPerson(lastName: string, tenant = 'demo'): Promise<string> {
  const result = await server.graphql(CREATE, { input: { firstName: 'Live', lastName } }, { as: { tenant } });
  expect(result.data?.createPerson.__typename).toBe('PersonPayload');
  return result.data!.createPerson.person.id;
}

describe('Subscription.activity over graphql-ws', () => {
  // How fast is the benchmark's business (fan-out p99, bench/); here only that it arrives, whole.
  it('delivers the event of a mutation made over HTTP, with its payload', async () => {
    const subscriber = await subscribeToActivity(server.url, await server.token());
    try {
      const personId = await createPerson('Watcher');
      const [event] = await subscriber.waitFor(1, 5_000);
      expect(event).toMatchObject({ topic: 'customer.created', customerId: personId, payload: { kind: 'PERSON', displayName: 'Live Watcher' } });
      expect(event!.position).toMatch(/^\d+$/);
    } finally {
      await subscriber.close();
    }
  });

  it('never delivers another tenant\'s events, even interleaved with its own', async () => {
    const acmeSubscriber = await subscribeToActivity(server.url, await server.token({ tenant: 'acme' }));
    try {
      const demoIds: string[] = [];
      const acmeIds: string[] = [];
      for (let index = 0; index < 4; index++) {
        demoIds.push(await createPerson(`Demo${index}`, 'demo'));
        acmeIds.push(await createPerson(`Acme${index}`, 'acme'));
      }
      await acmeSubscriber.waitFor(4);
      await server.app.relay.drain();
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(acmeSubscriber.received.map((event) => event.customerId)).toEqual(acmeIds);
    } finally {
      await acmeSubscriber.close();
    }
  });

  it('resumes after a position: exactly the missed events, in order, then live ones', async () => {
    const first = await subscribeToActivity(server.url, await server.token());
    await createPerson('BeforeDisconnect');
    const [seen] = await first.waitFor(1);
    await first.close();

    const missed = [await createPerson('Missed1'), await createPerson('Missed2'), await createPerson('Missed3')];
    await server.app.relay.drain();
    const resumed = await subscribeToActivity(server.url, await server.token(), { after: seen!.position });
    try {
      await resumed.waitFor(3);
      const live = await createPerson('AfterResume');
      await resumed.waitFor(4);
      expect(resumed.received.map((event) => event.customerId)).toEqual([...missed, live]);
      const positions = resumed.received.map((event) => BigInt(event.position));
      expect(positions).toEqual([...positions].sort((a, b) => (a < b ? -1 : 1)));
    } finally {
      await resumed.close();
    }
  });

  it("delivers only the events of areas the subscriber's roles may read", async () => {
    const reader = await subscribeToActivity(server.url, await server.token({ roles: ['viewer'] }));
    const blind = await subscribeToActivity(server.url, await server.token({ roles: [] }));
    try {
      const personId = await createPerson('Permissions');
      await reader.waitFor(1);
      await server.app.relay.drain();
      await new Promise((resolve) => setTimeout(resolve, 150));
      expect(reader.received.map((event) => event.customerId)).toEqual([personId]);
      expect(blind.received).toEqual([]);
    } finally {
      await reader.close();
      await blind.close();
    }
  });

  it('filters by customer and topic', async () => {
    const target = await createPerson('Target');
    const subscriber = await subscribeToActivity(server.url, await server.token(), { filter: { customerId: target, topics: ['customer.lifecycleChanged'] } });
    try {
      await createPerson('Noise');
      await server.graphql(`mutation($id: ID!) { setLifecycle(id: $id, lifecycle: LOST) { __typename } }`, { id: target });
      const [event] = await subscriber.waitFor(1);
      expect(event).toMatchObject({ topic: 'customer.lifecycleChanged', customerId: target, payload: { from: 'ACTIVE', to: 'LOST' } });
      await server.app.relay.drain();
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(subscriber.received).toHaveLength(1);
    } finally {
      await subscriber.close();
    }
  });
});
