import type { CustomerPopulation, Sql } from '../../../src/plugin-api.ts';
import { FactStatement } from '../../../src/plugin-api.ts';
import { conditionsOf, type CheckedRule } from '../rules/segment-rule.ts';
import { membershipSql } from './rule-sql.ts';

/** What one condition found for a customer: the fact's value (JSON) and whether it held. */
export interface ConditionReading {
  path: string;
  holds: boolean;
  value: unknown;
}

/**
 * Reads every condition of a rule for one customer in ONE statement: each fact's value and each
 * condition's truth. Null when the customer is not in the population (archived, unknown).
 */
export async function readConditions(sql: Sql, population: CustomerPopulation, rule: CheckedRule, customerId: string, now: Date): Promise<ConditionReading[] | null> {
  const statement = new FactStatement(population, now, { customers: [customerId] });
  const conditions = conditionsOf(rule);
  const columns = conditions.map((condition, index) =>
    condition.kind === 'fact'
      ? `to_jsonb(${statement.valueOf(condition.condition)}) AS value_${index}, ${statement.truthOf(condition.condition)} AS holds_${index}`
      : `NULL::jsonb AS value_${index}, ${membershipSql(condition.segmentId, statement)} AS holds_${index}`,
  );
  const rows = await sql.query<Record<string, unknown>>(
    `SELECT ${['1 AS found', ...columns].join(', ')} FROM ${statement.from} WHERE ${statement.populationCondition}`,
    statement.values,
  );
  const row = rows[0];
  if (!row) return null;
  return conditions.map((condition, index) => ({ path: condition.path, holds: row[`holds_${index}`] === true, value: row[`value_${index}`] }));
}
