import { AsyncLocalStorage } from 'node:async_hooks';
import type pg from 'pg';

/** Counts the SQL statements sent on behalf of one unit of work (a GraphQL request). */
export interface StatementTally {
  count: number;
}

const currentTally = new AsyncLocalStorage<StatementTally>();

export function countStatements<T>(tally: StatementTally, work: () => T): T {
  return currentTally.run(tally, work);
}

/**
 * Wraps each pooled connection's `query` once, so every statement — Prisma's, raw SQL, transaction
 * control — is counted against the request whose async context issued it.
 */
export function instrumentPool(pool: pg.Pool): void {
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as { query: unknown }).query = (...args: unknown[]) => {
      const tally = currentTally.getStore();
      if (tally) tally.count += 1;
      return query(...args);
    };
  });
}
