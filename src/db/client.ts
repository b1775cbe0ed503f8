import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlDriverAdapter, SqlQueryable } from '@prisma/driver-adapter-utils';
import pg from 'pg';
import { PrismaClient } from '../generated/prisma/client.ts';
import { AmbientAdapterFactory } from './ambient-transaction.ts';
import { statementName } from './statement-names.ts';
import { instrumentPool } from './statement-count.ts';
import { TenantTransactions, type TenantTransactionsSettings } from './tenant-db.ts';

export type { PrismaClient } from '../generated/prisma/client.ts';

type PrismaPgOptions = NonNullable<ConstructorParameters<typeof PrismaPg>[1]>;

export interface AppDatabase {
  prisma: PrismaClient;
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
  const pool = new pg.Pool({ connectionString, max: poolSize, application_name: 'nexo', options: '-c TimeZone=UTC' });
  // An idle connection the server closes (restart, failover) is replaced on next use; without a
  // listener its error would crash the process.
  pool.on('error', (error) => onIdleError(error));
  instrumentPool(pool);
  const pgOptions: PrismaPgOptions = {
    // Named statements let PostgreSQL reuse each query plan per connection instead of re-parsing.
    statementNameGenerator: (query) => statementName(query.sql),
  };
  const pgAdapters = new PrismaPg(pool, pgOptions);
  let connectedAdapter: SqlDriverAdapter | undefined;
  const adapter = new AmbientAdapterFactory(pgAdapters, (connected) => {
    connectedAdapter = connected;
  });
  const prisma = new PrismaClient({ adapter, transactionOptions: { maxWait: 5_000, timeout: 15_000 } });
  // adapter-pg's query path (argument mapping, result typing) over one pooled connection: its
  // adapter class is that path over whatever `pg` client it is given.
  const queryableFor = async (connection: pg.PoolClient): Promise<SqlQueryable> => {
    connectedAdapter ??= await pgAdapters.connect();
    const QueryPath = connectedAdapter.constructor as new (client: pg.PoolClient, options: PrismaPgOptions) => SqlQueryable;
    return new QueryPath(connection, pgOptions);
  };
  const tenantTransactions = new TenantTransactions(pool, prisma, queryableFor, transactionSettings);
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
