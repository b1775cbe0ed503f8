import type { SqlQueryable } from '@prisma/driver-adapter-utils';
import pg from 'pg';
import type { PrismaClient } from '../generated/prisma/client.ts';
import type { Prisma } from '../generated/prisma/client.ts';
import { runInTransaction, type AmbientTransaction } from './ambient-transaction.ts';

/** The Prisma client as seen inside a tenant transaction: every query runs in it, RLS applies. */
export type TenantDb = Prisma.TransactionClient;

export interface TenantTransactionOptions {
  /** Queries only: PostgreSQL refuses any write, whatever a resolver attempts. */
  readOnly?: boolean;
  /** The unit runs exactly one mutation (see AmbientTransaction.singleMutation). */
  singleMutation?: boolean;
}

/**
 * Opens one transaction per unit of work with the tenant set. RLS policies read `app.tenant_id`,
 * and `set_config(..., true)` scopes it to the transaction, so a pooled connection never carries
 * one tenant's setting into another's request. BEGIN and the setting travel in one round trip.
 */
export class TenantTransactions {
  private readonly pool: pg.Pool;
  private readonly prisma: PrismaClient;
  private readonly queryableFor: (connection: pg.PoolClient) => Promise<SqlQueryable>;

  constructor(pool: pg.Pool, prisma: PrismaClient, queryableFor: (connection: pg.PoolClient) => Promise<SqlQueryable>) {
    this.pool = pool;
    this.prisma = prisma;
    this.queryableFor = queryableFor;
  }

  async run<T>(tenantId: string, work: (db: TenantDb) => Promise<T>, options: TenantTransactionOptions = {}): Promise<T> {
    const connection = oneQueryAtATime(await this.pool.connect());
    let reusable = true;
    let transaction: AmbientTransaction | undefined;
    try {
      // Simple-protocol text, so the two statements share one round trip; the tenant id is a literal.
      await connection.query(`BEGIN${options.readOnly ? ' READ ONLY' : ''}; SELECT set_config('app.tenant_id', ${pg.escapeLiteral(tenantId)}, true)`);
      transaction = {
        connection,
        queryable: await this.queryableFor(connection),
        savepoints: 0,
        singleMutation: options.singleMutation ?? false,
        rollbackOnly: false,
        ended: false,
      };
      // Awaited inside the context: Prisma's promises are lazy and would otherwise start outside it.
      const result = await runInTransaction(transaction, async () => await work(this.prisma));
      transaction.ended = true;
      await connection.query(transaction.rollbackOnly ? 'ROLLBACK' : 'COMMIT');
      return result;
    } catch (error) {
      if (transaction) transaction.ended = true;
      // A connection whose ROLLBACK failed is in an unknown state: it is closed, not reused.
      await connection.query('ROLLBACK').catch(() => {
        reusable = false;
      });
      throw error;
    } finally {
      connection.release(!reusable);
    }
  }
}

/**
 * The operation's resolvers ask for data concurrently, all on this one connection. `pg` still
 * queues such queries itself but has deprecated it (pg@9 drops it): they wait their turn here.
 */
function oneQueryAtATime(connection: pg.PoolClient): pg.PoolClient {
  let previous: Promise<unknown> = Promise.resolve();
  const query = (...args: unknown[]) => {
    const next = previous.then(() => (connection.query as (...a: unknown[]) => Promise<unknown>)(...args));
    previous = next.catch(() => undefined);
    return next;
  };
  return Object.assign(Object.create(connection) as pg.PoolClient, { query, release: connection.release.bind(connection) });
}
