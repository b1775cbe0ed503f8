import type { Sql, TenantScope } from '../../../src/plugin-api.ts';

/**
 * Where an import's batch runs: one transaction of the job's tenant (a background job's, the
 * CLI's, or a request's for a review decision), with the time read once for it.
 */
export interface ImportScope {
  sql: Sql;
  tenantId: string;
  now: Date;
  events: Pick<TenantScope['events'], 'emit' | 'emitMany'>;
}
