import type { Sql } from '../../../src/plugin-api.ts';

/** A run's exclusions counted per channel and reason, in one statement. */
export function exclusionsOfRun(sql: Sql, runId: string): Promise<{ channel: string; reason: string; count: number }[]> {
  return sql<{ channel: string; reason: string; count: number }>`
    SELECT channel::text AS channel, "exclusionReason"::text AS reason, count(*)::int AS count
    FROM "CampaignRecipient" WHERE "runId" = ${runId}::uuid AND outcome = 'EXCLUDED'
    GROUP BY channel, "exclusionReason" ORDER BY channel, "exclusionReason"`;
}
