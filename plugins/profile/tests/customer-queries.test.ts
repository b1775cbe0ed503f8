import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ListCustomers as LIST } from '../../../tests/documents/customers.ts';
import { startTestServer, type TestServer } from '../../../tests/support/server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());


describe('customers', () => {
  it('lists the seeded demo tenant with a total count and cursor pages that neither skip nor repeat', async () => {
    const first = await server.graphql(LIST, { first: 50, orderBy: { field: 'DISPLAY_NAME' } });
    expect(first.errors).toBeUndefined();
    expect(first.data!.customers.totalCount).toBe(2329);
    const second = await server.graphql(LIST, { first: 50, after: first.data!.customers.pageInfo.endCursor, orderBy: { field: 'DISPLAY_NAME' } });
    const names = [...first.data!.customers.edges, ...second.data!.customers.edges].map((edge) => edge.node.displayName);
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    const ids = [...first.data!.customers.edges, ...second.data!.customers.edges].map((edge) => edge.node.id);
    expect(new Set(ids).size).toBe(100);
  });

  it('filters by kind, country, lifecycle and audience together', async () => {
    const result = await server.graphql(LIST, { first: 100, filter: { kind: 'ORGANIZATION', country: 'ES', lifecycle: ['ACTIVE'], audiences: ['CUSTOMER', 'KEY_ACCOUNT'] } });
    expect(result.errors).toBeUndefined();
    const nodes = result.data!.customers.edges.map((edge) => edge.node);
    expect(nodes.length).toBeGreaterThan(0);
    for (const node of nodes) {
      expect(node.country).toBe('ES');
      expect(node.lifecycle).toBe('ACTIVE');
      expect(node.audiences.some((audience: string) => audience === 'CUSTOMER' || audience === 'KEY_ACCOUNT')).toBe(true);
      expect(Buffer.from(node.id, 'base64').toString()).toMatch(/^Organization:/);
    }
  });

  it('finds a customer by part of its e-mail, and refuses a page larger than 100 with a clear error', async () => {
    const some = await server.graphql(LIST, { first: 1, filter: { kind: 'PERSON' } });
    const email = some.data!.customers.edges[0]!.node.primaryEmail!;
    const found = await server.graphql(LIST, { first: 10, filter: { search: email.split('@')[0]!.toUpperCase() } });
    expect(found.data!.customers.edges.map((edge) => edge.node.primaryEmail)).toContain(email);

    const tooBig = await server.graphql(LIST, { first: 101 });
    expect(tooBig.errors?.[0]?.extensions?.code).toBe('VALIDATION');
    expect(tooBig.errors?.[0]?.message).toMatch(/at most 100/);
  });

  it('pages by creation date newest first, backwards with last/before, and refuses a cursor of another order', async () => {
    const PAGE = /* GraphQL */ `
      query Page($first: Int, $last: Int, $after: String, $before: String, $orderBy: CustomerOrder) {
        customers(first: $first, last: $last, after: $after, before: $before, orderBy: $orderBy) {
          pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
          edges { cursor node { id createdAt } }
        }
      }`;
    const newestFirst = { field: 'CREATED_AT', direction: 'DESC' };
    const one = await server.graphql(PAGE, { first: 30, orderBy: newestFirst });
    const two = await server.graphql(PAGE, { first: 30, after: one.data!.customers.pageInfo.endCursor, orderBy: newestFirst });
    const nodes = [...one.data!.customers.edges, ...two.data!.customers.edges].map((edge: { node: { id: string; createdAt: string } }) => edge.node);
    expect(new Set(nodes.map((node) => node.id)).size).toBe(60);
    const times = nodes.map((node) => node.createdAt);
    expect(times).toEqual([...times].sort().reverse());

    const back = await server.graphql(PAGE, { last: 10, before: two.data!.customers.edges[0].cursor, orderBy: newestFirst });
    expect(back.errors).toBeUndefined();
    expect(back.data!.customers.edges.map((edge: { node: { id: string } }) => edge.node.id)).toEqual(nodes.slice(20, 30).map((node) => node.id));
    expect(back.data!.customers.pageInfo.hasPreviousPage).toBe(true);

    const wrongOrder = await server.graphql(PAGE, { first: 5, after: one.data!.customers.pageInfo.endCursor, orderBy: { field: 'DISPLAY_NAME' } });
    expect(wrongOrder.errors?.[0]?.extensions?.code).toBe('VALIDATION');
    expect(wrongOrder.errors?.[0]?.message).toMatch(/order by CREATED_AT DESC, not by DISPLAY_NAME ASC/);
  });
});
