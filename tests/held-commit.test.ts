import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectAppDatabase, type AppDatabase } from '../src/db/client.ts';
import { sql } from '../src/db/sql.ts';
import type { TenantDb } from '../src/db/tenant-db.ts';
import { createScratchDatabase, type ScratchDatabase } from './support/scratch-database.ts';
import { startSilentDropProxy } from './support/silent-drop-proxy.ts';

// A read-only unit's COMMIT waits on its connection, held out of the pool, for the next unit's
// BEGIN (src/db/tenant-db.ts). This is Nexo's own transaction code: what it does, and the ways it
// can fail. Holds last a minute here, longer than a test may run (but where one is meant to run
// out): a test that passes has not waited one out. A process that crashed on a connection's
// 'error' event fails the run.

let scratch: ScratchDatabase;
const opened: AppDatabase[] = [];

beforeAll(async () => {
  scratch = await createScratchDatabase();
});
afterAll(async () => {
  for (const database of opened) await database.close();
  await scratch?.drop();
});

function connectHolding(poolSize: number, connectionString = scratch.appUrl): AppDatabase {
  const database = connectAppDatabase(connectionString, poolSize, undefined, { commitHoldMs: 60_000 });
  opened.push(database);
  return database;
}

const backendOf = async (db: TenantDb) =>
  (await (db as AppDatabase['prisma']).$queryRaw<{ pid: number; began: Date; tenant: string; readOnly: string }[]>`
    SELECT pg_backend_pid() AS pid, transaction_timestamp() AS began, current_setting('app.tenant_id') AS tenant,
           current_setting('transaction_read_only') AS "readOnly"`)[0]!;
const stateOf = async (pid: number) =>
  (await scratch.owner.query<{ state: string | null }>('SELECT state FROM pg_stat_activity WHERE pid = $1', [pid])).rows[0]?.state ?? 'gone';
// Returns once the backend has exited, not merely been signalled.
const terminate = (pid: number) => scratch.owner.query('SELECT pg_terminate_backend($1, 10000)', [pid]);
const readOnly = { readOnly: true };
const backendOfPoolQuery = (database: AppDatabase) =>
  database.pool.query<{ pid: number; readOnly: string }>(`SELECT pg_backend_pid() AS pid, current_setting('transaction_read_only') AS "readOnly"`);

/** A read-only unit that has its connection once `entered`, and keeps it until `finish`. */
function blockedUnit(database: AppDatabase) {
  let entered!: () => void;
  const inside = new Promise<void>((resolve) => (entered = resolve));
  let finish!: () => void;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  const done = database.tenantTransactions.run(
    'demo',
    async () => {
      const { pid } = (await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`)[0]!;
      entered();
      await finished;
      return { pid };
    },
    readOnly,
  );
  return { entered: inside, finish, done };
}

/** Runs `size` read-only units at once, so that each takes a connection of its own, and ends them all: each connection is then held. */
async function holdConnections(database: AppDatabase, size: number): Promise<number[]> {
  const units = Array.from({ length: size }, () => blockedUnit(database));
  await Promise.all(units.map((unit) => unit.entered));
  for (const unit of units) unit.finish();
  return Promise.all(units.map(async (unit) => (await unit.done).pid));
}

describe('a read-only unit', () => {
  it('holds its connection idle in its transaction, and the next unit commits it in the message that begins its own', async () => {
    const database = connectHolding(2);
    const query = await database.tenantTransactions.run('demo', backendOf, readOnly);
    expect(query.readOnly).toBe('on');
    expect(await stateOf(query.pid)).toBe('idle in transaction');
    // The next unit, a write of another tenant, gets that connection in a transaction of its own.
    const write = await database.tenantTransactions.run('acme', backendOf);
    expect(write.pid).toBe(query.pid);
    expect(write).toMatchObject({ tenant: 'acme', readOnly: 'off' });
    expect(write.began.getTime()).toBeGreaterThan(query.began.getTime());
    expect(await stateOf(write.pid)).toBe('idle');
  });

  it('commits alone once the hold runs out, giving the connection back to the pool', async () => {
    const database = connectAppDatabase(scratch.appUrl, 2, undefined, { commitHoldMs: 30 });
    opened.push(database);
    const query = await database.tenantTransactions.run('demo', backendOf, readOnly);
    expect(database.pool.idleCount).toBe(0);
    await expect.poll(() => stateOf(query.pid), { timeout: 2_000 }).toBe('idle');
    await expect.poll(() => database.pool.idleCount).toBe(1);
  });

  it('commits at once, without holding, when someone is waiting for a connection', async () => {
    const database = connectHolding(2);
    // Two queries take both connections and wait; a third user of the pool waits for one.
    const [first, second] = [blockedUnit(database), blockedUnit(database)];
    await Promise.all([first.entered, second.entered]);
    const waiter = backendOfPoolQuery(database);
    await expect.poll(() => database.pool.waitingCount).toBe(1);
    first.finish();
    const { pid } = await first.done;
    // The query's COMMIT went out when it ended: the waiter has its connection, in no transaction.
    const { rows } = await waiter;
    expect(rows[0]).toEqual({ pid, readOnly: 'off' });
    second.finish();
    await second.done;
  });

  it('never lends its held connection to another user of the pool, and commits it when the database closes', async () => {
    const database = connectAppDatabase(scratch.appUrl, 2, undefined, { commitHoldMs: 60_000 });
    const query = await database.tenantTransactions.run('demo', backendOf, readOnly);
    const { rows } = await backendOfPoolQuery(database);
    expect(rows[0]!.pid).not.toBe(query.pid);
    expect(rows[0]!.readOnly).toBe('off');
    await database.close();
    await expect.poll(() => stateOf(query.pid), { timeout: 2_000 }).toBe('gone');
  });
});

describe('a held connection that is lost', () => {
  it('leaves the pool as soon as pg notices, and the next units run on a fresh connection', async () => {
    const database = connectHolding(2);
    const { pid } = await database.tenantTransactions.run('demo', backendOf, readOnly);
    expect(await stateOf(pid)).toBe('idle in transaction');
    await terminate(pid);
    await expect.poll(() => database.pool.totalCount, { timeout: 5_000 }).toBe(0);
    for (const tenant of ['acme', 'demo', 'acme']) {
      const next = await database.tenantTransactions.run(tenant, backendOf, readOnly);
      expect(next.tenant).toBe(tenant);
      expect(next.pid).not.toBe(pid);
    }
    expect(database.pool.totalCount).toBe(1);
  });

  it('when taken before pg notices, lets the unit begin again on a fresh connection', async () => {
    const proxy = await startSilentDropProxy(scratch.appUrl);
    try {
      const database = connectHolding(2, proxy.url);
      const { pid } = await database.tenantTransactions.run('demo', backendOf, readOnly);
      proxy.dropAll();
      await expect.poll(() => stateOf(pid), { timeout: 5_000 }).toBe('gone');
      // The server has gone; the client has heard nothing of it.
      expect(database.pool.totalCount).toBe(1);
      const next = await database.tenantTransactions.run('acme', backendOf);
      expect(next.tenant).toBe('acme');
      expect(next.pid).not.toBe(pid);
      expect(database.pool.totalCount).toBe(1);
      expect((await database.tenantTransactions.run('demo', backendOf, readOnly)).pid).toBe(next.pid);
    } finally {
      await proxy.close();
    }
  });

  it('during a unit fails that unit alone, and closes the connection', async () => {
    const database = connectHolding(2);
    const outcome = database.tenantTransactions.run('demo', async () => {
      const { pid } = (await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`)[0]!;
      await terminate(pid);
      return sql`SELECT 1`;
    });
    await expect(outcome).rejects.toThrow();
    expect(database.pool.totalCount).toBe(0);
    expect((await database.tenantTransactions.run('demo', backendOf, readOnly)).tenant).toBe('demo');
    expect((await database.tenantTransactions.run('acme', backendOf)).tenant).toBe('acme');
  });
});

describe('a pool with every connection taken', () => {
  it('runs many more units at once than it has connections, none waiting out a hold', async () => {
    const database = connectHolding(1);
    const tenants = Array.from({ length: 12 }, (_, index) => (index % 3 === 0 ? 'acme' : 'demo'));
    const seen = await Promise.all(
      tenants.map((tenant) => database.tenantTransactions.run(tenant, async (db) => (await backendOf(db)).tenant, { readOnly: tenant === 'demo' })),
    );
    expect(seen).toEqual(tenants);
  });

  it('gives a held connection back at once to whoever else needs one: a pool query, Prisma, a Prisma transaction', async () => {
    const database = connectHolding(2);
    const users: [string, () => Promise<unknown>][] = [
      ['a pool query', () => database.pool.query('SELECT 1')],
      ['a Prisma query', () => database.prisma.customer.count()],
      ['a Prisma transaction', () => database.prisma.$transaction((transaction) => transaction.customer.count())],
    ];
    for (const [user, use] of users) {
      const pids = await holdConnections(database, 2);
      expect(new Set(pids).size, user).toBe(2);
      expect(await Promise.all(pids.map(stateOf)), user).toEqual(['idle in transaction', 'idle in transaction']);
      expect(database.pool.totalCount, user).toBe(2);
      await use();
    }
  });

  it('shows a write after reads the committed state, and the write is committed when its unit returns', async () => {
    const database = connectHolding(2);
    const nameOf = async (db: TenantDb) => (await db.tenant.findUniqueOrThrow({ where: { id: 'demo' } })).name;
    const committedName = async () => (await scratch.committed<{ name: string }>('demo', `SELECT name FROM "Tenant" WHERE id = 'demo'`))[0]!.name;
    const original = await committedName();
    // Both connections hold a read-only transaction whose snapshot predates the owner's change.
    await holdConnections(database, 2);
    await scratch.committed('demo', `UPDATE "Tenant" SET name = 'Renamed by the owner' WHERE id = 'demo'`);
    await database.tenantTransactions.run('demo', async (db) => {
      expect(await nameOf(db)).toBe('Renamed by the owner');
      await db.tenant.update({ where: { id: 'demo' }, data: { name: 'Renamed by a unit' } });
    });
    expect(await committedName()).toBe('Renamed by a unit');
    expect(await database.tenantTransactions.run('demo', nameOf, readOnly)).toBe('Renamed by a unit');
    await database.tenantTransactions.run('demo', (db) => db.tenant.update({ where: { id: 'demo' }, data: { name: original } }));
    expect(await committedName()).toBe(original);
  });
});
