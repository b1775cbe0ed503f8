import type { FactStatement } from '../../../src/plugin-api.ts';
import type { CheckedRule } from '../rules/segment-rule.ts';

/** A checked rule as the SQL truth of the statement's current customer row. */
export function ruleSql(rule: CheckedRule, statement: FactStatement): string {
  switch (rule.kind) {
    case 'all':
      return `(${rule.rules.map((child) => ruleSql(child, statement)).join(' AND ')})`;
    case 'any':
      return `(${rule.rules.map((child) => ruleSql(child, statement)).join(' OR ')})`;
    case 'not':
      return `(NOT ${ruleSql(rule.rule, statement)})`;
    case 'fact':
      return statement.truthOf(rule.condition);
    case 'inSegment':
      return membershipSql(rule.segmentId, statement);
  }
}

/** The current customer is a member of the segment now. */
export function membershipSql(segmentId: string, statement: FactStatement): string {
  return `EXISTS (SELECT 1 FROM "SegmentMembership" member WHERE member."segmentId" = ${statement.parameter(segmentId)}::uuid AND member."customerId" = ${statement.customerId} AND member."exitedAt" IS NULL)`;
}
