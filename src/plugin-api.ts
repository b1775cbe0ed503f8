import type { BackgroundContext, BackgroundJob, TenantScope } from './background.ts';
import type { Builder } from './builder.ts';
import type { SeedContext } from './db/seed-context.ts';
import type { ActivityEvent } from './events/activity-event.ts';
import type { Logger } from './logger.ts';
import type { CustomerFact, CustomerPopulation } from './facts/customer-fact.ts';
import type { FactConditionRef } from './facts/fact-types.ts';
import type { CustomerMergeParticipant } from './merge/customer-merge.ts';

export type { Builder } from './builder.ts';
export { manualClock, type Clock, type ManualClock } from './clock.ts';
export type { Logger } from './logger.ts';
export { viewerOf, type Context } from './context.ts';
export type { SeedContext, SeedEvent } from './db/seed-context.ts';
export { eventsAsHistory } from './db/seed-history.ts';
export { SeededRandom, type Weighted } from './db/seeded-random.ts';
export { groupByTenant, repeatPass, type BackgroundContext, type BackgroundJob, type TenantScope } from './background.ts';
export { defineTopic, type Topic } from './events/topic.ts';
export {
  ConflictError,
  ErrorCode,
  ForbiddenError,
  NexoError,
  NotFoundError,
  UnauthenticatedError,
  ValidationError,
  type FieldError,
} from './errors.ts';
export { parseInput } from './schema/parse-input.ts';
export { parseDateTime } from './schema/date-time.ts';
export { asUuid, isUuid, rowIdOfNode } from './schema/node-ids.ts';
export { filterList, MAX_FILTER_VALUES } from './schema/list-bounds.ts';
export { selectedFieldNames } from './schema/selection.ts';
export { newRowId, withSeededRowIds } from './ids.ts';
export { customerTimelineExpression, readCustomerTimeline, timelineFromJson, type TimelineEntry, type TimelinePage, type TimelineQuery } from './events/event-log.ts';
export { keepReadAlong, readAlong, selectedParts, valueReadAlong, type ReadAlongPart, type ReadAlongSelection, type SelectedPart } from './schema/read-along.ts';
export type { ActivityEvent } from './events/activity-event.ts';
export type { CustomerFact, CustomerFactType, CustomerPopulation, FactArguments, FactParameters, FactSource, FactSqlContext } from './facts/customer-fact.ts';
export { checkCondition, conditionSql, movesWithTime, FACT_OPERATORS, type CheckedCondition, type ConditionProblem, type FactConditionInput, type FactOperator, type Operand } from './facts/fact-condition.ts';
export { FactStatement, type FactStatementOptions } from './facts/fact-statement.ts';
export type { CustomerMergeParticipant, CustomerMergePlan, MergeChange, MergeMoveCount, MergeScope } from './merge/customer-merge.ts';
export { repointingParticipant, repointRows, type RepointedRows, type RowRepointer } from './merge/repoint-rows.ts';

/** Everything a business area tells the core about itself. */
export interface PluginManifest {
  /** Equal to the plugin's folder name. */
  name: string;
  /** One line for logs and the README's plugin table. */
  description: string;
  /** Plugins that must be registered first; their types and topics can then be referenced by name. */
  dependsOn?: readonly string[];
  /**
   * Plugins this one works with when they are enabled, and does without when they are not (an
   * optional integration): registered and seeded first when present. The plugin checks
   * `PluginComposition.enabledPlugins` (or `SeedContext.enabledPlugins`) before using one.
   */
  integratesWith?: readonly string[];
  /** The `area:action` permissions this plugin owns, with what each allows. */
  permissions?: Readonly<Record<string, string>>;
  /**
   * Permissions this plugin grants to named roles (`sales`, `service`, `marketing` …). Roles are the
   * union of every plugin's contribution; `admin` gets everything and `viewer` every `*:read`.
   */
  roles?: Readonly<Record<string, readonly string[]>>;
  /** Event topics this plugin owns (see defineTopic), with what each means. */
  topics?: Readonly<Record<string, string>>;
  /**
   * What this area knows about every customer, for segment rules and customer filters: each fact
   * named `<plugin>.<name>`, typed, and written as SQL over this area's own tables.
   */
  customerFacts?: readonly CustomerFact[];
  /** The area that keeps the customers (one per schema) says where their rows are, for facts. */
  customerPopulation?: CustomerPopulation;
  /**
   * How this area takes part when customers are merged (and unmerged): it re-points its own rows of
   * the merged customers to the survivor and says what it changed. Every area that keeps rows of a
   * customer declares one.
   */
  customerMerge?: CustomerMergeParticipant;
  /** Adds the plugin's types and fields. Called once per schema, in dependency order. */
  register(builder: Builder, composition: PluginComposition): void;
  /** Writes the plugin's demo data for one tenant; called in dependency order on first start. */
  seed?(context: SeedContext): Promise<void>;
  /**
   * Called once every enabled plugin has seeded the tenant, in dependency order: brings what this
   * area derives from the others' history (scores, segment memberships) to the end of that history,
   * as its reactions and jobs would have kept it while the history happened. Areas seeded after
   * this one may add to the history (a campaign's purchases); a seed alone would have missed them.
   */
  finishSeed?(context: SeedContext): Promise<void>;
  /**
   * Starts work that runs while the server is up (a scheduler …) on every instance, unless
   * NEXO_BACKGROUND_JOBS=false. Instances run it side by side: a job that must act once per item
   * claims it in the database (`FOR UPDATE SKIP LOCKED`, an advisory lock), never per process.
   */
  background?(context: BackgroundContext): BackgroundJob;
  /**
   * Work done for committed events, by a name unique in the plugin: the core stores how far each
   * reaction got per tenant under `<plugin>.<name>`, and hands it each event of its topics once, in
   * position order, whatever the number of instances (see EventReaction). Runs unless
   * NEXO_BACKGROUND_JOBS=false. A tenant the demo seed creates starts after its seeded history; any
   * other tenant, or a reaction added to a running deployment, starts from the tenant's first event.
   */
  reactions?: Readonly<Record<string, EventReaction>>;
}

/**
 * A plugin's reaction to committed events (segment membership kept up to date …), so that no
 * plugin reads the event log to find what happened since it last looked.
 */
export interface EventReaction {
  /** One line: what the reaction does (logs, README). */
  description: string;
  /** The topics it reacts to: the plugin's own, or those of plugins it depends on or integrates with. */
  topics: readonly string[];
  /** Events handed over per call, at most. Default 200. */
  batchSize?: number;
  /**
   * Called in the tenant's transaction with the next events of its topics, in position order: what
   * it writes and the reaction's progress commit together, so each event's effects happen exactly
   * once. A throw rolls both back, and the same events come again later (after a pause that grows
   * while it keeps failing). Never called with an empty list.
   */
  handle(scope: ReactionScope, events: readonly ActivityEvent[]): Promise<void>;
}

/** What a reaction works in: its tenant's transaction, as background work sees it. */
export interface ReactionScope extends TenantScope {
  tenantId: string;
  /** The server clock's now, read once per transaction. */
  now: Date;
  logger: Logger;
}

/** What a plugin learns about the schema it is registered in. */
export interface PluginComposition {
  /**
   * The enabled plugins. An optional integration (declared in `integratesWith`) checks it and
   * registers that part only when the other area is present.
   */
  enabledPlugins: ReadonlySet<string>;
  /** Every enabled plugin's customer facts, by name. */
  customerFacts: ReadonlyMap<string, CustomerFact>;
  /** Where the customers are, when an enabled plugin keeps them. */
  customerPopulation: CustomerPopulation | null;
  /**
   * Everyone that takes part in a customer merge, by name (`core` for the event log, then each
   * enabled plugin that declares `customerMerge`), in dependency order: a merge calls them in this
   * order, an unmerge in the reverse one.
   */
  customerMergeParticipants: ReadonlyMap<string, CustomerMergeParticipant>;
  /** The condition input on a customer fact (`CustomerFactConditionInput`), for a plugin's own inputs. */
  FactCondition: FactConditionRef;
  /**
   * The instance's data directory (NEXO_DATA_DIR), for files a plugin keeps across restarts (an
   * uploaded file being imported); null when the schema is built without a server (printing it).
   */
  dataDir: string | null;
}

export type Plugin = Readonly<PluginManifest>;

/** The default export of every `plugins/<name>/plugin.ts`. */
export function definePlugin(manifest: PluginManifest): Plugin {
  return Object.freeze({ ...manifest });
}

// The database vocabulary plugins share: Prisma's model types and its Decimal. Each area takes its
// own enums from the generated client in its store (plugins/<area>/store/enums.ts).
import { Prisma } from './generated/prisma/client.ts';
export type { Prisma } from './generated/prisma/client.ts';
export const Decimal = Prisma.Decimal;
export type { TenantDb } from './db/tenant-db.ts';
export type { Sql } from './db/sql.ts';
/** For background jobs that log what each of their transactions cost, as the request log and the reactions do. */
export { countStatements, type StatementTally } from './db/statement-count.ts';
export { SqlConditions } from './db/sql-conditions.ts';
export { perCustomerLoader, type PerCustomerKey } from './db/per-customer-loader.ts';
export { keysetConnection, keysetCursor, keysetWindow, type ConnectionArgs, type KeysetColumn, type KeysetOrder, type KeysetRequest, type KeysetWindow } from './db/keyset.ts';

/** Money as decimal text and whole cents: amounts and currencies checked, summed without floats. */
export { amountSchema, centsOf, currencySchema, formatCents } from './money.ts';
