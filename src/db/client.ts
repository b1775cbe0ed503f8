import { PrismaPg } from '@prisma/adapter-pg';
import type pg from 'pg';
import { PrismaClient } from '../generated/prisma/client.ts';
import { AmbientPool } from './ambient-pool.ts';
import { AmbientAdapterFactory } from './ambient-transaction.ts';
import { statementName } from './statement-names.ts';
import { instrumentPool } from './statement-count.ts';
import { TenantTransactions, type TenantTransactionsSettings } from './tenant-db.ts';

export type { PrismaClient } from '../generated/prisma/client.ts';

export interface AppDatabase {
  prisma: PrismaClient;
  /** Inside a unit of work, its `query` runs in the unit's transaction (ambient-pool.ts). */
  pool: pg.Pool;
  /** Runs a unit of work in one transaction of one tenant; `prisma` inside it is that transaction. */
  tenantTransactions: TenantTransactions;
  close(): Promise<void>;
}

/** The application's connection: the non-owner role, so Row-Level Security always applies. */
export function connectAppDatabase(
  connectionString: string,
  poolSize: number,
  onIdleError: (error: Error) => void = () => {},
  transactionSettings: TenantTransactionsSettings = {},
): AppDatabase {
  // Timestamps are stored without a zone, in UTC: column defaults must not follow the server's zone.
  const pool = new AmbientPool({ connectionString, max: poolSize, application_name: 'nexo', options: '-c TimeZone=UTC' });
  // An idle connection the server closes (restart, failover) is replaced on next use; without a
  // listener its error would crash the process.
  pool.on('error', (error) => onIdleError(error));
  instrumentPool(pool);
  const adapter = new AmbientAdapterFactory(
    new PrismaPg(pool, {
      // Named statements let PostgreSQL reuse each query plan per connection instead of re-parsing.
      statementNameGenerator: (query) => statementName(query.sql),
    }),
  );
  const prisma = new PrismaClient({ adapter, transactionOptions: { maxWait: 5_000, timeout: 15_000 } });
  const tenantTransactions = new TenantTransactions(pool, prisma, transactionSettings);
  pool.whenExhausted(() => tenantTransactions.releaseOldestHeld());
  return {
    prisma,
    pool,
    tenantTransactions,
    async close() {
      await tenantTransactions.releaseHeld();
      await prisma.$disconnect();
      await pool.end();
    },
  };
}
