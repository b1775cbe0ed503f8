import { PrismaPg } from '@prisma/adapter-pg';
import { createHash } from 'node:crypto';
import pg from 'pg';
import { PrismaClient } from '../generated/prisma/client.ts';
import { instrumentPool } from './statement-count.ts';

export type { PrismaClient } from '../generated/prisma/client.ts';

export interface AppDatabase {
  prisma: PrismaClient;
  pool: pg.Pool;
  close(): Promise<void>;
}

/** The application's connection: the non-owner role, so Row-Level Security always applies. */
export function connectAppDatabase(connectionString: string, poolSize: number, onIdleError: (error: Error) => void = () => {}): AppDatabase {
  // Timestamps are stored without a zone, in UTC: column defaults must not follow the server's zone.
  const pool = new pg.Pool({ connectionString, max: poolSize, application_name: 'nexo', options: '-c TimeZone=UTC' });
  // An idle connection the server closes (restart, failover) is replaced on next use; without a
  // listener its error would crash the process.
  pool.on('error', (error) => onIdleError(error));
  instrumentPool(pool);
  const adapter = new PrismaPg(pool, {
    // Named statements let PostgreSQL reuse each query plan per connection instead of re-parsing.
    statementNameGenerator: (query) => `nexo_${createHash('sha1').update(query.sql).digest('base64url').slice(0, 20)}`,
  });
  const prisma = new PrismaClient({ adapter, transactionOptions: { maxWait: 5_000, timeout: 15_000 } });
  return {
    prisma,
    pool,
    async close() {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}
