import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { manualClock } from '../../../src/plugin-api.ts';
import { startTestServer, type TestServer } from '../../../tests/support/server.ts';
import { customerGlobalIdOf } from './support.ts';
import { statementsOf } from '../../../tests/support/statements.ts';

// Customer.interactionFacts and Customer.interactions: figures computed when read, equal to an
// independent computation from the rows, current the moment an interaction is recorded, and a
// fixed number of SQL statements for a page of any size.

let server: TestServer;
let owner: pg.Client;

// The server's clock stands where the demo history ends, so the demo's recent activity is recent.
const clock = manualClock(new Date(inject('demoSeededAt')));

const VIEWER = { tenant: 'demo', roles: ['viewer'] };

const FACTS = /* GraphQL */ `
  fragment Facts on Customer {
    id
    interactionFacts {
      lastInteractionAt lastPurchaseAt interactionCount purchaseCount
      purchaseTotals { currency total average count }
      byChannel { channel last30Days last90Days last365Days total lastAt }
    }
  }
  query FactsOf($ids: [ID!]!) { nodes(ids: $ids) { ...Facts } }
`;

interface Facts {
  lastInteractionAt: string | null;
  lastPurchaseAt: string | null;
  interactionCount: number;
  purchaseCount: number;
  purchaseTotals: { currency: string; total: string; average: string; count: number }[];
  byChannel: { channel: string; last30Days: number; last90Days: number; last365Days: number; total: number; lastAt: string }[];
}

beforeAll(async () => {
  server = await startTestServer({ clock });
  owner = server.owner;
});
afterAll(() => server?.stop());

/** The facts worked out in JavaScript from the customer's raw rows, against the server's clock. */
async function expectedFacts(customerId: string): Promise<Facts> {
  const { rows } = await owner.query<{ channel: string; kind: string; occurredAt: Date; amount: string | null; currency: string | null }>(
    `SELECT channel::text, kind::text, "occurredAt", amount::text, currency FROM "Interaction" WHERE "customerId" = $1`,
    [customerId],
  );
  const since = (days: number) => clock.now().getTime() - days * 86_400_000;
  const latest = (dates: Date[]) => (dates.length ? new Date(Math.max(...dates.map((date) => date.getTime()))).toISOString() : null);
  const channels = [...new Set(rows.map((row) => row.channel))];
  const purchases = rows.filter((row) => row.kind === 'PURCHASE');
  const currencies = [...new Set(purchases.filter((row) => row.currency).map((row) => row.currency!))];
  return {
    lastInteractionAt: latest(rows.map((row) => row.occurredAt)),
    lastPurchaseAt: latest(purchases.map((row) => row.occurredAt)),
    interactionCount: rows.length,
    purchaseCount: purchases.length,
    purchaseTotals: currencies
      .map((currency) => {
        const cents = purchases.filter((row) => row.currency === currency).map((row) => Math.round(Number(row.amount) * 100));
        const sum = cents.reduce((total, value) => total + value, 0);
        return { currency, total: (sum / 100).toFixed(2), average: (Math.round(sum / cents.length) / 100).toFixed(2), count: cents.length };
      })
      .sort((a, b) => b.count - a.count || a.currency.localeCompare(b.currency)),
    byChannel: channels
      .map((channel) => {
        const on = rows.filter((row) => row.channel === channel);
        const within = (days: number) => on.filter((row) => row.occurredAt.getTime() >= since(days)).length;
        return { channel, last30Days: within(30), last90Days: within(90), last365Days: within(365), total: on.length, lastAt: latest(on.map((row) => row.occurredAt))! };
      })
      .sort((a, b) => b.total - a.total || a.channel.localeCompare(b.channel)),
  };
}

async function factsOf(globalIds: string[]): Promise<Facts[]> {
  const response = await server.graphql(FACTS, { ids: globalIds }, { as: VIEWER });
  expect(response.errors).toBeUndefined();
  return response.data!.nodes.map((node: { interactionFacts: Facts }) => node.interactionFacts);
}


describe('Customer.interactionFacts', () => {
  it('equals an independent computation from the rows for seeded customers: busy, paying in pesos, and without any contact', async () => {
    const { rows } = await owner.query<{ id: string; kind: string }>(
      `(SELECT c.id::text, c.kind::text FROM "Customer" c JOIN "Interaction" i ON i."customerId" = c.id WHERE c."tenantId" = 'demo'
        GROUP BY c.id ORDER BY count(*) DESC, c.id LIMIT 3)
       UNION ALL
       (SELECT c.id::text, c.kind::text FROM "Customer" c JOIN "Interaction" i ON i."customerId" = c.id
        WHERE c."tenantId" = 'demo' AND i.currency IN ('MXN', 'COP', 'ARS') GROUP BY c.id ORDER BY count(*) DESC, c.id LIMIT 1)
       UNION ALL
       (SELECT c.id::text, c.kind::text FROM "Customer" c WHERE c."tenantId" = 'demo'
        AND NOT EXISTS (SELECT 1 FROM "Interaction" i WHERE i."customerId" = c.id) ORDER BY c.id LIMIT 1)`,
    );
    expect(rows).toHaveLength(5);
    const facts = await factsOf(rows.map((row) => customerGlobalIdOf(row.kind, row.id)));
    for (const [index, row] of rows.entries()) expect(facts[index], `customer ${row.id}`).toEqual(await expectedFacts(row.id));

    // The sample must exercise what it claims to: a long history, recent activity, a non-euro currency, and nothing at all.
    expect(facts[0]!.interactionCount).toBeGreaterThan(100);
    expect(facts.slice(0, 3).some((customer) => customer.byChannel.some((channel) => channel.last30Days > 0))).toBe(true);
    expect(facts[3]!.purchaseTotals.map((total) => total.currency)).toEqual(expect.arrayContaining([expect.stringMatching(/MXN|COP|ARS/)]));
    expect(facts[4]).toEqual({ lastInteractionAt: null, lastPurchaseAt: null, interactionCount: 0, purchaseCount: 0, purchaseTotals: [], byChannel: [] });
  });

  it('is current as soon as an interaction is recorded', async () => {
    const { rows } = await owner.query<{ id: string; kind: string }>(
      `SELECT c.id::text, c.kind::text FROM "Customer" c WHERE c."tenantId" = 'demo' AND c.country = 'ES'
       AND EXISTS (SELECT 1 FROM "Interaction" i WHERE i."customerId" = c.id AND i.currency = 'EUR') ORDER BY c.id LIMIT 1`,
    );
    const id = customerGlobalIdOf(rows[0]!.kind, rows[0]!.id);
    const [before] = await factsOf([id]);
    const occurredAt = new Date(Math.floor(clock.now().getTime() / 1000) * 1000 - 60_000).toISOString();
    const recorded = await server.graphql(
      `mutation ($input: RecordInteractionInput!) { recordInteraction(input: $input) { __typename } }`,
      { input: { customerId: id, channel: 'MOBILE_APP', direction: 'INBOUND', kind: 'PURCHASE', occurredAt, amount: '10.05', currency: 'EUR', source: 'ecommerce', externalId: `FACTS-${process.pid}` } },
      { as: { tenant: 'demo', roles: ['sales'] } },
    );
    expect(recorded.data!.recordInteraction.__typename).toBe('RecordInteractionPayload');

    const [after] = await factsOf([id]);
    expect(after!.lastPurchaseAt).toBe(occurredAt);
    expect(after!.lastInteractionAt).toBe(occurredAt);
    expect(after!.purchaseCount).toBe(before!.purchaseCount + 1);
    const euros = (facts: Facts) => facts.purchaseTotals.find((total) => total.currency === 'EUR')!;
    expect(Math.round(Number(euros(after!).total) * 100)).toBe(Math.round(Number(euros(before!).total) * 100) + 1005);
    const app = (facts: Facts) => facts.byChannel.find((channel) => channel.channel === 'MOBILE_APP') ?? { last30Days: 0, total: 0 };
    expect(app(after!).last30Days).toBe(app(before!).last30Days + 1);
    expect(app(after!).total).toBe(app(before!).total + 1);
    expect(after).toEqual(await expectedFacts(rows[0]!.id));
  });

  it('costs the same few SQL statements for a page of 10 or 100 customers', async () => {
    const PAGE = /* GraphQL */ `
      query FactsPage($first: Int!) {
        customers(first: $first) { edges { node { displayName interactionFacts { lastInteractionAt purchaseCount purchaseTotals { currency total } byChannel { channel last30Days } } } } }
      }
    `;
    const ten = await statementsOf(server, PAGE, 'FactsPage', { first: 10 }, { as: VIEWER });
    const hundred = await statementsOf(server, PAGE, 'FactsPage', { first: 100 }, { as: VIEWER });
    console.info(`interactionFacts: ${ten.statements} statements for 10 customers, ${hundred.statements} for 100`);
    expect(hundred.data.customers.edges).toHaveLength(100);
    // The page must really carry facts, or the count proves nothing.
    expect(hundred.data.customers.edges.filter((edge: any) => edge.node.interactionFacts.purchaseCount > 0).length).toBeGreaterThan(30);
    expect(hundred.statements).toBe(ten.statements);
    expect(hundred.statements).toBeLessThanOrEqual(6);
  });
});

describe('Customer.interactions', () => {
  const LIST = /* GraphQL */ `
    query Interactions($id: ID!, $first: Int, $after: String, $channels: [InteractionChannel!], $kinds: [InteractionKind!], $since: DateTime, $until: DateTime) {
      node(id: $id) {
        ... on Customer {
          interactions(first: $first, after: $after, channels: $channels, kinds: $kinds, since: $since, until: $until) {
            totalCount
            pageInfo { hasNextPage endCursor }
            edges { cursor node { id channel kind occurredAt externalId } }
          }
        }
      }
    }
  `;
  let busiest: { id: string; globalId: string };

  beforeAll(async () => {
    const { rows } = await owner.query<{ id: string; kind: string }>(
      `SELECT c.id::text, c.kind::text FROM "Customer" c JOIN "Interaction" i ON i."customerId" = c.id WHERE c."tenantId" = 'demo'
       GROUP BY c.id ORDER BY count(*) DESC, c.id LIMIT 1`,
    );
    busiest = { id: rows[0]!.id, globalId: customerGlobalIdOf(rows[0]!.kind, rows[0]!.id) };
  });

  async function list(variables: Record<string, unknown>) {
    const response = await server.graphql(LIST, { id: busiest.globalId, ...variables }, { as: VIEWER });
    expect(response.errors).toBeUndefined();
    return response.data!.node.interactions;
  }

  it('pages newest first without skipping or repeating, with the total count', async () => {
    const { rows } = await owner.query<{ externalId: string }>(
      `SELECT "externalId" FROM "Interaction" WHERE "customerId" = $1 ORDER BY "occurredAt" DESC, id DESC LIMIT 60`,
      [busiest.id],
    );
    const { rows: [{ count }] } = await owner.query(`SELECT count(*)::int AS count FROM "Interaction" WHERE "customerId" = $1`, [busiest.id]);
    const seen: string[] = [];
    let after: string | undefined;
    for (let page = 0; page < 3; page++) {
      const connection = await list({ first: 20, after });
      expect(connection.totalCount).toBe(count);
      expect(connection.pageInfo.hasNextPage).toBe(true);
      seen.push(...connection.edges.map((edge: any) => edge.node.externalId));
      after = connection.pageInfo.endCursor;
    }
    expect(seen).toEqual(rows.map((row) => row.externalId));
  });

  it('pages backwards with last and before, and refuses a cursor it did not issue', async () => {
    const newest = await list({ first: 10 });
    const { rows } = await owner.query<{ externalId: string }>(
      `SELECT "externalId" FROM "Interaction" WHERE "customerId" = $1 ORDER BY "occurredAt" DESC, id DESC LIMIT 10`,
      [busiest.id],
    );
    const tenth = newest.edges[9].cursor;
    const response = await server.graphql(
      `query ($id: ID!, $before: String) { node(id: $id) { ... on Customer { interactions(last: 4, before: $before) { pageInfo { hasPreviousPage } edges { node { externalId } } } } } }`,
      { id: busiest.globalId, before: tenth },
      { as: VIEWER },
    );
    expect(response.errors).toBeUndefined();
    expect(response.data!.node.interactions.edges.map((edge: any) => edge.node.externalId)).toEqual(rows.slice(5, 9).map((row) => row.externalId));
    expect(response.data!.node.interactions.pageInfo.hasPreviousPage).toBe(true);

    const forged = await server.graphql(LIST, { id: busiest.globalId, first: 5, after: 'bm90LWEtY3Vyc29y' }, { as: VIEWER });
    expect(forged.errors?.[0]?.extensions?.code).toBe('VALIDATION');
  });

  it('filters by channels, kinds and a time window', async () => {
    // A month of the seeded history, two months before it ends.
    const since = new Date(clock.now().getTime() - 90 * 86_400_000).toISOString();
    const until = new Date(clock.now().getTime() - 60 * 86_400_000).toISOString();
    const connection = await list({ first: 100, channels: ['POINT_OF_SALE', 'WEB'], kinds: ['PURCHASE'], since, until });
    const { rows: [{ count }] } = await owner.query(
      `SELECT count(*)::int AS count FROM "Interaction" WHERE "customerId" = $1 AND channel IN ('POINT_OF_SALE', 'WEB') AND kind = 'PURCHASE'
       AND "occurredAt" >= $2 AND "occurredAt" < $3`,
      [busiest.id, since, until],
    );
    expect(count).toBeGreaterThan(0);
    expect(connection.totalCount).toBe(count);
    expect(connection.edges).toHaveLength(Math.min(count, 100));
    for (const { node } of connection.edges) {
      expect(['POINT_OF_SALE', 'WEB']).toContain(node.channel);
      expect(node.kind).toBe('PURCHASE');
      expect(node.occurredAt >= since && node.occurredAt < until).toBe(true);
    }
  });

  it('costs the same few SQL statements with the latest interactions of 10 or 100 customers', async () => {
    const PAGE = /* GraphQL */ `
      query LatestInteractionsPage($first: Int!) {
        customers(first: $first) { edges { node { displayName interactions(first: 3) { totalCount edges { node { channel kind occurredAt } } } } } }
      }
    `;
    const ten = await statementsOf(server, PAGE, 'LatestInteractionsPage', { first: 10 }, { as: VIEWER });
    const hundred = await statementsOf(server, PAGE, 'LatestInteractionsPage', { first: 100 }, { as: VIEWER });
    console.info(`Customer.interactions: ${ten.statements} statements for 10 customers, ${hundred.statements} for 100`);
    expect(hundred.data.customers.edges.filter((edge: any) => edge.node.interactions.edges.length > 0).length).toBeGreaterThan(30);
    expect(hundred.statements).toBe(ten.statements);
  });
});
