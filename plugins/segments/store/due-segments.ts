import type { BackgroundContext } from '../../../src/plugin-api.ts';

/**
 * Dynamic segments of every tenant whose scheduled re-evaluation has come, at most `limit`: through
 * segments_due_for_evaluation (defined by the migration), which returns ids only.
 */
export function segmentsDueForEvaluation(context: BackgroundContext, now: Date, limit: number): Promise<{ tenantId: string; id: string }[]> {
  return context.queryWithoutTenant<{ tenantId: string; id: string }>`
    SELECT "tenantId", id::text AS id FROM segments_due_for_evaluation(${now}::timestamp(3), ${limit}::int)`;
}
