import { randomUUID } from 'node:crypto';
import type { Viewer } from './auth/viewer.ts';
import type { Clock } from './clock.ts';
import { currentTransaction } from './db/ambient-transaction.ts';
import { sql, type Sql } from './db/sql.ts';
import type { StatementTally } from './db/statement-count.ts';
import type { TenantDb } from './db/tenant-db.ts';
import { ConflictError, UnauthenticatedError } from './errors.ts';
import type { ActivityFeed } from './events/activity-feed.ts';
import { EventWriter } from './events/event-writer.ts';
import type { TenantDirectory } from './tenants/tenant-directory.ts';

/** What every resolver receives. Built per request (or per subscription event). */
export interface Context {
  readonly requestId: string;
  /** null for an anonymous request; fields that need a viewer answer UNAUTHENTICATED. */
  readonly viewer: Viewer | null;
  /** The operation's tenant-scoped client: one transaction with `app.tenant_id` set, so RLS applies. */
  readonly db: TenantDb;
  /** SQL on the operation's transaction without Prisma in between, for hot paths (see db/sql.ts). */
  readonly sql: Sql;
  /** Emits outbox events inside the current transaction. */
  readonly events: EventWriter;
  /**
   * Runs a mutation's writes under a savepoint: if `work` throws, its rows and events are undone
   * and nothing else in the operation is. Every mutation resolver writes through this.
   */
  mutate<T>(work: (db: TenantDb) => Promise<T>): Promise<T>;
  /**
   * The event topics the viewer may read: a reader of the event log (a timeline) shows only
   * these, as the activity subscription does, so no area's events reach a role without its :read.
   */
  readonly readableTopics: readonly string[];
  /** SQL statements issued for this request so far. */
  readonly statements: StatementTally;
  /** The tenant's event stream (replay + live), for subscriptions. */
  readonly activity: ActivityFeed;
  /** Where every resolver reads the time ("now" of a write, "the last 30 days" of a read). */
  readonly clock: Clock;
  /** Which tenants exist and are active, as this instance knows them (operators' changes go through it). */
  readonly tenantDirectory: TenantDirectory;
}

/**
 * The viewer of a request that needs one: every field behind a permission has one, so this only
 * throws (UNAUTHENTICATED) for code reached without a token.
 */
export function viewerOf(context: Pick<Context, 'viewer'>): Viewer {
  if (!context.viewer) throw new UnauthenticatedError();
  return context.viewer;
}

/** The core's side of a Context: binding the operation's transaction. */
export interface RequestContext extends Context {
  bindTransaction(transaction: TenantDb | null): void;
}

/**
 * Builds a context of own properties only: yoga merges it into its own context object with
 * Object.assign, which would drop class methods and evaluate getters. `db` is therefore a stable
 * proxy that forwards to whichever transaction is bound.
 */
export interface ContextServices {
  knownTopics: ReadonlySet<string>;
  /** The permission that lets a viewer read each topic's events (`<area>:read`). */
  topicPermissions: ReadonlyMap<string, string>;
  activity: ActivityFeed;
  clock: Clock;
  tenantDirectory: TenantDirectory;
}

// A viewer is kept per token (auth/verify.ts): its readable topics are worked out once, and stay
// one frozen array, whose SQL parameter text `sql` can keep too.
const readableTopicsByViewer = new WeakMap<Viewer, readonly string[]>();

function readableTopicsOf(viewer: Viewer, services: ContextServices): readonly string[] {
  let topics = readableTopicsByViewer.get(viewer);
  if (!topics) {
    topics = Object.freeze([...services.topicPermissions].filter(([, permission]) => viewer.permissions.has(permission)).map(([topic]) => topic));
    readableTopicsByViewer.set(viewer, topics);
  }
  return topics;
}

export function createRequestContext(viewer: Viewer | null, services: ContextServices, requestId: string = randomUUID()): RequestContext {
  let transaction: TenantDb | null = null;
  let savepoints = 0;
  const currentDb = (): TenantDb => {
    if (transaction) return transaction;
    if (!viewer) throw new UnauthenticatedError();
    throw new Error('No tenant transaction is open: database access must happen while the operation executes');
  };
  const db = new Proxy({} as TenantDb, {
    get: (_target, property) => Reflect.get(currentDb(), property),
    // Pothos looks models up with `'customer' in client`.
    has: (_target, property) => Reflect.has(currentDb(), property),
  });

  return {
    requestId,
    viewer,
    statements: { count: 0 },
    db,
    sql,
    readableTopics: viewer ? readableTopicsOf(viewer, services) : [],
    events: new EventWriter(() => viewer?.subject ?? null, services.knownTopics, services.clock),
    activity: services.activity,
    clock: services.clock,
    tenantDirectory: services.tenantDirectory,
    bindTransaction(next) {
      transaction = next;
    },
    async mutate(work) {
      const tx = currentDb();
      const transaction = currentTransaction();
      if (!transaction) throw new Error('No tenant transaction is open: a mutation must run while the operation executes');
      // The operation's only mutation: on failure the whole transaction rolls back, no savepoint needed.
      const savepoint = transaction.singleMutation ? null : `nexo_mutation_${++savepoints}`;
      if (savepoint) await transaction.connection.query(`SAVEPOINT ${savepoint}`);
      try {
        const result = await work(tx);
        if (savepoint) await transaction.connection.query(`RELEASE SAVEPOINT ${savepoint}`);
        return result;
      } catch (error) {
        if (savepoint) await transaction.connection.query(`ROLLBACK TO SAVEPOINT ${savepoint}`);
        else transaction.rollbackOnly = true;
        // A unique index settled a race the mutation's own checks could not see: a conflict, not a crash.
        if (isUniqueViolation(error)) throw new ConflictError('This conflicts with a record written at the same moment; read it again and retry');
        throw error;
      }
    },
  };
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'P2002';
}
