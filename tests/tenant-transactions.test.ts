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

  describe('of queries, whose COMMIT waits for the next BEGIN', () => {
    const backendOf = (db: TenantDb) =>
      (db as AppDatabase['prisma']).$queryRaw<{ pid: number; began: Date; tenant: string; readOnly: string }[]>`
        SELECT pg_backend_pid() AS pid, transaction_timestamp() AS began, current_setting('app.tenant_id') AS tenant,
               current_setting('transaction_read_only') AS "readOnly"`.then((rows) => rows[0]!);
    const stateOf = async (pid: number) =>
      (await server.owner.query<{ state: string | null }>('SELECT state FROM pg_stat_activity WHERE pid = $1', [pid])).rows[0]?.state ?? 'gone';

    it('hold the connection idle in its transaction, and the next unit commits it in the message that begins its own', async () => {
      const held = connectAppDatabase(server.appDatabaseUrl, 2, undefined, { commitHoldMs: 60_000 });
      try {
        const query = await held.tenantTransactions.run('demo', backendOf, { readOnly: true });
        expect(query.readOnly).toBe('on');
        expect(await stateOf(query.pid)).toBe('idle in transaction');
        // The next unit, a write of another tenant, gets that connection in a transaction of its own.
        const write = await held.tenantTransactions.run('acme', backendOf);
        expect(write.pid).toBe(query.pid);
        expect(write).toMatchObject({ tenant: 'acme', readOnly: 'off' });
        expect(write.began.getTime()).toBeGreaterThan(query.began.getTime());
        expect(await stateOf(write.pid)).toBe('idle');
      } finally {
        await held.close();
      }
    });

    it('commit alone once the hold runs out, giving the connection back to the pool', async () => {
      const held = connectAppDatabase(server.appDatabaseUrl, 2, undefined, { commitHoldMs: 30 });
      try {
        const query = await held.tenantTransactions.run('demo', backendOf, { readOnly: true });
        expect(held.pool.idleCount).toBe(0);
        await expect.poll(() => stateOf(query.pid), { timeout: 2_000 }).toBe('idle');
        await expect.poll(() => held.pool.idleCount).toBe(1);
      } finally {
        await held.close();
      }
    });

    it('commit at once, without holding, when someone is waiting for a connection', async () => {
      const held = connectAppDatabase(server.appDatabaseUrl, 2, undefined, { commitHoldMs: 60_000 });
      try {
        // Prisma's first query sets up its adapter, which borrows a connection of its own: done first.
        await held.tenantTransactions.run('demo', backendOf, { readOnly: true });
        // Two queries take both connections and wait; a third user of the pool waits for one.
        const gates: (() => void)[] = [];
        const blocked = () =>
          held.tenantTransactions.run('demo', async () => {
            const [backend] = await sql.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
            await new Promise<void>((resolve) => gates.push(resolve));
            return backend!;
          }, { readOnly: true });
        const [first, second] = [blocked(), blocked()];
        await expect.poll(() => gates.length).toBe(2);
        const waiter = held.pool.query<{ pid: number; readOnly: string }>(`SELECT pg_backend_pid() AS pid, current_setting('transaction_read_only') AS "readOnly"`);
        await expect.poll(() => held.pool.waitingCount).toBe(1);
        gates[0]!();
        const { pid } = await first;
        // Long before the hold would have run out: the query's COMMIT went out when it ended.
        const { rows } = await waiter;
        expect(rows[0]).toEqual({ pid, readOnly: 'off' });
        gates[1]!();
        await second;
      } finally {
        await held.close();
      }
    });

    it('never hand a held connection to another user of the pool, and commit what is held when the database closes', async () => {
      const held = connectAppDatabase(server.appDatabaseUrl, 2, undefined, { commitHoldMs: 60_000 });
      const query = await held.tenantTransactions.run('demo', backendOf, { readOnly: true });
      const { rows } = await held.pool.query<{ pid: number; readOnly: string }>(`SELECT pg_backend_pid() AS pid, current_setting('transaction_read_only') AS "readOnly"`);
      expect(rows[0]!.pid).not.toBe(query.pid);
      expect(rows[0]!.readOnly).toBe('off');
      await held.close();
      await expect.poll(() => stateOf(query.pid), { timeout: 2_000 }).toBe('gone');
    });
  });
});
