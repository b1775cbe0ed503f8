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

// The same few hundred statements run again and again: each text is hashed once, not per
// execution. Bounded in count and in text length: batch inserts make long texts, one per size.
const statementNames = new Map<string, string>();
const MAX_STATEMENT_NAMES = 1_000;
const MAX_REMEMBERED_SQL_LENGTH = 8_192;

function statementName(sql: string): string {
  let name = statementNames.get(sql);
  if (name === undefined) {
    name = `nexo_${createHash('sha1').update(sql).digest('base64url').slice(0, 20)}`;
    if (sql.length <= MAX_REMEMBERED_SQL_LENGTH) {
      if (statementNames.size >= MAX_STATEMENT_NAMES) statementNames.clear();
      statementNames.set(sql, name);
    }
  }
  return name;
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
    statementNameGenerator: (query) => statementName(query.sql),
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
