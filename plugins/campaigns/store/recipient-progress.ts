import type { Sql } from '../../../src/plugin-api.ts';

export interface BatchProgress {
  runId: string;
  /** Recipient rows and the interaction that was their contact. */
  links: readonly { recipientId: string; interactionId: string }[];
  checkpoint: string | null;
  counts: { contacted: number; control: number; excluded: number };
  /** The audience is exhausted: the run is COMPLETED. */
  done: boolean;
  now: Date;
}

/**
 * Commits a batch's bookkeeping in ONE statement: the contacts' interactions on their recipient
 * rows, the run's checkpoint and counts, and its completion when the audience is exhausted.
 */
export async function recordBatchProgress(sql: Sql, progress: BatchProgress): Promise<{ contacted: number; control: number; excluded: number; step: string }> {
  const [row] = await sql.query<{ contacted: number; control: number; excluded: number; step: string }>(
    `WITH linked AS (
       UPDATE "CampaignRecipient" r SET "interactionId" = link.interaction
       FROM unnest($2::uuid[], $3::uuid[]) AS link(recipient, interaction)
       WHERE r.id = link.recipient
       RETURNING 1
     )
     UPDATE "CampaignRun" SET
       checkpoint = COALESCE($4::uuid, checkpoint),
       contacted = contacted + $5::int, control = control + $6::int, excluded = excluded + $7::int,
       status = CASE WHEN $8::boolean THEN 'COMPLETED'::"CampaignRunStatus" ELSE status END,
       "finishedAt" = CASE WHEN $8::boolean THEN $9::timestamp(3) ELSE "finishedAt" END
     WHERE id = $1::uuid
     RETURNING contacted, control, excluded, step, (SELECT count(*) FROM linked) AS linked`,
    [
      progress.runId,
      progress.links.map((link) => link.recipientId),
      progress.links.map((link) => link.interactionId),
      progress.checkpoint,
      progress.counts.contacted,
      progress.counts.control,
      progress.counts.excluded,
      progress.done,
      progress.now,
    ],
  );
  return row!;
}
