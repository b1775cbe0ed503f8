import { createContextCache } from '@pothos/core';
import type { Context, Sql } from '../../../src/plugin-api.ts';
import { viewerOf } from '../../../src/plugin-api.ts';
import type { BusinessCalendar, WorkingPeriod } from '../sla/business-hours.ts';
import { readDeskConfig, readDeskRevision, type CalendarRow, type CategoryRow, type DeskConfig } from '../store/desk-config.ts';

// A tenant's service-desk configuration: each part is one small table, loaded whole on first use,
// and kept by the server for later requests while the tenant's revision stays the same.

export type { CalendarRow, CategoryRow, PolicyRow, QueueRow, RuleRow } from '../store/desk-config.ts';

export interface Holiday {
  date: string;
  name: string;
}

/** Rows are shared with other requests: read them, never change them. */
export interface ConfigReader {
  categories(): Promise<DeskConfig['categories']>;
  queues(): Promise<DeskConfig['queues']>;
  calendars(): Promise<DeskConfig['calendars']>;
  policies(): Promise<DeskConfig['policies']>;
  rules(): Promise<DeskConfig['rules']>;
  /** Forget what was read: a configuration mutation calls it after writing. */
  invalidate(): void;
}

/**
 * The whole configuration in one statement (each table is small), on first use: a page of tickets
 * with queues, categories, policies and rules costs one statement for all of them. What a server
 * read is kept under the tenant's revision (see ServiceDeskRevision), so a later request that finds
 * the same revision, one primary-key read, reuses it instead of reading every table again.
 *
 * A transaction that changed the configuration (`invalidate`) reads its own uncommitted rows from
 * then on, and never shares them: it may still roll back.
 */
export function configReader(sql: Sql, tenantId: string): ConfigReader {
  let loaded: Promise<DeskConfig> | null = null;
  let changedHere = false;
  const load = () => (loaded ??= changedHere ? readDeskConfig(sql, tenantId).then((read) => read.config) : currentConfig(sql, tenantId));
  return {
    categories: async () => (await load()).categories,
    queues: async () => (await load()).queues,
    calendars: async () => (await load()).calendars,
    policies: async () => (await load()).policies,
    rules: async () => (await load()).rules,
    invalidate: () => {
      loaded = null;
      changedHere = true;
    },
  };
}

/** The configurations this server has read, by tenant, each with the revision it was read at. */
const sharedConfigs = new Map<string, { revision: string; config: DeskConfig }>();
const MAX_SHARED_CONFIGS = 10_000;

async function currentConfig(sql: Sql, tenantId: string): Promise<DeskConfig> {
  const revision = await readDeskRevision(sql, tenantId);
  const shared = sharedConfigs.get(tenantId);
  if (shared?.revision === revision) return shared.config;
  const read = await readDeskConfig(sql, tenantId);
  sharedConfigs.delete(tenantId);
  if (sharedConfigs.size >= MAX_SHARED_CONFIGS) sharedConfigs.delete(sharedConfigs.keys().next().value!);
  sharedConfigs.set(tenantId, read);
  return read.config;
}

/** The configuration as the current request sees it. */
export const requestConfig = createContextCache((context: Context) => configReader(context.sql, viewerOf(context).tenantId));

/** The category first, then each ancestor up to the root. */
export function lineageOf(categories: ReadonlyMap<string, CategoryRow>, categoryId: string): CategoryRow[] {
  const lineage: CategoryRow[] = [];
  let current = categories.get(categoryId);
  while (current && lineage.length < 10) {
    lineage.push(current);
    current = current.parentId ? categories.get(current.parentId) : undefined;
  }
  return lineage;
}

/**
 * A calendar row as the business-hours arithmetic reads it. Shared by every request that reads the
 * same calendar content, so the working windows it has computed (per day, through the time-zone
 * rules) are reused: a ticket whose clock started weeks ago would otherwise cost weeks of them.
 */
const calendarSpecs = new Map<string, BusinessCalendar>();
const MAX_CALENDAR_SPECS = 1_000;
// A row of a kept configuration serves many requests: its spec is looked up once.
const specOfRow = new WeakMap<object, BusinessCalendar>();
export function businessCalendarOf(row: Pick<CalendarRow, 'timeZone' | 'workingHours' | 'holidays'>): BusinessCalendar {
  const known = specOfRow.get(row);
  if (known) return known;
  const key = JSON.stringify([row.timeZone, row.workingHours, row.holidays]);
  let spec = calendarSpecs.get(key);
  if (!spec) {
    spec = {
      timeZone: row.timeZone,
      workingHours: row.workingHours as unknown as WorkingPeriod[],
      holidays: (row.holidays as unknown as Holiday[]).map((holiday) => holiday.date),
    };
    if (calendarSpecs.size >= MAX_CALENDAR_SPECS) calendarSpecs.clear();
    calendarSpecs.set(key, spec);
  }
  specOfRow.set(row, spec);
  return spec;
}
