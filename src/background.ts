import type { Clock } from './clock.ts';
import type { PrismaClient } from './db/client.ts';
import { sql, type Sql } from './db/sql.ts';
import type { TenantDb, TenantTransactions } from './db/tenant-db.ts';
import { EventWriter } from './events/event-writer.ts';
import type { Logger } from './logger.ts';
import type { Plugin } from './plugin-api.ts';

/** One tenant's transaction, as background work sees it: the same walls as a request. */
export interface TenantScope {
  /** The application role's transaction with `app.tenant_id` set: Row-Level Security applies. */
  db: TenantDb;
  /** Plain SQL in that transaction (see Context.sql). */
  sql: Sql;
  /** Emits outbox events in that transaction (actor `system:<plugin>`). */
  events: Pick<EventWriter, 'emit' | 'emitMany'>;
}

/** What the core gives a plugin's background job. */
export interface BackgroundContext {
  logger: Logger;
  /** The server's clock: a job decides what is due by it, never by the wall clock. */
  clock: Clock;
  /** Runs `work` in one transaction of the application role for `tenantId`; a throw rolls it back. */
  inTenant<T>(tenantId: string, work: (scope: TenantScope) => Promise<T>): Promise<T>;
  /**
   * One statement outside any tenant. Row-Level Security hides every tenant row here, so this only
   * serves what a plugin's migration defines to find work across tenants (a SECURITY DEFINER
   * function that returns ids), never to read or write tenant data.
   */
  queryWithoutTenant<Row>(query: TemplateStringsArray, ...values: unknown[]): Promise<Row[]>;
}

/** A running job; the server stops it before closing its database pool. */
export interface BackgroundJob {
  stop(): Promise<void>;
}

export interface BackgroundServices {
  prisma: PrismaClient;
  transactions: TenantTransactions;
  logger: Logger;
  knownTopics: ReadonlySet<string>;
  clock: Clock;
}

/** Starts every plugin's background job; the handle stops them all. */
export function startBackgroundJobs(plugins: readonly Plugin[], services: BackgroundServices): BackgroundJob {
  const jobs = plugins.flatMap((plugin) => {
    if (!plugin.background) return [];
    const actor = `system:${plugin.name}`;
    const context: BackgroundContext = {
      logger: services.logger.child({ component: 'background', plugin: plugin.name }),
      clock: services.clock,
      inTenant: (tenantId, work) =>
        services.transactions.run(tenantId, (db) => work({ db, sql, events: new EventWriter(() => actor, services.knownTopics, services.clock) })),
      queryWithoutTenant: (query, ...values) => services.prisma.$queryRaw(query, ...values),
    };
    return [plugin.background(context)];
  });
  return {
    async stop() {
      await Promise.all(jobs.map((job) => job.stop()));
    },
  };
}

/**
 * A scheduled pass: runs `pass` now, then `intervalMs` after each pass ends, until stopped. A pass
 * that fails is logged with `failure` and the next one runs as planned; `stop` waits for a pass in
 * progress. `pass` receives whether the job was stopped, to end a long pass early.
 */
export function repeatPass(logger: Logger, intervalMs: number, failure: string, pass: (stopped: () => boolean) => Promise<void>): BackgroundJob {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | null = null;
  const tick = async () => {
    running = pass(() => stopped).catch((error: unknown) => logger.error({ err: error }, failure));
    await running;
    running = null;
    if (!stopped) timer = setTimeout(() => void tick(), intervalMs);
  };
  void tick();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}

/** Work found across tenants (ids from a migration's function), grouped by tenant in the order found. */
export function groupByTenant(rows: readonly { tenantId: string; id: string }[]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const row of rows) groups.set(row.tenantId, [...(groups.get(row.tenantId) ?? []), row.id]);
  return groups;
}
