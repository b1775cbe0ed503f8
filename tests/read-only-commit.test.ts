import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './support/server.ts';

// A read-only request does not pay a round trip for its COMMIT: the connection is parked with the
// transaction open and the next unit of work ends it in the message that begins its own
// (src/db/tenant-db.ts). What must hold: nothing stays open for long, tenants stay apart, and a
// write after a parked read is committed as any write.

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

const TOTAL = 'query Total { customers(first: 1) { totalCount } }';

async function openTransactionsOfTheServer(): Promise<number> {
  const { rows } = await server.owner.query<{ open: number }>(
    `SELECT count(*)::int AS open FROM pg_stat_activity WHERE application_name = 'nexo' AND state LIKE 'idle in transaction%'`,
  );
  return rows[0]!.open;
}

async function totalOf(tenant: string): Promise<number> {
  const result = await server.graphql(TOTAL, {}, { as: { tenant, roles: ['viewer'] } });
  expect(result.errors).toBeUndefined();
  return result.data!.customers.totalCount as number;
}

describe('read-only transactions', () => {
  it('end within moments of the last read: no connection of the server stays idle in a transaction', async () => {
    await Promise.all(Array.from({ length: 6 }, () => totalOf('demo')));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await openTransactionsOfTheServer()).toBe(0);
  });

  it('cost BEGIN and their own statements only, and read their own tenant, whichever tenant the parked connection served before', async () => {
    const { rows } = await server.owner.query<{ tenant: string; total: number }>(
      `SELECT "tenantId" AS tenant, count(*)::int AS total FROM "Customer" WHERE "archivedAt" IS NULL GROUP BY 1`,
    );
    const expected = new Map(rows.map((row) => [row.tenant, row.total]));
    expect(expected.get('demo')).not.toBe(expected.get('acme'));
    const statements: number[] = [];
    for (const tenant of ['demo', 'acme', 'acme', 'demo', 'acme', 'demo']) {
      const before = server.logs.length;
      expect(await totalOf(tenant)).toBe(expected.get(tenant));
      statements.push(server.logs.slice(before).find((entry) => entry.msg === 'graphql request' && entry.operation === 'Total')!.statements as number);
    }
    // BEGIN (after the previous COMMIT, in one message), the page and the count.
    expect(statements).toEqual(statements.map(() => 3));
  });

  it('leave a write that follows them committed, and visible to another connection at once', async () => {
    await totalOf('demo');
    const created = await server.graphql(
      `mutation Create($input: CreatePersonInput!) { createPerson(input: $input) { __typename ... on CreatePersonPayload { person { id displayName } } } }`,
      { input: { firstName: 'Parked', lastName: 'Afterwards' } },
      { as: { tenant: 'demo', roles: ['sales'] } },
    );
    expect(created.data!.createPerson.__typename).toBe('CreatePersonPayload');
    const { rows } = await server.owner.query(`SELECT 1 FROM "Customer" WHERE "displayName" = 'Parked Afterwards'`);
    expect(rows).toHaveLength(1);
  });
});
