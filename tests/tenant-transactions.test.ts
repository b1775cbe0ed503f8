import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectAppDatabase, type AppDatabase } from '../src/db/client.ts';
import { sql } from '../src/db/sql.ts';
import type { TenantDb } from '../src/db/tenant-db.ts';
import { startTestServer, type TestServer } from './support/server.ts';

// The unit of work's transaction is held by Nexo, not by Prisma: the plain Prisma client, used
// inside it, is that transaction. These are the properties everything else relies on.

let server: TestServer;
let database: AppDatabase;

beforeAll(async () => {
  server = await startTestServer();
  database = connectAppDatabase(server.appDatabaseUrl, 2);
});
afterAll(async () => {
  await database?.close();
  await server?.stop();
});

const tenantsSeen = (db: TenantDb) => db.customer.groupBy({ by: ['tenantId'], _count: true });

describe('tenant transactions', () => {
  it('scope every Prisma query inside them to the tenant, and outside them Row-Level Security shows nothing', async () => {
    const demo = await database.tenantTransactions.run('demo', (db) => tenantsSeen(db));
    const acme = await database.tenantTransactions.run('acme', (db) => tenantsSeen(db));
    expect(demo.map((group) => group.tenantId)).toEqual(['demo']);
    expect(acme.map((group) => group.tenantId)).toEqual(['acme']);
    expect(await database.prisma.customer.count()).toBe(0);
  });

  it('keep one snapshot and one connection: a write is visible inside, and gone after a rollback', async () => {
    const failure = new Error('undo');
    const outcome = database.tenantTransactions.run('demo', async (db) => {
      await db.tenant.update({ where: { id: 'demo' }, data: { name: 'Renamed inside' } });
      expect((await db.tenant.findUniqueOrThrow({ where: { id: 'demo' } })).name).toBe('Renamed inside');
      throw failure;
    });
    await expect(outcome).rejects.toBe(failure);
    const name = await database.tenantTransactions.run('demo', async (db) => (await db.tenant.findUniqueOrThrow({ where: { id: 'demo' } })).name);
    expect(name).not.toBe('Renamed inside');
  });

  it('turn a Prisma $transaction inside them into a savepoint: its failure undoes only its own writes', async () => {
    const names = await database.tenantTransactions.run('demo', async (db) => {
      const client = db as AppDatabase['prisma'];
      await client.tenant.update({ where: { id: 'demo' }, data: { name: 'Outer write' } });
      await expect(
        client.$transaction(async (inner) => {
          await inner.tenant.update({ where: { id: 'demo' }, data: { name: 'Inner write' } });
          throw new Error('inner fails');
        }),
      ).rejects.toThrow('inner fails');
      const after = (await client.tenant.findUniqueOrThrow({ where: { id: 'demo' } })).name;
      throw Object.assign(new Error('roll back the test write'), { after });
    }).catch((error: { after?: string }) => error.after);
    expect(names).toBe('Outer write');
  });

  it('refuse writes when read-only', async () => {
    await expect(
      database.tenantTransactions.run('demo', (db) => db.tenant.update({ where: { id: 'demo' }, data: { name: 'Nope' } }), { readOnly: true }),
    ).rejects.toThrow(/read-only/);
  });

  it('refuse a query that outlives its unit of work instead of borrowing a connection back in the pool', async () => {
    let stray: Promise<unknown> | undefined;
    await database.tenantTransactions.run('demo', async (db) => {
      // A callback scheduled inside the unit keeps its async context, so it still finds the unit's transaction.
      stray = new Promise((resolve, reject) => setTimeout(() => db.customer.count().then(resolve, reject), 50));
    });
    await expect(stray).rejects.toThrow(/after its unit of work had committed/);
  });

  it('send a frozen array of text (kept as its parameter text) as PostgreSQL reads the same array unfrozen', async () => {
    const awkward = ['plain', 'with "quotes"', 'back\\slash', 'comma,brace{}', ' spaced ', 'NULL', '', 'ñandú'];
    const [frozen, unfrozen] = await database.tenantTransactions.run('demo', async () => [
      await sql.query<{ values: string[] }>('SELECT $1::text[] AS values', [Object.freeze([...awkward])]),
      await sql.query<{ values: string[] }>('SELECT $1::text[] AS values', [[...awkward]]),
    ]);
    expect(frozen![0]!.values).toEqual(awkward);
    expect(unfrozen![0]!.values).toEqual(awkward);
  });
});
