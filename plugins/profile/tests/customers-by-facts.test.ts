import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { manualClock } from '../../../src/plugin-api.ts';
import { startTestServer, type TestServer } from '../../../tests/support/server.ts';
import { statementsOf } from '../../../tests/support/statements.ts';

// `customers` filtered and sorted by any area's customer facts: the same customers, in the same
// order, as SQL written here over the areas' tables; one statement per page whatever its size;
// every problem of a bad fact argument reported at once at its path.

let server: TestServer;

// The server's clock stands where the demo history ends, so "the last 90 days" holds the demo's recent activity.
const NOW = new Date(inject('demoSeededAt'));
const DAY = 86_400_000;

beforeAll(async () => {
  server = await startTestServer({ clock: manualClock(NOW) });
  // A database cloned from the seeded template has no planner statistics until autovacuum gets to
  // it; without them PostgreSQL re-aggregates a grouped fact for every customer (seconds a page).
  await server.owner.query('ANALYZE');
});
afterAll(() => server?.stop());

const PAGE = /* GraphQL */ `
  query CustomersByFacts($first: Int, $after: String, $last: Int, $before: String, $filter: CustomerFilter, $orderBy: CustomerOrder) {
    customers(first: $first, after: $after, last: $last, before: $before, filter: $filter, orderBy: $orderBy) {
      pageInfo { hasNextPage endCursor }
      edges { cursor node { id } }
    }
  }
`;

const COUNTED_PAGE = /* GraphQL */ `
  query CountedCustomersByFacts($first: Int, $filter: CustomerFilter, $orderBy: CustomerOrder) {
    customers(first: $first, filter: $filter, orderBy: $orderBy) {
      totalCount
      edges { node { id displayName primaryEmail } }
    }
  }
`;

interface Edge {
  cursor: string;
  node: { id: string };
}

const rowIdOf = (globalId: string) => Buffer.from(globalId, 'base64').toString().split(':')[1]!;

/** Every customer the list gives, page after page of `first`, in its order (row ids, and each one's cursor). */
async function readAll(variables: Record<string, unknown>, first = 50): Promise<{ ids: string[]; cursors: string[]; pages: number }> {
  const edges: Edge[] = [];
  let after: string | null = null;
  let pages = 0;
  do {
    const result = await server.graphql(PAGE, { ...variables, first, after });
    expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
    const connection = result.data!.customers as { pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: Edge[] };
    edges.push(...connection.edges);
    after = connection.pageInfo.hasNextPage ? connection.pageInfo.endCursor : null;
    pages += 1;
  } while (after);
  return { ids: edges.map((edge) => rowIdOf(edge.node.id)), cursors: edges.map((edge) => edge.cursor), pages };
}

async function ownerIds(query: string, values: unknown[] = []): Promise<string[]> {
  return (await server.owner.query<{ id: string }>(query, values)).rows.map((row) => row.id);
}

describe('customers filtered by customer facts', () => {
  it('keeps the customers with at least 2 point-of-sale purchases in the last 90 days, in Spain, as independent SQL finds them', async () => {
    const filter = {
      facts: [
        { fact: 'interactions.count', operator: 'AT_LEAST', number: 2, window: { lastDays: 90 }, filters: [{ name: 'channel', values: ['POINT_OF_SALE'] }, { name: 'kind', values: ['PURCHASE'] }] },
        { fact: 'profile.country', operator: 'EQUALS', text: 'ES' },
      ],
    };
    const expected = await ownerIds(
      `SELECT c.id FROM "Customer" c
       WHERE c."tenantId" = 'demo' AND c."archivedAt" IS NULL AND c.country = 'ES'
         AND (SELECT count(*) FROM "Interaction" i
              WHERE i."tenantId" = 'demo' AND i."customerId" = c.id AND i.channel = 'POINT_OF_SALE' AND i.kind = 'PURCHASE'
                AND i."occurredAt" >= $1::timestamp(3)) >= 2`,
      [new Date(NOW.getTime() - 90 * DAY).toISOString()],
    );
    const everyone = await ownerIds(`SELECT id FROM "Customer" WHERE "tenantId" = 'demo' AND "archivedAt" IS NULL`);
    // A filter that keeps some customers, and not all, or the comparison would prove little.
    expect(expected.length).toBeGreaterThan(5);
    expect(expected.length).toBeLessThan(everyone.length / 2);

    const { ids } = await readAll({ filter });
    expect([...ids].sort()).toEqual([...expected].sort());
    const counted = await server.graphql(COUNTED_PAGE, { first: 1, filter });
    expect(counted.errors).toBeUndefined();
    expect(counted.data!.customers.totalCount).toBe(expected.length);
  });

  it('combines a fixed window, a range, profile facts and the profile’s own filter fields, every one holding', async () => {
    const from = new Date(NOW.getTime() - 365 * DAY);
    const to = new Date(NOW.getTime() - 30 * DAY);
    const filter = {
      lifecycle: ['ACTIVE'],
      facts: [
        { fact: 'interactions.count', operator: 'BETWEEN', min: 3, max: 12, window: { from: from.toISOString(), to: to.toISOString() }, filters: [{ name: 'direction', values: ['INBOUND'] }] },
        { fact: 'profile.kind', operator: 'EQUALS', text: 'PERSON' },
        { fact: 'profile.createdAt', operator: 'BEFORE', dateTime: new Date(NOW.getTime() - 60 * DAY).toISOString() },
      ],
    };
    const expected = await ownerIds(
      `SELECT c.id FROM "Customer" c
       WHERE c."tenantId" = 'demo' AND c."archivedAt" IS NULL AND c.lifecycle = 'ACTIVE' AND c.kind = 'PERSON' AND c."createdAt" < $3::timestamp(3)
         AND (SELECT count(*) FROM "Interaction" i
              WHERE i."tenantId" = 'demo' AND i."customerId" = c.id AND i.direction = 'INBOUND'
                AND i."occurredAt" >= $1::timestamp(3) AND i."occurredAt" < $2::timestamp(3)) BETWEEN 3 AND 12`,
      [from.toISOString(), to.toISOString(), new Date(NOW.getTime() - 60 * DAY).toISOString()],
    );
    expect(expected.length).toBeGreaterThan(5);
    const { ids } = await readAll({ filter });
    expect([...ids].sort()).toEqual([...expected].sort());
  });
});

describe('customers sorted by a customer fact', () => {
  /** The demo's live customers with their EUR purchase total (0 without purchases), in the order asked. */
  const purchaseTotalOrder = (direction: 'ASC' | 'DESC') =>
    ownerIds(
      `SELECT c.id FROM "Customer" c
       LEFT JOIN (SELECT "customerId", SUM(amount) AS total FROM "Interaction"
                  WHERE "tenantId" = 'demo' AND kind = 'PURCHASE' AND currency = 'EUR' AND amount IS NOT NULL GROUP BY "customerId") t
         ON t."customerId" = c.id
       WHERE c."tenantId" = 'demo' AND c."archivedAt" IS NULL
       ORDER BY COALESCE(t.total, 0) ${direction}, c.id ${direction}`,
    );

  for (const direction of ['DESC', 'ASC'] as const) {
    it(`pages through every customer by EUR purchase total ${direction}, 50 at a time, ties by id`, async () => {
      const expected = await purchaseTotalOrder(direction);
      const { ids, pages } = await readAll({ orderBy: { fact: { fact: 'interactions.purchaseTotal', currency: 'EUR' }, direction } });
      expect(pages).toBe(Math.ceil(expected.length / 50));
      expect(ids).toEqual(expected);
    });
  }

  /** The demo's live customers by their last complaint, those who never complained last, ties by id. */
  const lastComplaintOrder = (direction: 'ASC' | 'DESC') =>
    ownerIds(
      `SELECT c.id FROM "Customer" c
       LEFT JOIN (SELECT "customerId", MAX("occurredAt") AS last FROM "Interaction"
                  WHERE "tenantId" = 'demo' AND kind = 'COMPLAINT' GROUP BY "customerId") t
         ON t."customerId" = c.id
       WHERE c."tenantId" = 'demo' AND c."archivedAt" IS NULL
       ORDER BY t.last ${direction} NULLS LAST, c.id ${direction}`,
    );
  const byLastComplaint = (direction: 'ASC' | 'DESC') => ({ fact: { fact: 'interactions.lastAt', filters: [{ name: 'kind', values: ['COMPLAINT'] }] }, direction });

  for (const direction of ['ASC', 'DESC'] as const) {
    it(`puts customers without a value last when sorting by last complaint ${direction}, across the pages of those without one`, async () => {
      const expected = await lastComplaintOrder(direction);
      const complained = (await ownerIds(`SELECT DISTINCT "customerId" AS id FROM "Interaction" WHERE "tenantId" = 'demo' AND kind = 'COMPLAINT'`)).length;
      // Both kinds of customer span several pages, so cursors are read on either side of the NULLs.
      expect(complained).toBeGreaterThan(100);
      expect(expected.length - complained).toBeGreaterThan(100);
      const { ids } = await readAll({ orderBy: byLastComplaint(direction) }, 50);
      expect(ids).toEqual(expected);
    });
  }

  it('reads backwards with last/before from a cursor among the customers without a value, and across the boundary', async () => {
    const expected = await lastComplaintOrder('DESC');
    const complained = (await ownerIds(`SELECT DISTINCT "customerId" AS id FROM "Interaction" WHERE "tenantId" = 'demo' AND kind = 'COMPLAINT'`)).length;
    const { ids, cursors } = await readAll({ orderBy: byLastComplaint('DESC') }, 100);
    expect(ids).toEqual(expected);
    const tenBefore = async (index: number) => {
      const result = await server.graphql(PAGE, { last: 10, before: cursors[index], orderBy: byLastComplaint('DESC') });
      expect(result.errors).toBeUndefined();
      return (result.data!.customers.edges as Edge[]).map((edge) => rowIdOf(edge.node.id));
    };
    expect(await tenBefore(complained + 15)).toEqual(expected.slice(complained + 5, complained + 15));
    expect(await tenBefore(complained + 3)).toEqual(expected.slice(complained - 7, complained + 3));
    expect(await tenBefore(complained - 20)).toEqual(expected.slice(complained - 30, complained - 20));
  });

  it('refuses a cursor made for the same fact in another currency', async () => {
    const page = await server.graphql(PAGE, { first: 5, orderBy: { fact: { fact: 'interactions.purchaseTotal', currency: 'EUR' } } });
    const other = await server.graphql(PAGE, { first: 5, after: page.data!.customers.pageInfo.endCursor, orderBy: { fact: { fact: 'interactions.purchaseTotal', currency: 'USD' } } });
    expect(other.errors?.[0]?.extensions?.code).toBe('VALIDATION');
    expect(other.errors?.[0]?.message).toMatch(/belongs to the order by interactions\.purchaseTotal .*EUR/);
  });
});

describe('the cost of a page', () => {
  it('reads a page of 5 and a page of 50, filtered and sorted by facts and counted, in the same number of statements', async () => {
    const variables = {
      filter: { facts: [{ fact: 'interactions.count', operator: 'AT_LEAST', number: 1, window: { lastDays: 365 } }, { fact: 'profile.hasEmail', operator: 'IS_TRUE' }] },
      orderBy: { fact: { fact: 'interactions.purchaseTotal', currency: 'EUR', window: { lastDays: 365 } }, direction: 'DESC' },
    };
    const small = await statementsOf(server, COUNTED_PAGE, 'CountedCustomersByFacts', { ...variables, first: 5 });
    const large = await statementsOf(server, COUNTED_PAGE, 'CountedCustomersByFacts', { ...variables, first: 50 });
    expect(small.data.customers.edges).toHaveLength(5);
    expect(large.data.customers.edges).toHaveLength(50);
    expect(large.statements).toBe(small.statements);
  });
});

describe('bad fact arguments', () => {
  const problemsOf = async (variables: Record<string, unknown>) => {
    const result = await server.graphql(PAGE, { first: 5, ...variables });
    expect(result.data?.customers ?? null).toBeNull();
    expect(result.errors).toHaveLength(1);
    expect(result.errors![0]!.extensions?.code).toBe('VALIDATION');
    return result.errors![0]!.message;
  };

  it('lists every problem of every condition at once, each at its path under filter.facts', async () => {
    const message = await problemsOf({
      filter: {
        facts: [
          { fact: 'interactions.count', operator: 'AT_LEAST', number: 2 },
          { fact: 'nowhere.count', operator: 'AT_LEAST', number: 1 },
          { fact: 'interactions.count', operator: 'BEFORE', number: 1, window: { lastDays: 0 } },
          { fact: 'interactions.count', operator: 'AT_LEAST', number: 1, filters: [{ name: 'channel', values: ['PIGEON'] }] },
          { fact: 'interactions.purchaseTotal', operator: 'GREATER_THAN', number: 10 },
        ],
      },
    });
    expect(message).toContain('filter.facts.1.fact: Unknown fact "nowhere.count"');
    expect(message).toContain('filter.facts.2.operator: BEFORE does not apply to interactions.count');
    expect(message).toContain('filter.facts.2.window.lastDays:');
    expect(message).toContain('filter.facts.3.filters.0.values: PIGEON is not a channel value');
    expect(message).toContain('filter.facts.4.currency: interactions.purchaseTotal needs a currency');
    expect(message).not.toContain('filter.facts.0');
  });

  it('refuses to sort by a fact without an order, a fact missing its parameters, or a field and a fact together', async () => {
    expect(await problemsOf({ orderBy: { fact: { fact: 'profile.hasEmail' } } })).toMatch(/^orderBy\.fact\.fact: profile\.hasEmail is a BOOLEAN fact/);
    expect(await problemsOf({ orderBy: { fact: { fact: 'profile.country' } } })).toMatch(/^orderBy\.fact\.fact: profile\.country is a TEXT fact/);
    expect(await problemsOf({ orderBy: { fact: { fact: 'interactions.purchaseTotal', window: { lastDays: 5000 } } } })).toBe(
      'orderBy.fact.window.lastDays: lastDays must be a whole number from 1 to 3660.; orderBy.fact.currency: interactions.purchaseTotal needs a currency, e.g. EUR.',
    );
    expect(await problemsOf({ orderBy: { field: 'CREATED_AT', fact: { fact: 'profile.age' } } })).toBe('orderBy.fact: Sort by `field` or by `fact`, not both.');
  });

  it('takes at most 10 conditions', async () => {
    const condition = { fact: 'profile.hasEmail', operator: 'IS_TRUE' };
    const message = await problemsOf({ filter: { facts: Array.from({ length: 11 }, () => condition) } });
    expect(message).toMatch(/at most 10/);
  });
});
