import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { MEMBERSHIP_TOPICS } from '../../plugins/segments/membership/membership-reaction.ts';
import { phase, say } from '../lib/progress.ts';
import { round, summarize, type LatencySummary } from '../lib/stats.ts';
import { openActivitySubscribers, type ActivityMessage } from '../lib/subscribers.ts';
import { graphql, TENANT, type WorkloadContext, type WorkloadResult } from './context.ts';
import { ReactionBatchLog, type ReactionBatchLine } from '../lib/reaction-batch-log.ts';
import { customerGlobalIdSql } from './segments-typical-rule.ts';
import { waitForReactionCaughtUp } from './reaction-backlog.ts';

/** The reaction that keeps dynamic segments live (plugins/segments), as the core names it. */
const CONSUMER = 'segments.membership';
const WARM_UP_EVENTS = 3;
/** How long a purchase may take to bring its `segment.entered` before the run fails. */
const DELIVERY_TIMEOUT_MS = 30_000;
/** Purchases the segment counts, and the window: one purchase now makes a customer with none enter. */
const WINDOW_DAYS = 90;

const RECORD = /* GraphQL */ `
  mutation SegmentPurchase($input: RecordInteractionInput!) {
    recordInteraction(input: $input) { __typename ... on RecordInteractionPayload { duplicate } ... on Error { code message } }
  }`;
const CREATE = /* GraphQL */ `
  mutation SegmentCreateDynamic($input: CreateSegmentInput!) {
    createSegment(input: $input) { __typename ... on SegmentPayload { segment { id size } } ... on Error { message } }
  }`;

interface Candidate {
  globalId: string;
}



/**
 * `segment-incremental`: one purchase at a time, each making a customer enter a dynamic segment
 * (bought in the last 90 days) beside the demo's; the figures are the reaction's pass for that one
 * event (its batch, BEGIN to COMMIT, from the server's log line) and commit (the purchase's HTTP
 * answer) to `segment.entered` on a graphql-ws subscriber. No baseline: the pass is Nexo's own.
 */
export async function runSegmentIncremental(context: WorkloadContext, options: { purchases: number }): Promise<WorkloadResult> {
  const server = context.nexo.server;
  const marketing = await server.token({ tenant: TENANT, roles: ['marketing'], subject: 'bench-marketer' });
  const run = randomBytes(3).toString('hex');
  const created = await graphql<{ createSegment: { __typename: string; segment?: { id: string; size: number }; message?: string } }>(context.nexo, marketing, CREATE, {
    input: {
      name: `Bench bought in the last ${WINDOW_DAYS} days ${run}`,
      kind: 'DYNAMIC',
      rule: { fact: { fact: 'interactions.count', operator: 'AT_LEAST', number: 1, filters: [{ name: 'kind', values: ['PURCHASE'] }], window: { lastDays: WINDOW_DAYS } } },
    },
  });
  const segment = created.createSegment.segment;
  if (!segment) throw new Error(`segment-incremental: createSegment answered ${JSON.stringify(created.createSegment)}`);

  const { candidates, dynamicSegments } = await context.sql.transaction(async (client) => {
    const people = await client.query<Candidate>(
      `SELECT ${customerGlobalIdSql('c')} AS "globalId" FROM "Customer" c
       WHERE c."tenantId" = current_setting('app.tenant_id') AND c."archivedAt" IS NULL AND c.kind = 'PERSON'
         AND NOT EXISTS (SELECT FROM "Interaction" i WHERE i."tenantId" = c."tenantId" AND i."customerId" = c.id AND i.kind = 'PURCHASE'
                           AND i."occurredAt" >= $1::timestamp(3) - interval '${WINDOW_DAYS} days')
       ORDER BY md5(c.id::text) LIMIT $2`,
      [new Date().toISOString().replace('Z', ''), WARM_UP_EVENTS + options.purchases],
    );
    const segments = await client.query<{ count: number }>(
      `SELECT count(*)::int AS count FROM "Segment" WHERE "tenantId" = current_setting('app.tenant_id') AND kind = 'DYNAMIC' AND "archivedAt" IS NULL`,
    );
    return { candidates: people.rows, dynamicSegments: segments.rows[0]!.count };
  });
  if (candidates.length < WARM_UP_EVENTS + options.purchases) {
    throw new Error(`segment-incremental: ${candidates.length} people have no purchase in the last ${WINDOW_DAYS} days; ${WARM_UP_EVENTS + options.purchases} are needed`);
  }
  await waitForReactionCaughtUp(context, { consumer: CONSUMER, topics: MEMBERSHIP_TOPICS });

  const deliveries = new Map<string, number>();
  const subscriber = await openActivitySubscribers({
    url: server.url,
    size: 1,
    token: () => server.token({ tenant: TENANT, roles: ['viewer'], subject: 'bench-segment-subscriber' }),
    variables: { filter: { topics: ['segment.entered'] } },
    onEvent: (_index, event: ActivityMessage, receivedAt) => {
      if (event.payload.segmentId === segment.id && event.customerId && !deliveries.has(event.customerId)) deliveries.set(event.customerId, receivedAt);
    },
  });
  // Against another build, both run the reactions and either may take a batch: only this build's count.
  const mine = new ReactionBatchLog(server.logFile);
  const theirs = context.opponent.kind === 'build' ? new ReactionBatchLog(context.opponent.build.server.logFile) : null;
  const ours = (line: ReactionBatchLine) => line.consumer === CONSUMER && line.tenantId === TENANT;
  await mine.read();
  await theirs?.read();
  const scheduledBefore = mine.scheduledEvaluations;
  let handledByOther = 0;
  const batchesAfter = async (purchase: number): Promise<ReactionBatchLine[]> => {
    // The line is written after COMMIT, and the log reaches the file up to a quarter second later.
    const deadline = performance.now() + 5_000;
    for (;;) {
      const found = (await mine.read()).filter(ours);
      const elsewhere = (await theirs?.read())?.filter(ours).length ?? 0;
      handledByOther += elsewhere;
      if (found.length > 0 || elsewhere > 0) return found;
      if (performance.now() > deadline) throw new Error(`segment-incremental: the server logged no batch of ${CONSUMER} within 5 s of purchase ${purchase}`);
      await sleep(20);
    }
  };

  const passes: number[] = [];
  const statements: number[] = [];
  const commitToEntry: number[] = [];
  let otherBatches = 0;
  const started = performance.now();
  try {
    const progress = phase('segment-incremental', WARM_UP_EVENTS + options.purchases);
    for (const [index, candidate] of candidates.entries()) {
      const measured = index >= WARM_UP_EVENTS;
      const answer = await graphql<{ recordInteraction: { __typename: string; duplicate?: boolean } }>(context.nexo, context.writeToken, RECORD, {
        input: {
          customerId: candidate.globalId,
          channel: 'POINT_OF_SALE',
          direction: 'INBOUND',
          kind: 'PURCHASE',
          occurredAt: new Date().toISOString(),
          amount: '12.90',
          currency: 'EUR',
          source: 'bench-segments',
          externalId: `${run}-${index}`,
        },
      });
      const committedAt = performance.now();
      if (answer.recordInteraction.__typename !== 'RecordInteractionPayload' || answer.recordInteraction.duplicate) {
        throw new Error(`segment-incremental: recordInteraction answered ${JSON.stringify(answer.recordInteraction)}`);
      }
      const deadline = committedAt + DELIVERY_TIMEOUT_MS;
      while (!deliveries.has(candidate.globalId)) {
        if (subscriber.failures.length) throw new Error(`segment-incremental: the subscription failed: ${subscriber.failures[0]!.reason}`);
        if (performance.now() > deadline) throw new Error(`segment-incremental: no segment.entered for purchase ${index + 1} within ${DELIVERY_TIMEOUT_MS / 1000} s`);
        await sleep(2);
      }
      const batches = await batchesAfter(index + 1);
      if (measured) {
        commitToEntry.push(deliveries.get(candidate.globalId)! - committedAt);
        for (const batch of batches) {
          if (batch.events !== 1) otherBatches++;
          else {
            passes.push(batch.durationMs);
            statements.push(batch.statements);
          }
        }
      }
      progress.update(index + 1, measured && passes.length ? `pass p50 ${summarize(passes).p50.toFixed(1)} ms` : 'warming up');
    }
    progress.finish(`${options.purchases} purchases, each entered and announced`);
  } finally {
    await subscriber.close();
  }
  if (passes.length === 0) throw new Error(`segment-incremental: ${server.url} logged no batch of a single event`);
  const elapsedMs = performance.now() - started;
  const pass = summarize(passes);
  const delivery = summarize(commitToEntry);
  const statementSummary = summarize(statements);
  say(
    `segment-incremental    ${dynamicSegments} live dynamic segments: the pass for one event p50 ${pass.p50.toFixed(1)} ms, p95 ${pass.p95.toFixed(1)} ms ` +
      `(${statementSummary.p50} statements); commit → segment.entered p50 ${delivery.p50.toFixed(0)} ms, p95 ${delivery.p95.toFixed(0)} ms`,
  );
  return {
    name: 'segment-incremental',
    nexo: { requests: passes.length, elapsedMs, throughput: (commitToEntry.length * 1000) / elapsedMs, latency: pass, turns: [] },
    other: null,
    statementsPerRequest: { nexo: statementSummary.p50, other: null },
    statementVariants: null,
    details: {
      events: options.purchases,
      dynamicSegments,
      figuresAre: 'latencies: the reaction batch of one event, BEGIN to COMMIT (server log); statements: per batch; throughput: purchases per second, one at a time',
      batchesOfSeveralEvents: otherBatches,
      scheduledSegmentEvaluationsMeanwhile: mine.scheduledEvaluations - scheduledBefore,
      ...(theirs && { batchesHandledByTheOtherBuild: handledByOther }),
      commitToEntered: latencyJson(delivery),
    },
  };
}

const latencyJson = (summary: LatencySummary) => ({ p50: round(summary.p50), p95: round(summary.p95), p99: round(summary.p99), max: round(summary.max), count: summary.count });
