import { createContextCache } from '@pothos/core';
import type { Context, Prisma, TenantDb } from '../../../src/plugin-api.ts';
import type { BusinessCalendar, WorkingPeriod } from '../sla/business-hours.ts';

// A tenant's service-desk configuration, read once per request (or per scheduler transaction):
// each part is one small table, loaded whole on first use.

export type CategoryRow = Prisma.TicketCategoryModel;
export type QueueRow = Prisma.TicketQueueModel;
export type PolicyRow = Prisma.SlaPolicyModel;
export type RuleRow = Prisma.RoutingRuleModel;
export type CalendarRow = Prisma.ServiceCalendarModel;

export interface Holiday {
  date: string;
  name: string;
}

export interface ConfigReader {
  categories(): Promise<Map<string, CategoryRow>>;
  queues(): Promise<Map<string, QueueRow>>;
  calendars(): Promise<Map<string, CalendarRow>>;
  policies(): Promise<PolicyRow[]>;
  rules(): Promise<RuleRow[]>;
  /** Forget what was read: a configuration mutation calls it after writing. */
  invalidate(): void;
}

/**
 * The whole configuration in one statement (each table is small), on first use: a page of tickets
 * with queues, categories, policies and rules costs one statement for all of them.
 */
export function configReader(db: () => TenantDb, tenantId: string): ConfigReader {
  let loaded: Promise<LoadedConfig> | null = null;
  const load = () => (loaded ??= loadConfig(db(), tenantId));
  return {
    categories: async () => (await load()).categories,
    queues: async () => (await load()).queues,
    calendars: async () => (await load()).calendars,
    policies: async () => (await load()).policies,
    rules: async () => (await load()).rules,
    invalidate: () => {
      loaded = null;
    },
  };
}

interface LoadedConfig {
  categories: Map<string, CategoryRow>;
  queues: Map<string, QueueRow>;
  calendars: Map<string, CalendarRow>;
  policies: PolicyRow[];
  rules: RuleRow[];
}

type JsonRow<Row> = { [Key in keyof Row]: Row[Key] extends Date ? string : Row[Key] };

async function loadConfig(db: TenantDb, tenantId: string): Promise<LoadedConfig> {
  const [row] = await db.$queryRaw<{ categories: JsonRow<CategoryRow>[]; queues: JsonRow<QueueRow>[]; calendars: JsonRow<CalendarRow>[]; policies: JsonRow<PolicyRow>[]; rules: JsonRow<RuleRow>[] }[]>`
    SELECT
      (SELECT coalesce(json_agg(c ORDER BY c.name, c.id), '[]') FROM "TicketCategory" c WHERE c."tenantId" = ${tenantId}) AS categories,
      (SELECT coalesce(json_agg(q ORDER BY q.name, q.id), '[]') FROM "TicketQueue" q WHERE q."tenantId" = ${tenantId}) AS queues,
      (SELECT coalesce(json_agg(k ORDER BY k.name, k.id), '[]') FROM "ServiceCalendar" k WHERE k."tenantId" = ${tenantId}) AS calendars,
      (SELECT coalesce(json_agg(p ORDER BY p.priority DESC, p.name, p.id), '[]') FROM "SlaPolicy" p WHERE p."tenantId" = ${tenantId}) AS policies,
      (SELECT coalesce(json_agg(r ORDER BY r.position, r.id), '[]') FROM "RoutingRule" r WHERE r."tenantId" = ${tenantId}) AS rules`;
  // JSON carries timestamps as text (UTC, without a zone, as they are stored).
  const dated = <Row extends { createdAt: string; updatedAt: string }>(rows: Row[]) =>
    rows.map((entry) => ({ ...entry, createdAt: new Date(`${entry.createdAt}Z`), updatedAt: new Date(`${entry.updatedAt}Z`) }));
  const byId = <Entry extends { id: string }>(rows: Entry[]) => new Map(rows.map((entry) => [entry.id, entry]));
  return {
    categories: byId(dated(row!.categories) as CategoryRow[]),
    queues: byId(dated(row!.queues) as QueueRow[]),
    calendars: byId(dated(row!.calendars) as CalendarRow[]),
    policies: dated(row!.policies) as PolicyRow[],
    rules: dated(row!.rules) as RuleRow[],
  };
}

/** The configuration as the current request sees it. */
export const requestConfig = createContextCache((context: Context) => configReader(() => context.db, context.viewer!.tenantId));

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
export function businessCalendarOf(row: Pick<CalendarRow, 'timeZone' | 'workingHours' | 'holidays'>): BusinessCalendar {
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
  return spec;
}
