import type { Prisma, Sql } from '../../../src/plugin-api.ts';

// The tables of a tenant's service-desk configuration, read whole: each is small.

export type CategoryRow = Prisma.TicketCategoryModel;
export type QueueRow = Prisma.TicketQueueModel;
export type PolicyRow = Prisma.SlaPolicyModel;
export type RuleRow = Prisma.RoutingRuleModel;
export type CalendarRow = Prisma.ServiceCalendarModel;

export interface DeskConfig {
  categories: ReadonlyMap<string, CategoryRow>;
  queues: ReadonlyMap<string, QueueRow>;
  calendars: ReadonlyMap<string, CalendarRow>;
  policies: readonly PolicyRow[];
  rules: readonly RuleRow[];
}

/** The tenant's configuration revision: it changes with every configuration write ('0' before the first). */
export async function readDeskRevision(sql: Sql, tenantId: string): Promise<string> {
  const [row] = await sql<{ revision: string }>`SELECT revision FROM "ServiceDeskRevision" WHERE "tenantId" = ${tenantId}`;
  return row?.revision ?? '0';
}

type JsonRow<Row> = { [Key in keyof Row]: Row[Key] extends Date ? string : Row[Key] };

/** The configuration and the revision it is at, in one statement (one snapshot). */
export async function readDeskConfig(sql: Sql, tenantId: string): Promise<{ revision: string; config: DeskConfig }> {
  const [row] = await sql<{
    revision: string;
    categories: JsonRow<CategoryRow>[];
    queues: JsonRow<QueueRow>[];
    calendars: JsonRow<CalendarRow>[];
    policies: JsonRow<PolicyRow>[];
    rules: JsonRow<RuleRow>[];
  }>`
    SELECT
      coalesce((SELECT d.revision FROM "ServiceDeskRevision" d WHERE d."tenantId" = ${tenantId}), 0)::text AS revision,
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
    revision: row!.revision,
    config: {
      categories: byId(dated(row!.categories) as CategoryRow[]),
      queues: byId(dated(row!.queues) as QueueRow[]),
      calendars: byId(dated(row!.calendars) as CalendarRow[]),
      policies: dated(row!.policies) as PolicyRow[],
      rules: dated(row!.rules) as RuleRow[],
    },
  };
}
