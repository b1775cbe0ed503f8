import { setTimeout as sleep } from 'node:timers/promises';
import { phase } from '../lib/progress.ts';
import type { WorkloadContext } from './context.ts';

/** An event reaction as the core names it (`<plugin>.<reaction>`) and the topics it handles. */
export interface ReactionUnderTest {
  consumer: string;
  topics: readonly string[];
}

/** Events of the reaction's topics it has not handled yet (earlier workloads' writes). */
async function backlog(context: WorkloadContext, reaction: ReactionUnderTest): Promise<number> {
  const [row] = await context.sql.transaction(async (client) =>
    (
      await client.query<{ waiting: number }>(
        `SELECT count(*)::int AS waiting FROM "OutboxEvent" e
         WHERE e."tenantId" = current_setting('app.tenant_id') AND e.topic = ANY($1::text[])
           AND (e.position IS NULL OR e.position > COALESCE((SELECT p.position FROM "EventReactionProgress" p
                                                            WHERE p."tenantId" = e."tenantId" AND p.consumer = $2), 0))`,
        [reaction.topics, reaction.consumer],
      )
    ).rows,
  );
  return row!.waiting;
}

/**
 * Waits, with a progress bar, until the reaction has handled every event earlier workloads left,
 * so that a workload's figures are its own passes; fails after ten minutes.
 */
export async function waitForReactionCaughtUp(context: WorkloadContext, reaction: ReactionUnderTest): Promise<void> {
  const first = await backlog(context, reaction);
  if (first === 0) return;
  const progress = phase(`${reaction.consumer} catching up`, first);
  const deadline = performance.now() + 600_000;
  for (let waiting = first; waiting > 0; waiting = await backlog(context, reaction)) {
    if (performance.now() > deadline) throw new Error(`${reaction.consumer} still had ${waiting} events to handle after 10 minutes`);
    progress.update(first - waiting);
    await sleep(300);
  }
  progress.finish(`${reaction.consumer} handled the ${first.toLocaleString('en')} events earlier workloads left`);
}
