import type { Sql } from '../../../src/plugin-api.ts';
import type { CampaignChannel } from './enums.ts';

/** A contacted or control decision of a run: who, on which channel, when. */
export interface RunDecision {
  customerId: string;
  channel: CampaignChannel;
  outcome: 'CONTACTED' | 'CONTROL';
  decidedAt: Date;
}

/** A run's contacted and control decisions, in a stable order (customer, channel). */
export function decisionsOfRun(sql: Sql, runId: string): Promise<RunDecision[]> {
  return sql<RunDecision>`
    SELECT "customerId"::text AS "customerId", channel::text AS channel, outcome::text AS outcome, "decidedAt"
    FROM "CampaignRecipient" WHERE "runId" = ${runId}::uuid AND outcome IN ('CONTACTED', 'CONTROL')
    ORDER BY "customerId", channel`;
}
