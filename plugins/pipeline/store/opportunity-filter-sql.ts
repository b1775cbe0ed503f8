import { isoDate } from '../inputs.ts';
import type { OpportunityFilter } from '../opportunities/opportunity-filter.ts';

/**
 * The opportunity filter as SQL conditions on the opportunity aliased `o`, appending its values to
 * `parameters` ($1 … in order): the board's statement filters exactly as the list does.
 */
export function opportunityFilterSql(filter: OpportunityFilter, parameters: unknown[]): string {
  const parameter = (value: unknown) => `$${parameters.push(value)}`;
  let sql = `o."tenantId" = current_setting('app.tenant_id')`;
  if (filter.stages) sql += ` AND o.stage = ANY(${parameter(filter.stages)}::"OpportunityStage"[])`;
  if (filter.ownerIds) sql += ` AND o."ownerId" = ANY(${parameter(filter.ownerIds)}::text[])`;
  if (filter.customerId) sql += ` AND o."customerId" = ${parameter(filter.customerId)}::uuid`;
  if (filter.currency) sql += ` AND o.currency = ${parameter(filter.currency)}`;
  if (filter.expectedCloseFrom) sql += ` AND o."expectedCloseDate" >= ${parameter(isoDate(filter.expectedCloseFrom))}::date`;
  if (filter.expectedCloseTo) sql += ` AND o."expectedCloseDate" <= ${parameter(isoDate(filter.expectedCloseTo))}::date`;
  if (filter.namePattern) sql += ` AND o.name ILIKE ${parameter(filter.namePattern)}`;
  return sql;
}
