import type { Context, MergeScope, TenantDb } from '../../../src/plugin-api.ts';
import { viewerOf } from '../../../src/plugin-api.ts';

/** A request's mutation as participants see it: its transaction, its event writer, one "now". */
export function mergeScopeOf(context: Context, db: TenantDb): MergeScope {
  return { db, sql: context.sql, events: context.events, tenantId: viewerOf(context).tenantId, now: context.clock.now() };
}
