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

// A finished read-only transaction waits this long for the next unit of work to end it.
const PARKED_MS = 20;

interface ParkedConnection {
  connection: pg.PoolClient;
  timer: NodeJS.Timeout;
}

/**
 * Opens one transaction per unit of work with the tenant set. RLS policies read `app.tenant_id`,
 * and `set_config(..., true)` scopes it to the transaction, so a pooled connection never carries
 * one tenant's setting into another's request. BEGIN and the setting travel in one round trip.
 *
 * A read-only unit's COMMIT has nothing to make durable, so it is not a round trip of its own: the
 * connection is parked with its transaction open, and the next unit sends `COMMIT; BEGIN …` as one
 * message; after 20 ms unused, the COMMIT goes out alone and the connection returns to the pool.
 * Every socket write costs both this process and PostgreSQL a system call (about 6 % of a
 * customer view's server CPU here, for the COMMIT alone). The unit's answer never waits for it, and
 * nothing else reaches a parked connection: it is not in the pool, and the unit's own late queries
 * are refused (`AmbientTransaction.ended`).
 */
export class TenantTransactions {
  private readonly pool: pg.Pool;
  private readonly prisma: PrismaClient;
  private readonly queryableFor: (connection: pg.PoolClient) => Promise<SqlQueryable>;
  private readonly parked: ParkedConnection[] = [];

  constructor(pool: pg.Pool, prisma: PrismaClient, queryableFor: (connection: pg.PoolClient) => Promise<SqlQueryable>) {
    this.pool = pool;
    this.prisma = prisma;
    this.queryableFor = queryableFor;
  }

  async run<T>(tenantId: string, work: (db: TenantDb) => Promise<T>, options: TenantTransactionOptions = {}): Promise<T> {
    const begin = `BEGIN${options.readOnly ? ' READ ONLY' : ''}; SELECT set_config('app.tenant_id', ${pg.escapeLiteral(tenantId)}, true)`;
    const connection = await this.begin(begin);
    let reusable = true;
    let transaction: AmbientTransaction | undefined;
    try {
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
      if (options.readOnly && !transaction.rollbackOnly) {
        this.park(connection);
        return result;
      }
      await connection.query(transaction.rollbackOnly ? 'ROLLBACK' : 'COMMIT');
      connection.release();
      return result;
    } catch (error) {
      if (transaction) transaction.ended = true;
      // A connection whose ROLLBACK failed is in an unknown state: it is closed, not reused.
      await connection.query('ROLLBACK').catch(() => {
        reusable = false;
      });
      connection.release(!reusable);
      throw error;
    }
  }

  /** Ends every parked transaction and returns its connection to the pool (before the pool closes). */
  async releaseParked(): Promise<void> {
    await Promise.all(this.parked.splice(0).map((parked) => this.unpark(parked)));
  }

  /** A connection with `begin` done: a parked one (its last transaction ended in the same message), or one from the pool. */
  private async begin(begin: string): Promise<pg.PoolClient> {
    const parked = this.parked.pop();
    if (parked) {
      clearTimeout(parked.timer);
      try {
        await parked.connection.query(`COMMIT; ${begin}`);
        return parked.connection;
      } catch {
        // The connection failed while parked (the server closed it): a fresh one instead.
        parked.connection.release(true);
      }
    }
    const connection = oneQueryAtATime(await this.pool.connect());
    try {
      await connection.query(begin);
      return connection;
    } catch (error) {
      connection.release(true);
      throw error;
    }
  }

  private park(connection: pg.PoolClient): void {
    const parked: ParkedConnection = {
      connection,
      timer: setTimeout(() => {
        const at = this.parked.indexOf(parked);
        if (at >= 0) void this.unpark(this.parked.splice(at, 1)[0]!);
      }, PARKED_MS),
    };
    this.parked.push(parked);
  }

  private async unpark(parked: ParkedConnection): Promise<void> {
    clearTimeout(parked.timer);
    const committed = await parked.connection.query('COMMIT').then(
      () => true,
      () => false,
    );
    parked.connection.release(!committed);
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
