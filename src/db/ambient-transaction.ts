import { AsyncLocalStorage } from 'node:async_hooks';
import type {
  IsolationLevel,
  SqlDriverAdapter,
  SqlDriverAdapterFactory,
  SqlQuery,
  SqlResultSet,
  Transaction,
} from '@prisma/driver-adapter-utils';
import type pg from 'pg';

/**
 * The transaction a unit of work (a GraphQL operation, a replay page) runs in: one pooled
 * connection on which BEGIN and the tenant setting went out together.
 */
export interface AmbientTransaction {
  readonly connection: pg.PoolClient;
  savepoints: number;
  /**
   * The unit holds a single mutation: its failure can roll back the whole transaction instead of
   * a savepoint (two round trips fewer for every write).
   */
  readonly singleMutation: boolean;
  /** The unit's result stands, but its writes must not: ROLLBACK instead of COMMIT. */
  rollbackOnly: boolean;
  /** Set once COMMIT or ROLLBACK went out: the connection may already serve someone else. */
  ended: boolean;
}

const current = new AsyncLocalStorage<AmbientTransaction>();

export function currentTransaction(): AmbientTransaction | undefined {
  return current.getStore();
}

/**
 * The open ambient transaction, or none. Work that outlives its unit (a promise nobody awaited)
 * must fail rather than borrow a connection that is back in the pool, possibly serving another
 * tenant.
 */
export function openTransaction(): AmbientTransaction | undefined {
  const transaction = current.getStore();
  if (transaction) assertOpen(transaction);
  return transaction;
}

function assertOpen(transaction: AmbientTransaction): void {
  if (transaction.ended) throw new Error('A query was sent after its unit of work had committed or rolled back');
}

export function runInTransaction<T>(transaction: AmbientTransaction, work: () => T): T {
  return current.run(transaction, work);
}

/**
 * Prisma's driver adapter, with one difference: a transaction Prisma opens inside a unit of work
 * (`$transaction`, a nested write) is a savepoint of the unit's transaction. Its queries reach the
 * unit's connection through the pool (ambient-pool.ts). Nexo opens the unit's transaction itself
 * because BEGIN and the tenant setting then share one round trip, and a read-only unit's COMMIT
 * can wait for the next unit's BEGIN (tenant-db.ts).
 */
export class AmbientAdapterFactory implements SqlDriverAdapterFactory {
  readonly provider: SqlDriverAdapterFactory['provider'];
  readonly adapterName: string;
  private readonly inner: SqlDriverAdapterFactory;

  constructor(inner: SqlDriverAdapterFactory) {
    this.inner = inner;
    this.provider = inner.provider;
    this.adapterName = inner.adapterName;
  }

  async connect(): Promise<SqlDriverAdapter> {
    return new AmbientAdapter(await this.inner.connect());
  }
}

class AmbientAdapter implements SqlDriverAdapter {
  readonly provider: SqlDriverAdapter['provider'];
  readonly adapterName: string;
  private readonly inner: SqlDriverAdapter;

  constructor(inner: SqlDriverAdapter) {
    this.inner = inner;
    this.provider = inner.provider;
    this.adapterName = inner.adapterName;
  }

  queryRaw(query: SqlQuery): Promise<SqlResultSet> {
    return this.inner.queryRaw(query);
  }

  executeRaw(query: SqlQuery): Promise<number> {
    return this.inner.executeRaw(query);
  }

  executeScript(script: string): Promise<void> {
    return this.inner.executeScript(script);
  }

  startTransaction(isolationLevel?: IsolationLevel): Promise<Transaction> {
    const ambient = openTransaction();
    if (!ambient) return this.inner.startTransaction(isolationLevel);
    return SavepointTransaction.open(ambient, this.inner);
  }

  getConnectionInfo() {
    return this.inner.getConnectionInfo?.() ?? { supportsRelationJoins: false };
  }

  dispose(): Promise<void> {
    return this.inner.dispose();
  }
}

/** A transaction Prisma opens inside the ambient one: a savepoint it releases or rolls back to. */
class SavepointTransaction implements Transaction {
  // Prisma sends no COMMIT/ROLLBACK of its own for a phantom transaction: commit() and rollback() do it.
  readonly options = { usePhantomQuery: true };
  readonly provider: Transaction['provider'];
  readonly adapterName: string;
  private readonly ambient: AmbientTransaction;
  private readonly adapter: SqlDriverAdapter;
  private readonly name: string;

  private constructor(ambient: AmbientTransaction, adapter: SqlDriverAdapter, name: string) {
    this.ambient = ambient;
    this.adapter = adapter;
    this.provider = adapter.provider;
    this.adapterName = adapter.adapterName;
    this.name = name;
  }

  static async open(ambient: AmbientTransaction, adapter: SqlDriverAdapter): Promise<SavepointTransaction> {
    const name = `nexo_prisma_${++ambient.savepoints}`;
    await ambient.connection.query(`SAVEPOINT ${name}`);
    return new SavepointTransaction(ambient, adapter, name);
  }

  private connection(): pg.PoolClient {
    assertOpen(this.ambient);
    return this.ambient.connection;
  }

  // Bound to the unit explicitly: Prisma may run a transaction's queries from its own async context.
  queryRaw(query: SqlQuery): Promise<SqlResultSet> {
    return runInTransaction(this.ambient, () => this.adapter.queryRaw(query));
  }

  executeRaw(query: SqlQuery): Promise<number> {
    return runInTransaction(this.ambient, () => this.adapter.executeRaw(query));
  }

  async commit(): Promise<void> {
    await this.connection().query(`RELEASE SAVEPOINT ${this.name}`);
  }

  async rollback(): Promise<void> {
    await this.connection().query(`ROLLBACK TO SAVEPOINT ${this.name}`);
  }

  async createSavepoint(name: string): Promise<void> {
    await this.connection().query(`SAVEPOINT ${name}`);
  }

  async rollbackToSavepoint(name: string): Promise<void> {
    await this.connection().query(`ROLLBACK TO SAVEPOINT ${name}`);
  }

  async releaseSavepoint(name: string): Promise<void> {
    await this.connection().query(`RELEASE SAVEPOINT ${name}`);
  }
}
