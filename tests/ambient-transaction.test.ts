import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectAppDatabase, type AppDatabase } from '../src/db/client.ts';
import { sql } from '../src/db/sql.ts';
import { countStatements } from '../src/db/statement-count.ts';
import type { TenantDb } from '../src/db/tenant-db.ts';
import { createScratchDatabase, type ScratchDatabase } from './support/scratch-database.ts';

// Prisma's queries reach a unit of work's transaction through the pool adapter-pg is given
// (src/db/ambient-pool.ts), and its transactions become savepoints of the unit's
// (src/db/ambient-transaction.ts). These are the properties of that seam.

let scratch: ScratchDatabase;
let database: AppDatabase;

beforeAll(async () => {
  scratch = await createScratchDatabase();
  database = connectAppDatabase(scratch.appUrl, 2);
});
afterAll(async () => {
  await database?.close();
  await scratch?.drop();
});

interface Whereabouts {
  pid: number;
  transactionId: string;
  tenant: string | null;
}

const prismaOf = (db: TenantDb) => db as AppDatabase['prisma'];
const WHEREABOUTS = `SELECT pg_backend_pid() AS pid, pg_current_xact_id()::text AS "transactionId", current_setting('app.tenant_id', true) AS tenant`;
/** The backend, the top-level transaction and the tenant a Prisma query runs in. */
const whereaboutsOf = async (db: TenantDb) => (await prismaOf(db).$queryRawUnsafe<Whereabouts[]>(WHEREABOUTS))[0]!;
/** The same, read on the unit's connection without Prisma. */
const unitWhereabouts = async () => (await sql.query<Whereabouts>(WHEREABOUTS))[0]!;
const tenantName = async (db: TenantDb) => (await db.tenant.findUniqueOrThrow({ where: { id: 'demo' } })).name;
const committedTenantName = async () => (await scratch.committed<{ name: string }>('demo', `SELECT name FROM "Tenant" WHERE id = 'demo'`))[0]!.name;

/** Thrown to end a unit with a rollback, so that no test leaves a write behind. */
const undo = new Error('undo the test writes');

describe('inside a unit of work, Prisma', () => {
  it('runs in the unit’s transaction: its backend, its tenant, its uncommitted writes, its Row-Level Security', async () => {
    const outcome = database.tenantTransactions.run('demo', async (db) => {
      const unit = await unitWhereabouts();
      expect(await whereaboutsOf(db)).toEqual({ ...unit, tenant: 'demo' });
      await sql`UPDATE "Tenant" SET name = 'Written beside Prisma' WHERE id = 'demo'`;
      expect(await tenantName(db)).toBe('Written beside Prisma');
      expect(await committedTenantName()).not.toBe('Written beside Prisma');
      const tenantsSeen = await db.customer.groupBy({ by: ['tenantId'], _count: true });
      expect(tenantsSeen.map((group) => group.tenantId)).toEqual(['demo']);
      throw undo;
    });
    await expect(outcome).rejects.toBe(undo);
    expect(await committedTenantName()).not.toBe('Written beside Prisma');
  });

  it('turns $transaction into a savepoint of the unit: same backend and transaction, and its rollback undoes only its own writes', async () => {
    const outcome = database.tenantTransactions.run('demo', async (db) => {
      const unit = await unitWhereabouts();
      await db.tenant.update({ where: { id: 'demo' }, data: { name: 'Outer write' } });
      let inner: Whereabouts | undefined;
      await expect(
        prismaOf(db).$transaction(async (transaction) => {
          inner = await whereaboutsOf(transaction);
          await transaction.tenant.update({ where: { id: 'demo' }, data: { name: 'Inner write' } });
          throw new Error('inner fails');
        }),
      ).rejects.toThrow('inner fails');
      expect(inner).toEqual({ ...unit, tenant: 'demo' });
      expect(await tenantName(db)).toBe('Outer write');
      throw undo;
    });
    await expect(outcome).rejects.toBe(undo);
  });

  it('runs a nested write in a savepoint of the unit: a failing part undoes the whole write, and the unit goes on', async () => {
    const displayName = 'Nested write inside a unit';
    const customerWith = (country: string) => ({
      data: { tenantId: 'demo', kind: 'PERSON' as const, displayName, audiences: [], contactPoints: { create: [{ kind: 'EMAIL' as const, value: 'nested.write@example.com', country }] } },
      include: { contactPoints: true },
    });
    const outcome = database.tenantTransactions.run('demo', async (db) => {
      // char(2): the contact point's insert fails after the customer's.
      await expect(db.customer.create(customerWith('too long'))).rejects.toThrow();
      // Had the failure aborted the unit's transaction instead of a savepoint, this would fail too.
      expect(await db.customer.count({ where: { displayName } })).toBe(0);
      const created = await db.customer.create(customerWith('ES'));
      expect(created.contactPoints).toHaveLength(1);
      throw undo;
    });
    await expect(outcome).rejects.toBe(undo);
    // The write that succeeded was the unit's: undone with it.
    expect(await database.tenantTransactions.run('demo', (db) => db.customer.count({ where: { displayName } }))).toBe(0);
  });

  it('refuses, once the unit has ended, a query, a transaction or a pool query still running in its name', async () => {
    let resume!: () => void;
    const resumed = new Promise<void>((resolve) => (resume = resolve));
    let strays: Promise<unknown>[] = [];
    await database.tenantTransactions.run('demo', async (db) => {
      // Callbacks registered inside the unit keep its async context after it ends.
      strays = [
        resumed.then(() => db.customer.count()),
        resumed.then(() => prismaOf(db).$transaction((transaction) => transaction.customer.count())),
        resumed.then(() => database.pool.query('SELECT 1')),
      ];
    });
    resume();
    const outcomes = await Promise.allSettled(strays);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected', 'rejected']);
    for (const outcome of outcomes) expect(String((outcome as PromiseRejectedResult).reason)).toMatch(/after its unit of work had committed or rolled back/);
  });

  it('counts its statements against the unit and prepares them by name on the unit’s connection', async () => {
    const fresh = connectAppDatabase(scratch.appUrl, 1, undefined, { commitHoldMs: 60_000 });
    try {
      const tally = { count: 0 };
      const preparedNames = () => sql<{ name: string }>`SELECT name FROM pg_prepared_statements`.then((rows) => rows.map((row) => row.name));
      const { before, after } = await countStatements(tally, () =>
        fresh.tenantTransactions.run(
          'demo',
          async (db) => {
            const before = await preparedNames();
            await db.customer.count();
            return { before, after: await preparedNames() };
          },
          { readOnly: true },
        ),
      );
      // BEGIN with the tenant setting, two reads of the prepared statements and Prisma's count; the COMMIT is held.
      expect(tally.count).toBe(4);
      const prismas = after.filter((name) => !before.includes(name));
      expect(prismas).toHaveLength(1);
      expect(prismas[0]).toMatch(/^nexo_/);
    } finally {
      await fresh.close();
    }
  });
});

describe('outside every unit of work, Prisma', () => {
  it('goes to the pool: another connection, no tenant, and Row-Level Security shows nothing', async () => {
    let entered!: (pid: number) => void;
    const unitPid = new Promise<number>((resolve) => (entered = resolve));
    let finish!: () => void;
    const finished = new Promise<void>((resolve) => (finish = resolve));
    const unit = database.tenantTransactions.run('demo', async (db) => {
      entered((await whereaboutsOf(db)).pid);
      await finished;
    });
    const pid = await unitPid;
    const outside = (await database.prisma.$queryRaw<{ pid: number; tenant: string | null }[]>`
      SELECT pg_backend_pid() AS pid, current_setting('app.tenant_id', true) AS tenant`)[0]!;
    expect(outside.pid).not.toBe(pid);
    expect(outside.tenant ?? '').toBe('');
    expect(await database.prisma.customer.count()).toBe(0);
    const inTransaction = await database.prisma.$transaction(async (transaction) => (await whereaboutsOf(transaction)).pid);
    expect(inTransaction).not.toBe(pid);
    finish();
    await unit;
  });
});
