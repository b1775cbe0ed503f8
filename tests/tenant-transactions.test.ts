import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectAppDatabase, type AppDatabase } from '../src/db/client.ts';
import { sql } from '../src/db/sql.ts';
import type { TenantDb } from '../src/db/tenant-db.ts';
import { createScratchDatabase, type ScratchDatabase } from './support/scratch-database.ts';

// The unit of work's transaction is held by Nexo, not by Prisma: the plain Prisma client, used
// inside it, is that transaction (how it gets there: ambient-transaction.test.ts; the held COMMIT
// of read-only units: held-commit.test.ts). These are the properties everything else relies on.

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

  it('refuse writes when read-only', async () => {
    await expect(
      database.tenantTransactions.run('demo', (db) => db.tenant.update({ where: { id: 'demo' }, data: { name: 'Nope' } }), { readOnly: true }),
    ).rejects.toThrow(/read-only/);
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
