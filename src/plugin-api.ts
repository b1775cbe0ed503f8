import type { BackgroundContext, BackgroundJob } from './background.ts';
import type { Builder } from './builder.ts';
import type { SeedContext } from './db/seed-context.ts';

export type { Builder } from './builder.ts';
export { manualClock, type Clock, type ManualClock } from './clock.ts';
export { viewerOf, type Context } from './context.ts';
export type { SeedContext, SeedEvent } from './db/seed-context.ts';
export { SeededRandom, type Weighted } from './db/seeded-random.ts';
export type { BackgroundContext, BackgroundJob, TenantScope } from './background.ts';
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
export { filterList, MAX_FILTER_VALUES } from './schema/list-bounds.ts';
export { selectedFieldNames } from './schema/selection.ts';
export { newRowId } from './ids.ts';
export { customerTimelineExpression, readCustomerTimeline, timelineFromJson, type TimelineEntry, type TimelinePage, type TimelineQuery } from './events/event-log.ts';
export { keepReadAlong, readAlong, selectedParts, valueReadAlong, type ReadAlongPart, type ReadAlongSelection, type SelectedPart } from './schema/read-along.ts';
export type { ActivityEvent } from './events/activity-event.ts';

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
  /** Adds the plugin's types and fields. Called once per schema, in dependency order. */
  register(builder: Builder, composition: PluginComposition): void;
  /** Writes the plugin's demo data for one tenant; called in dependency order on first start. */
  seed?(context: SeedContext): Promise<void>;
  /**
   * Starts work that runs while the server is up (a scheduler …) on every instance, unless
   * NEXO_BACKGROUND_JOBS=false. Instances run it side by side: a job that must act once per item
   * claims it in the database (`FOR UPDATE SKIP LOCKED`, an advisory lock), never per process.
   */
  background?(context: BackgroundContext): BackgroundJob;
}

/** What a plugin learns about the schema it is registered in. */
export interface PluginComposition {
  /**
   * The enabled plugins. An optional integration (declared in `integratesWith`) checks it and
   * registers that part only when the other area is present.
   */
  enabledPlugins: ReadonlySet<string>;
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
export { SqlConditions } from './db/sql-conditions.ts';
export { perCustomerLoader, type PerCustomerKey } from './db/per-customer-loader.ts';
export { keysetConnection, keysetCursor, keysetWindow, type ConnectionArgs, type KeysetColumn, type KeysetOrder, type KeysetRequest, type KeysetWindow } from './db/keyset.ts';
