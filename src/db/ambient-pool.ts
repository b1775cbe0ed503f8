import pg from 'pg';
import { openTransaction } from './ambient-transaction.ts';

/** pg's `query` and `connect` in their general form: every overload hands its arguments on unchanged. */
type PassThrough = (...args: unknown[]) => unknown;

/**
 * The application's pool, and the one seam through which a unit of work's transaction reaches
 * Prisma. adapter-pg sends every query outside a Prisma transaction through `pool.query`; inside
 * an open unit of work (ambient-transaction.ts) this pool sends it to the unit's connection
 * instead, so the plain Prisma client is the unit's transaction, with its tenant setting, its
 * snapshot and its uncommitted writes. Any other `pool.query` issued inside a unit joins it
 * the same way. Outside every unit, `query` is pg's own.
 *
 * A query from a unit that has ended is refused: its connection may already serve another tenant.
 *
 * `connect()` always takes a connection of the pool's own. When the pool is exhausted, the
 * connections held back by their owner (see `whenExhausted`) are asked for first, so a caller
 * never waits for a connection that nobody is using.
 *
 * Its users hold it as a `pg.Pool`: the overrides hand every overload's arguments and result on
 * unchanged, so pg's own signatures stay the true ones.
 */
export class AmbientPool extends pg.Pool {
  private reclaimHeld: () => void = () => {};

  /**
   * `reclaim` gives back, after one round trip at most, a connection its owner keeps out of the
   * pool by choice (TenantTransactions' held COMMIT). It runs whenever a caller of `connect()`
   * would otherwise wait.
   */
  whenExhausted(reclaim: () => void): void {
    this.reclaimHeld = reclaim;
  }

  override query<Result>(...args: unknown[]): Result {
    const transaction = openTransaction();
    if (transaction) return (transaction.connection.query as PassThrough).apply(transaction.connection, args) as Result;
    return (super.query as PassThrough).apply(this, args) as Result;
  }

  override connect<Result>(...args: unknown[]): Result {
    if (this.idleCount === 0 && this.totalCount >= this.options.max) this.reclaimHeld();
    return (super.connect as PassThrough).apply(this, args) as Result;
  }
}
