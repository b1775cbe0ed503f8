import type { CustomerPopulation, Sql } from '../../../src/plugin-api.ts';
import { FactStatement } from '../../../src/plugin-api.ts';
import type { CheckedRule } from '../rules/segment-rule.ts';
import { ruleSql } from './rule-sql.ts';

export interface MembershipChanges {
  entered: string[];
  exited: string[];
}

/**
 * Brings a dynamic segment's membership up to date in ONE statement: who the rule selects now
 * (among `customers`, or everyone), who enters (a new stay) and who leaves (their stay ends at
 * `now`). A stay already open is left alone, so evaluating twice changes nothing the second time;
 * and the unique open stay per customer makes two concurrent evaluations enter a customer once.
 */
export async function evaluateMembership(
  sql: Sql,
  population: CustomerPopulation,
  segment: { id: string; rule: CheckedRule },
  now: Date,
  customers: readonly string[] | null,
  source: 'RULE' | 'SNAPSHOT' = 'RULE',
  asOf = false,
): Promise<MembershipChanges> {
  const statement = new FactStatement(population, now, { customers, asOf });
  const rule = ruleSql(segment.rule, statement);
  const segmentId = `${statement.parameter(segment.id)}::uuid`;
  const onlyThese = customers ? `AND stay."customerId" = ANY(${statement.parameter(customers)}::uuid[])` : '';
  const rows = await sql.query<{ change: 'ENTERED' | 'EXITED'; customerId: string }>(
    `WITH qualifying AS (
       SELECT ${statement.customerId} AS id FROM ${statement.from}
       WHERE ${statement.populationCondition} AND ${rule}
     ), exited AS (
       UPDATE "SegmentMembership" stay SET "exitedAt" = ${statement.now}
       WHERE stay."segmentId" = ${segmentId} AND stay."exitedAt" IS NULL ${onlyThese}
         AND NOT EXISTS (SELECT 1 FROM qualifying q WHERE q.id = stay."customerId")
       RETURNING stay."customerId"
     ), entered AS (
       INSERT INTO "SegmentMembership" (id, "tenantId", "segmentId", "customerId", source, "enteredAt")
       SELECT gen_random_uuid(), current_setting('app.tenant_id'), ${segmentId}, q.id, ${statement.parameter(source)}::"SegmentEntrySource", ${statement.now} FROM qualifying q
       WHERE NOT EXISTS (SELECT 1 FROM "SegmentMembership" stay WHERE stay."segmentId" = ${segmentId} AND stay."customerId" = q.id AND stay."exitedAt" IS NULL)
       ON CONFLICT DO NOTHING
       RETURNING "customerId"
     )
     SELECT 'ENTERED' AS change, "customerId"::text AS "customerId" FROM entered
     UNION ALL SELECT 'EXITED', "customerId"::text FROM exited`,
    statement.values,
  );
  return {
    entered: rows.filter((row) => row.change === 'ENTERED').map((row) => row.customerId),
    exited: rows.filter((row) => row.change === 'EXITED').map((row) => row.customerId),
  };
}

/** Who a rule selects now, counted, with the first page by id: a preview, writing nothing. */
export async function previewRule(
  sql: Sql,
  population: CustomerPopulation,
  rule: CheckedRule,
  now: Date,
  first: number,
): Promise<{ count: number; customerIds: string[] }> {
  const statement = new FactStatement(population, now);
  const where = ruleSql(rule, statement);
  const limit = statement.parameter(first);
  const rows = await sql.query<{ total: string; ids: string[] | null }>(
    `WITH selected AS (SELECT ${statement.customerId} AS id FROM ${statement.from} WHERE ${statement.populationCondition} AND ${where})
     SELECT (SELECT count(*) FROM selected) AS total,
            (SELECT array_agg(id::text ORDER BY id) FROM (SELECT id FROM selected ORDER BY id LIMIT ${limit}::int) page) AS ids`,
    statement.values,
  );
  return { count: Number(rows[0]!.total), customerIds: rows[0]!.ids ?? [] };
}
