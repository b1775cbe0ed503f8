import { AsyncLocalStorage } from 'node:async_hooks';
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
  checkout: Checkout;
  timer: NodeJS.Timeout;
}

/**
 * Opens one transaction per unit of work with the tenant set. RLS policies read `app.tenant_id`,
 * and `set_config(..., true)` scopes it to the transaction, so a pooled connection never carries
 * one tenant's setting into another's request. BEGIN and the setting travel in one round trip.
 *
 * A read-only unit's COMMIT is not waited for: the connection is held back from the pool, and the
 * next unit that takes it sends that COMMIT in the same message as its own BEGIN. Committing a
 * transaction that wrote nothing decides nothing the unit's result depends on, and it saves the
 * server a round trip per query. A held connection nobody takes within `commitHoldMs` commits
 * alone and returns to the pool, so PostgreSQL never keeps a transaction idle for longer than
 * that. Whenever someone would wait for a connection (a unit ending while others wait, or any
 * user of an exhausted pool: see `releaseOldestHeld`), the COMMIT goes out at once, still without
 * the unit waiting for it. A query's COMMIT is therefore never one of its own statements
 * (Context.statements).
 *
 * A held connection that is lost (the server restarted, an administrator ended it) costs nothing
 * but itself: it leaves the pool as soon as pg notices, and a unit that took it before then begins
 * again on a fresh connection.
 */
export class TenantTransactions {
  private readonly pool: pg.Pool;
  private readonly prisma: PrismaClient;
  private readonly commitHoldMs: number;
  /** Most recently held last: the one taken next, while the older ones run out their hold. */
  private readonly held: HeldConnection[] = [];
  /** Runs a function in the async context this object was made in: a hold's timer belongs to no request. */
  private readonly outsideRequests = AsyncLocalStorage.snapshot();

  constructor(pool: pg.Pool, prisma: PrismaClient, settings: TenantTransactionsSettings = {}) {
    this.pool = pool;
    this.prisma = prisma;
    this.commitHoldMs = settings.commitHoldMs ?? 10;
  }

  async run<T>(tenantId: string, work: (db: TenantDb) => Promise<T>, options: TenantTransactionOptions = {}): Promise<T> {
    // Simple-protocol text, so the statements share one round trip; the tenant id is a literal.
    const checkout = await this.begin(`BEGIN${options.readOnly ? ' READ ONLY' : ''}; SELECT set_config('app.tenant_id', ${pg.escapeLiteral(tenantId)}, true)`);
    const connection = oneQueryAtATime(checkout.connection);
    const transaction: AmbientTransaction = {
      connection,
      savepoints: 0,
      singleMutation: options.singleMutation ?? false,
      rollbackOnly: false,
      ended: false,
    };
    let handedOn = false;
    let reusable = true;
    try {
      // Awaited inside the context: Prisma's promises are lazy and would otherwise start outside it.
      const result = await runInTransaction(transaction, async () => await work(this.prisma));
      transaction.ended = true;
      if (options.readOnly && !transaction.rollbackOnly) {
        this.endReadOnly(checkout);
        handedOn = true;
      } else {
        await connection.query(transaction.rollbackOnly ? 'ROLLBACK' : 'COMMIT');
      }
      return result;
    } catch (error) {
      transaction.ended = true;
      // A connection whose ROLLBACK failed is in an unknown state: it is closed, not reused.
      await connection.query('ROLLBACK').catch(() => {
        reusable = false;
      });
      throw error;
    } finally {
      if (!handedOn) checkout.release(!reusable);
    }
  }

  /** Commits what is held and returns it to the pool: before the pool closes. */
  async releaseHeld(): Promise<void> {
    const all = this.held.splice(0);
    for (const entry of all) this.unhold(entry);
    await Promise.all(all.map((entry) => this.commitAndRelease(entry.checkout)));
  }

  /**
   * Commits the connection held longest and returns it to the pool, one round trip later: for
   * someone who would otherwise wait for a connection until a hold runs out.
   */
  releaseOldestHeld(): void {
    const entry = this.held.shift();
    if (!entry) return;
    this.unhold(entry);
    this.outsideRequests(() => void this.commitAndRelease(entry.checkout));
  }

  /**
   * A connection with the unit's transaction begun. A held one carries the previous unit's COMMIT
   * in the same message; if it turns out lost, the unit begins on a fresh one, since what the held
   * transaction read has been delivered already.
   */
  private async begin(statements: string): Promise<Checkout> {
    const previous = this.takeHeld();
    if (previous) {
      try {
        await previous.connection.query(`COMMIT; ${statements}`);
        return previous;
      } catch {
        previous.release(true);
      }
    }
    const checkout = new Checkout(await this.pool.connect());
    try {
      await checkout.connection.query(statements);
      return checkout;
    } catch (error) {
      checkout.release(true);
      throw error;
    }
  }

  /** A read-only unit neither waits for its COMMIT nor counts it as one of its statements. */
  private endReadOnly(checkout: Checkout): void {
    if (checkout.lost) checkout.release(true);
    // Held only while no one waits for a connection: a waiter would otherwise wait out the hold.
    else if (this.pool.waitingCount === 0) this.hold(checkout);
    else this.outsideRequests(() => void this.commitAndRelease(checkout));
  }

  private takeHeld(): Checkout | undefined {
    const entry = this.held.pop();
    if (!entry) return undefined;
    this.unhold(entry);
    return entry.checkout;
  }

  private hold(checkout: Checkout): void {
    const entry: HeldConnection = {
      checkout,
      timer: this.outsideRequests(() =>
        setTimeout(() => {
          if (this.removeHeld(entry)) void this.commitAndRelease(checkout);
        }, this.commitHoldMs),
      ),
    };
    // Lost while held: out of the pool at once, rather than when the hold runs out.
    checkout.whenLost(() => {
      if (this.removeHeld(entry)) checkout.release(true);
    });
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
    entry.checkout.whenLost(undefined);
  }

  private async commitAndRelease(checkout: Checkout): Promise<void> {
    try {
      await checkout.connection.query('COMMIT');
      checkout.release(false);
    } catch {
      checkout.release(true);
    }
  }
}

/**
 * A connection out of the pool, from its unit's BEGIN until it goes back (after its hold, if it is
 * held). pg reports a dropped connection as an 'error' event on it, which would crash the process
 * with no listener: out of the pool, this is its listener.
 */
class Checkout {
  readonly connection: pg.PoolClient;
  /** The server or the network dropped it: it goes back to be closed, never to be reused. */
  lost = false;
  private onLost: (() => void) | undefined;
  private readonly listener = () => {
    this.lost = true;
    this.onLost?.();
  };

  constructor(connection: pg.PoolClient) {
    this.connection = connection;
    connection.on('error', this.listener);
  }

  /** What to do as soon as it is lost, rather than when its next query fails. */
  whenLost(handler: (() => void) | undefined): void {
    this.onLost = handler;
  }

  release(close: boolean): void {
    this.connection.removeListener('error', this.listener);
    this.connection.release(close || this.lost);
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
