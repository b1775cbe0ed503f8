import { AsyncLocalStorage } from 'node:async_hooks';
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

export interface TenantTransactionsSettings {
  /**
   * How long a read-only transaction's connection waits for the next unit of work to carry its
   * COMMIT, before sending it alone and going back to the pool. Default 10 ms.
   */
  commitHoldMs?: number;
}

/** A connection whose read-only transaction is over but not yet committed. */
interface HeldConnection {
  connection: pg.PoolClient;
  timer: NodeJS.Timeout;
  /** Out of the pool, a connection has no listener for its errors: without one, a drop would crash the process. */
  onError: (error: Error) => void;
}

/**
 * Opens one transaction per unit of work with the tenant set. RLS policies read `app.tenant_id`,
 * and `set_config(..., true)` scopes it to the transaction, so a pooled connection never carries
 * one tenant's setting into another's request. BEGIN and the setting travel in one round trip.
 *
 * A read-only unit's COMMIT is not waited for: the connection is held back from the pool, and the
 * next unit that takes it sends that COMMIT in the same message as its own BEGIN. Committing a
 * transaction that wrote nothing decides nothing the unit's result depends on, and it saves a
 * round trip per query: a write, a wake-up of the server and a read (measured: about a tenth of
 * a customer-360's CPU in the server). A held connection nobody takes within `commitHoldMs`
 * commits alone and returns to the pool, so other users of the pool never see one, and
 * PostgreSQL never keeps a transaction idle for longer than that. When someone is waiting for a
 * connection, the COMMIT goes out at once, still without the unit waiting for it. A query's
 * COMMIT is therefore never one of its own statements (Context.statements).
 */
export class TenantTransactions {
  private readonly pool: pg.Pool;
  private readonly prisma: PrismaClient;
  private readonly queryableFor: (connection: pg.PoolClient) => Promise<SqlQueryable>;
  private readonly commitHoldMs: number;
  /** Most recently held last: the one taken next, while the older ones run out their hold. */
  private readonly held: HeldConnection[] = [];
  /** Runs a function in the async context this object was made in: a hold's timer belongs to no request. */
  private readonly outsideRequests = AsyncLocalStorage.snapshot();

  constructor(pool: pg.Pool, prisma: PrismaClient, queryableFor: (connection: pg.PoolClient) => Promise<SqlQueryable>, settings: TenantTransactionsSettings = {}) {
    this.pool = pool;
    this.prisma = prisma;
    this.queryableFor = queryableFor;
    this.commitHoldMs = settings.commitHoldMs ?? 10;
  }

  async run<T>(tenantId: string, work: (db: TenantDb) => Promise<T>, options: TenantTransactionOptions = {}): Promise<T> {
    const previous = this.takeHeld();
    const pooled = previous ?? (await this.pool.connect());
    const connection = oneQueryAtATime(pooled);
    let reusable = true;
    let held = false;
    let transaction: AmbientTransaction | undefined;
    try {
      // Simple-protocol text, so the statements share one round trip; the tenant id is a literal.
      await connection.query(
        `${previous ? 'COMMIT; ' : ''}BEGIN${options.readOnly ? ' READ ONLY' : ''}; SELECT set_config('app.tenant_id', ${pg.escapeLiteral(tenantId)}, true)`,
      );
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
        // Held only while no one waits for a connection: a waiter would otherwise wait out the
        // hold. Either way the unit does not wait for its COMMIT, nor count it as its statement.
        if (this.pool.waitingCount === 0) this.hold(pooled);
        else this.outsideRequests(() => void this.commitAndRelease(pooled));
        held = true;
      } else {
        await connection.query(transaction.rollbackOnly ? 'ROLLBACK' : 'COMMIT');
      }
      return result;
    } catch (error) {
      if (transaction) transaction.ended = true;
      // A connection whose ROLLBACK failed is in an unknown state: it is closed, not reused.
      await connection.query('ROLLBACK').catch(() => {
        reusable = false;
      });
      throw error;
    } finally {
      if (!held) pooled.release(!reusable);
    }
  }

  /** Commits what is held and returns it to the pool: before the pool closes. */
  async releaseHeld(): Promise<void> {
    const all = this.held.splice(0);
    for (const entry of all) this.unhold(entry);
    await Promise.all(all.map((entry) => this.commitAndRelease(entry.connection)));
  }

  private takeHeld(): pg.PoolClient | undefined {
    const entry = this.held.pop();
    if (!entry) return undefined;
    this.unhold(entry);
    return entry.connection;
  }

  private hold(connection: pg.PoolClient): void {
    const entry: HeldConnection = {
      connection,
      timer: this.outsideRequests(() =>
        setTimeout(() => {
          if (this.removeHeld(entry)) void this.commitAndRelease(connection);
        }, this.commitHoldMs),
      ),
      onError: (error) => {
        if (this.removeHeld(entry)) connection.release(error);
      },
    };
    connection.on('error', entry.onError);
    this.held.push(entry);
  }

  /** Takes `entry` out of the held ones; false when someone took it first. */
  private removeHeld(entry: HeldConnection): boolean {
    const index = this.held.indexOf(entry);
    if (index === -1) return false;
    this.held.splice(index, 1);
    this.unhold(entry);
    return true;
  }

  private unhold(entry: HeldConnection): void {
    clearTimeout(entry.timer);
    entry.connection.removeListener('error', entry.onError);
  }

  private async commitAndRelease(connection: pg.PoolClient): Promise<void> {
    try {
      await connection.query('COMMIT');
      connection.release();
    } catch (error) {
      connection.release(error instanceof Error ? error : true);
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
