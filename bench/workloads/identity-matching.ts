import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { MATCHING_TOPICS } from '../../plugins/identity/matching/matching-reaction.ts';
import { phase, say } from '../lib/progress.ts';
import { summarize } from '../lib/stats.ts';
import { graphql, statementsOf, TENANT, type WorkloadContext, type WorkloadResult } from './context.ts';
import { ReactionBatchLog, type ReactionBatchLine } from '../lib/reaction-batch-log.ts';
import { customerGlobalIdSql } from './segments-typical-rule.ts';
import { waitForReactionCaughtUp } from './reaction-backlog.ts';

/** The reaction that keeps match profiles and duplicate pairs live (plugins/identity), as the core names it. */
const CONSUMER = 'identity.matching';
const OPERATION = 'MatchRebuild';
const WARM_UP_CHANGES = 2;

const REBUILD = /* GraphQL */ `
  mutation ${OPERATION} {
    updateMatchSettings(input: {}) { __typename ... on UpdateMatchSettingsPayload { pairs } ... on Error { message } }
  }`;
const ADD_PHONE = /* GraphQL */ `
  mutation MatchChangePhone($input: AddContactPointInput!) {
    addContactPoint(input: $input) { __typename ... on Error { message } }
  }`;


/**
 * `identity-matching`: the tenant's duplicate pairs rebuilt from scratch (updateMatchSettings,
 * over HTTP: every match profile written again, every blocked pair compared and scored), then the
 * matching reaction's pass for one changed customer (a phone added), from its log line. No
 * baseline: the passes are Nexo's own.
 */
export async function runIdentityMatching(context: WorkloadContext, options: { rebuilds: number; changes: number }): Promise<WorkloadResult> {
  const server = context.nexo.server;
  const admin = await server.token({ tenant: TENANT, roles: ['admin'], subject: 'bench-identity' });

  const rebuilds: number[] = [];
  let pairs = 0;
  const rebuilding = phase('identity-matching rebuild', options.rebuilds);
  for (let round = 0; round < options.rebuilds; round++) {
    const started = performance.now();
    const answer = await graphql<{ updateMatchSettings: { __typename: string; pairs?: number; message?: string } }>(context.nexo, admin, REBUILD);
    if (answer.updateMatchSettings.__typename !== 'UpdateMatchSettingsPayload') throw new Error(`identity-matching: updateMatchSettings answered ${JSON.stringify(answer.updateMatchSettings)}`);
    rebuilds.push(performance.now() - started);
    pairs = answer.updateMatchSettings.pairs!;
    rebuilding.update(round + 1, `${(rebuilds.at(-1)! / 1000).toFixed(1)} s`);
  }
  rebuilding.finish(`${pairs.toLocaleString('en')} pairs kept`);

  const people = await context.sql.transaction(async (client) =>
    (
      await client.query<{ globalId: string }>(
        `SELECT ${customerGlobalIdSql('c')} AS "globalId" FROM "Customer" c
         WHERE c."tenantId" = current_setting('app.tenant_id') AND c."archivedAt" IS NULL AND c.kind = 'PERSON'
         ORDER BY md5(c.id::text) LIMIT $1`,
        [WARM_UP_CHANGES + options.changes],
      )
    ).rows,
  );
  await waitForReactionCaughtUp(context, { consumer: CONSUMER, topics: MATCHING_TOPICS });
  const log = new ReactionBatchLog(server.logFile);
  await log.read();
  const run = randomBytes(2).readUInt16BE(0);
  const passes: number[] = [];
  const statements: number[] = [];
  const changing = phase('identity-matching incremental', people.length);
  for (const [index, person] of people.entries()) {
    const answer = await graphql<{ addContactPoint: { __typename: string } }>(context.nexo, admin, ADD_PHONE, {
      input: { customerId: person.globalId, kind: 'PHONE', value: `+34 91${String((run * 64 + index) % 10_000_000).padStart(7, '0')}` },
    });
    if (answer.addContactPoint.__typename !== 'ContactPointPayload') throw new Error(`identity-matching: addContactPoint answered ${JSON.stringify(answer.addContactPoint)}`);
    const waitUntil = performance.now() + 10_000;
    let batches: ReactionBatchLine[] = [];
    while (batches.length === 0) {
      if (performance.now() > waitUntil) throw new Error(`identity-matching: no batch of ${CONSUMER} within 10 s of change ${index + 1}`);
      await sleep(20);
      batches = (await log.read()).filter((line) => line.consumer === CONSUMER && line.tenantId === TENANT);
    }
    if (index >= WARM_UP_CHANGES) {
      for (const batch of batches.filter((line) => line.events === 1)) {
        passes.push(batch.durationMs);
        statements.push(batch.statements);
      }
    }
    changing.update(index + 1, passes.length ? `pass p50 ${summarize(passes).p50.toFixed(1)} ms` : 'warming up');
  }
  changing.finish(`${options.changes} changes, each compared again`);
  if (passes.length === 0) throw new Error('identity-matching: no batch of a single event was logged');

  // Read last: the request log reaches its file a moment after the answer.
  const rebuildStatements = (await statementsOf(context, OPERATION)).nexo;
  const rebuild = summarize(rebuilds);
  const pass = summarize(passes);
  const passStatements = summarize(statements);
  say(
    `identity-matching      rebuild of every pair p50 ${(rebuild.p50 / 1000).toFixed(2)} s (${rebuildStatements} statements, ${pairs.toLocaleString('en')} pairs kept); ` +
      `one changed customer p50 ${pass.p50.toFixed(1)} ms, p95 ${pass.p95.toFixed(1)} ms (${passStatements.p50} statements)`,
  );
  return {
    name: 'identity-matching',
    nexo: { requests: passes.length, elapsedMs: passes.reduce((sum, value) => sum + value, 0), throughput: (passes.length * 1000) / passes.reduce((sum, value) => sum + value, 0), latency: pass, turns: [] },
    other: null,
    statementsPerRequest: { nexo: passStatements.p50, other: null },
    statementVariants: null,
    details: {
      figuresAre: 'latencies: the matching reaction batch of one changed customer, BEGIN to COMMIT (server log); statements: per batch',
      rebuildMs: { p50: Math.round(rebuild.p50), max: Math.round(rebuild.max), count: rebuild.count },
      rebuildStatements,
      pairsKept: pairs,
    },
  };
}
