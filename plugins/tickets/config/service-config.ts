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

export function configReader(db: () => TenantDb, tenantId: string): ConfigReader {
  const memo = new Map<string, Promise<unknown>>();
  const once = <T>(key: string, load: () => Promise<T>): Promise<T> => {
    let value = memo.get(key) as Promise<T> | undefined;
    if (!value) {
      value = load();
      memo.set(key, value);
    }
    return value;
  };
  const byId = <Row extends { id: string }>(rows: Row[]) => new Map(rows.map((row) => [row.id, row]));
  return {
    categories: () => once('categories', async () => byId(await db().ticketCategory.findMany({ where: { tenantId }, orderBy: [{ name: 'asc' }, { id: 'asc' }] }))),
    queues: () => once('queues', async () => byId(await db().ticketQueue.findMany({ where: { tenantId }, orderBy: [{ name: 'asc' }, { id: 'asc' }] }))),
    calendars: () => once('calendars', async () => byId(await db().serviceCalendar.findMany({ where: { tenantId }, orderBy: [{ name: 'asc' }, { id: 'asc' }] }))),
    policies: () => once('policies', () => db().slaPolicy.findMany({ where: { tenantId }, orderBy: [{ priority: 'desc' }, { name: 'asc' }, { id: 'asc' }] })),
    rules: () => once('rules', () => db().routingRule.findMany({ where: { tenantId }, orderBy: [{ position: 'asc' }, { id: 'asc' }] })),
    invalidate: () => memo.clear(),
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

/** A calendar row as the business-hours arithmetic reads it. Cached per row object, so its day windows are too. */
const calendarSpecs = new WeakMap<CalendarRow, BusinessCalendar>();
export function businessCalendarOf(row: CalendarRow): BusinessCalendar {
  let spec = calendarSpecs.get(row);
  if (!spec) {
    spec = {
      timeZone: row.timeZone,
      workingHours: row.workingHours as unknown as WorkingPeriod[],
      holidays: (row.holidays as unknown as Holiday[]).map((holiday) => holiday.date),
    };
    calendarSpecs.set(row, spec);
  }
  return spec;
}
