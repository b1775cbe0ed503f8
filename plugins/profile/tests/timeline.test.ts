import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../tests/support/server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

const TIMELINE = /* GraphQL */ `
  query Timeline($id: ID!, $first: Int, $after: String, $since: DateTime, $until: DateTime) {
    customer(id: $id) {
      timeline(first: $first, after: $after, since: $since, until: $until) {
        pageInfo { hasNextPage endCursor }
        edges { node { topic occurredAt subjectId customerId payload } }
      }
    }
  }
`;

async function mutate(query: string, variables: Record<string, unknown>, tenant = 'demo') {
  const result = await server.graphql(query, variables, { as: { tenant } });
  expect(result.errors).toBeUndefined();
  return result.data!;
}

async function personWithHistory(tenant = 'demo'): Promise<string> {
  const created = await mutate(
    `mutation($input: CreatePersonInput!) { createPerson(input: $input) { ... on PersonPayload { person { id } } } }`,
    { input: { firstName: 'Time', lastName: `Line${process.pid}` } },
    tenant,
  );
  const id = created.createPerson.person.id as string;
  await mutate(`mutation($id: ID!) { setLifecycle(id: $id, lifecycle: INACTIVE) { __typename } }`, { id }, tenant);
  await mutate(`mutation($input: SetConsentInput!) { setConsent(input: $input) { __typename } }`, { input: { customerId: id, channel: 'EMAIL', status: 'GRANTED' } }, tenant);
  return id;
}

describe('Customer.timeline', () => {
  it('shows what happened to the customer, newest first, from the event log', async () => {
    const id = await personWithHistory();
    const result = await server.graphql(TIMELINE, { id, first: 10 });
    const entries = result.data!.customer.timeline.edges.map((edge: any) => edge.node);
    expect(entries.map((entry: any) => entry.topic)).toEqual(['customer.consentChanged', 'customer.lifecycleChanged', 'customer.created']);
    expect(entries.every((entry: any) => entry.customerId === id)).toBe(true);
    expect(entries[1].payload).toEqual({ from: 'ACTIVE', to: 'INACTIVE' });
  });

  it('pages with first/after without repeating or skipping entries', async () => {
    const id = await personWithHistory();
    const page1 = await server.graphql(TIMELINE, { id, first: 2 });
    expect(page1.data!.customer.timeline.pageInfo.hasNextPage).toBe(true);
    const page2 = await server.graphql(TIMELINE, { id, first: 2, after: page1.data!.customer.timeline.pageInfo.endCursor });
    const topics = [...page1.data!.customer.timeline.edges, ...page2.data!.customer.timeline.edges].map((edge: any) => edge.node.topic);
    expect(topics).toEqual(['customer.consentChanged', 'customer.lifecycleChanged', 'customer.created']);
    expect(page2.data!.customer.timeline.pageInfo.hasNextPage).toBe(false);
  });

  it('filters by time window and refuses a cursor it did not issue', async () => {
    const id = await personWithHistory();
    const future = await server.graphql(TIMELINE, { id, first: 10, since: new Date(server.clock.now().getTime() + 60_000).toISOString() });
    expect(future.data!.customer.timeline.edges).toEqual([]);
    const bad = await server.graphql(TIMELINE, { id, first: 10, after: 'bm90LWEtY3Vyc29y' });
    expect(bad.errors?.[0]?.extensions?.code).toBe('VALIDATION');
  });

  it("is scoped to the viewer's tenant: another tenant cannot read it", async () => {
    const id = await personWithHistory('demo');
    const asAcme = await server.graphql(TIMELINE, { id, first: 10 }, { as: { tenant: 'acme' } });
    expect(asAcme.data!.customer).toBeNull();
  });
});
