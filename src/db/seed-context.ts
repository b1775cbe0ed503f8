import type { Faker } from '@faker-js/faker';
import type { PoolClient } from 'pg';
import type { Sql } from './sql.ts';
import type { CustomerFact, CustomerPopulation } from '../facts/customer-fact.ts';
import type { CustomerMergeParticipant } from '../merge/customer-merge.ts';

/** What a plugin's `seed` receives: one tenant, inside one transaction with the tenant already set. */
export interface SeedContext {
  tenantId: string;
  /** How many customers (people and organizations together) the tenant should end up with. */
  customers: number;
  /** Seeded per tenant: the same seed always writes the same data. */
  faker: Faker;
  /** An owner connection in an open transaction; `app.tenant_id` is set, so RLS admits the rows. */
  sql: PoolClient;
  /** Statements on that same transaction through the interface requests use (`context.sql`). */
  statements: Sql;
  /** The plugins being seeded: an optional integration writes its part only when the other area is there. */
  enabledPlugins: ReadonlySet<string>;
  /** The enabled plugins' customer facts and where the customers are (see PluginComposition). */
  customerFacts: ReadonlyMap<string, CustomerFact>;
  customerPopulation: CustomerPopulation | null;
  /** Everyone that takes part in a customer merge, in order (see PluginComposition), for a seed that merges. */
  customerMergeParticipants: ReadonlyMap<string, CustomerMergeParticipant>;
  /** The instant the demo history ends; seeds date everything relative to it, never to the clock. */
  now: Date;
  progress: SeedProgress;
  /**
   * Bulk-inserts rows (keys = column names, the same keys in every row) with multi-row INSERTs,
   * starting a progress step labelled `label` and advancing it as rows are written.
   */
  insert(label: string, table: string, rows: readonly object[]): Promise<void>;
  /**
   * Writes events of the seeded history in the order given (the order things happened), numbered
   * after every event already in the event log and recorded when they happened: history is on the
   * timelines, and nothing in it is news to the relay.
   */
  insertEvents(label: string, events: readonly SeedEvent[]): Promise<void>;
}

/** An event of the seeded history, as the area that owns its topic would have emitted it. */
export interface SeedEvent {
  topic: string;
  subjectId: string;
  customerId: string | null;
  customerNodeId: string | null;
  channel?: string | null;
  kind?: string | null;
  actorId: string | null;
  payload: Record<string, unknown>;
  occurredAt: Date | string;
}

export interface SeedProgress {
  /** Starts a bar for one step of this plugin's seed. */
  step(label: string, total: number): void;
  advance(count?: number): void;
}
