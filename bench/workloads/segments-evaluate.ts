import { decodeGlobalID } from '@pothos/plugin-relay';
import { randomBytes } from 'node:crypto';
import { runRounds } from '../lib/closed-loop.ts';
import { say } from '../lib/progress.ts';
import { bothSides, callBaseline, canonicalJson, figuresOf, graphql, roundsOptions, sidesOf, statementsOf, TENANT, type NexoBuild, type WorkloadContext, type WorkloadResult } from './context.ts';
import { SEGMENT_CONCURRENCY } from './segments-preview.ts';
import { customerGlobalIdSql, TYPICAL_RULE, TYPICAL_RULE_CUSTOMERS_SQL, TYPICAL_RULE_TEXT } from './segments-typical-rule.ts';

const OPERATION = 'SegmentSnapshot';
/** The subject of the marketing token: Nexo records it as the events' actor, and so does the baseline. */
const MARKETER = 'bench-marketer';
/** Members taken out and non-qualifying customers put in by hand before the checked snapshot: it must undo both. */
const DISTURBED = 5;

const SNAPSHOT = /* GraphQL */ `
  mutation ${OPERATION}($id: ID!) {
    takeSegmentSnapshot(id: $id) { __typename ... on SegmentPayload { segment { id } } ... on Error { message } }
  }`;
const CREATE = /* GraphQL */ `
  mutation SegmentCreate($input: CreateSegmentInput!) {
    createSegment(input: $input) { __typename ... on SegmentPayload { segment { id size } } ... on Error { message } }
  }`;
const REMOVE = /* GraphQL */ `
  mutation SegmentRemoveMembers($id: ID!, $customerIds: [ID!]!) {
    removeSegmentMembers(id: $id, customerIds: $customerIds) { __typename ... on Error { message } }
  }`;
const ADD = /* GraphQL */ `
  mutation SegmentAddMembers($id: ID!, $customerIds: [ID!]!) {
    addSegmentMembers(id: $id, customerIds: $customerIds) { __typename ... on Error { message } }
  }`;

/**
 * The baseline: the snapshot in one statement — mark the static segment's snapshot, select who the
 * rule (written by hand) holds for now, end the stays of those it no longer does, open stays for
 * the new ones, and write a `segment.entered` / `segment.exited` event per change and the
 * `segment.saved` of the snapshot, waking the relay. $1 now, $2 the segment's row id, $3 its
 * global id, $4 the actor.
 */
const SNAPSHOT_SQL = `
WITH segment AS (
  UPDATE "Segment" SET "snapshotAt" = $1::timestamp(3), "updatedAt" = $1::timestamp(3)
  WHERE "tenantId" = current_setting('app.tenant_id') AND id = $2::uuid AND kind = 'STATIC' AND "archivedAt" IS NULL AND rule IS NOT NULL
  RETURNING id, name, kind
), qualifying AS (${TYPICAL_RULE_CUSTOMERS_SQL}
), exited AS (
  UPDATE "SegmentMembership" stay SET "exitedAt" = $1::timestamp(3)
  FROM segment
  WHERE stay."tenantId" = current_setting('app.tenant_id') AND stay."segmentId" = segment.id AND stay."exitedAt" IS NULL
    AND NOT EXISTS (SELECT FROM qualifying q WHERE q.id = stay."customerId")
  RETURNING stay."customerId"
), entered AS (
  INSERT INTO "SegmentMembership" (id, "tenantId", "segmentId", "customerId", source, "enteredAt")
  SELECT gen_random_uuid(), current_setting('app.tenant_id'), segment.id, q.id, 'SNAPSHOT', $1::timestamp(3)
  FROM segment CROSS JOIN qualifying q
  WHERE NOT EXISTS (SELECT FROM "SegmentMembership" stay
                    WHERE stay."tenantId" = current_setting('app.tenant_id') AND stay."segmentId" = segment.id AND stay."customerId" = q.id AND stay."exitedAt" IS NULL)
  ON CONFLICT DO NOTHING
  RETURNING "customerId"
), changes AS (
  SELECT 'segment.entered' AS topic, "customerId" FROM entered
  UNION ALL SELECT 'segment.exited', "customerId" FROM exited
), events AS (
  INSERT INTO "OutboxEvent" ("tenantId", topic, "subjectId", "customerId", "customerNodeId", "actorId", payload, "occurredAt")
  SELECT current_setting('app.tenant_id'), change.topic, $3, change."customerId", ${customerGlobalIdSql('c')}, $4,
         jsonb_build_object('segmentId', $3::text, 'segmentName', segment.name, 'source', 'SNAPSHOT'), $1::timestamp(3)
  FROM changes change CROSS JOIN segment
  JOIN "Customer" c ON c."tenantId" = current_setting('app.tenant_id') AND c.id = change."customerId"
  UNION ALL
  SELECT current_setting('app.tenant_id'), 'segment.saved', $3, NULL, NULL, $4,
         jsonb_build_object('name', segment.name, 'kind', segment.kind, 'change', 'SNAPSHOT'), $1::timestamp(3)
  FROM segment
  RETURNING 1
)
SELECT (SELECT count(*) FROM segment)::int AS found, (SELECT count(*) FROM entered)::int AS entered, (SELECT count(*) FROM exited)::int AS exited,
       (SELECT pg_notify('nexo_outbox', '') FROM (SELECT 1 FROM events LIMIT 1) written) IS NOT NULL AS "wokeRelay"`;

interface SnapshotInput {
  segmentId: string;
  actor: string;
}

/** The baseline endpoint's handler: the snapshot of a static segment of the typical rule; how many entered and left. */
export async function segmentSnapshotBaseline(context: Pick<WorkloadContext, 'sql'>, input: SnapshotInput): Promise<{ entered: number; exited: number }> {
  const now = new Date().toISOString().replace('Z', '');
  const { id } = decodeGlobalID(input.segmentId);
  const [row] = await context.sql.transaction(
    async (client) =>
      (await client.query<{ found: number; entered: number; exited: number }>({ name: 'bench_segment_snapshot', text: SNAPSHOT_SQL, values: [now, id, input.segmentId, input.actor] })).rows,
  );
  if (row!.found !== 1) throw new Error(`segment-evaluate: the baseline found no live static segment ${input.segmentId} with a rule`);
  return { entered: row!.entered, exited: row!.exited };
}

async function mutate(build: NexoBuild, token: string, document: string, variables: Record<string, unknown>, field: string, expected: string): Promise<Record<string, unknown>> {
  const data = await graphql<Record<string, { __typename: string; message?: string } & Record<string, unknown>>>(build, token, document, variables);
  const payload = data[field]!;
  if (payload.__typename !== expected) throw new Error(`segment-evaluate: ${field} answered ${JSON.stringify(payload)}`);
  return payload;
}

const snapshotNexo = (build: NexoBuild, token: string, segmentId: string) => mutate(build, token, SNAPSHOT, { id: segmentId }, 'takeSegmentSnapshot', 'SegmentPayload');

/** Each segment's stays (customer, source, open) and the events about it (topic, customer, actor, payload without names): what its snapshots left. */
async function segmentState(context: WorkloadContext, segmentId: string): Promise<{ stays: { customerId: string; source: string; open: boolean }[]; events: unknown }> {
  const [row] = await context.sql.transaction(async (client) =>
    (
      await client.query<{ stays: { customerId: string; source: string; open: boolean }[] | null; events: unknown }>(
        `SELECT (SELECT json_agg(json_build_object('customerId', m."customerId", 'source', m.source, 'open', m."exitedAt" IS NULL) ORDER BY m."customerId", m."enteredAt", m.source)
                   FROM "SegmentMembership" m WHERE m."tenantId" = current_setting('app.tenant_id') AND m."segmentId" = $1::uuid) AS stays,
                (SELECT json_agg(json_build_object('topic', e.topic, 'customerId', e."customerId", 'customerNodeId', e."customerNodeId", 'actorId', e."actorId",
                                                   'payload', e.payload - 'segmentId' - 'segmentName' - 'name')
                                 ORDER BY e.topic, e."customerId", e.payload->>'source', e.payload->>'change')
                   FROM "OutboxEvent" e WHERE e."tenantId" = current_setting('app.tenant_id') AND e."subjectId" = $2) AS events`,
        [decodeGlobalID(segmentId).id, segmentId],
      )
    ).rows,
  );
  return { stays: row!.stays ?? [], events: row!.events };
}

/**
 * `segment-evaluate`: the full evaluation of a typical rule over every customer, as
 * `takeSegmentSnapshot` of a static segment made from it (each call selects who qualifies now and
 * records entries and exits, mostly none after the first), against the same select and writes in
 * one hand-written statement, on a segment of its own; one request in flight per side. Checked
 * first: with members taken out and others put in by hand, both sides' snapshots leave the same
 * stays and events.
 */
export async function runSegmentEvaluate(context: WorkloadContext): Promise<WorkloadResult> {
  const token = await context.nexo.server.token({ tenant: TENANT, roles: ['marketing'], subject: MARKETER });
  const run = randomBytes(3).toString('hex');
  const create = async (side: string) => {
    const payload = await mutate(context.nexo, token, CREATE, { input: { name: `Bench snapshot ${run} (${side})`, kind: 'STATIC', rule: TYPICAL_RULE } }, 'createSegment', 'SegmentPayload');
    return payload.segment as { id: string; size: number };
  };
  const mine = await create(context.nexo.label);
  const theirs = await create(context.opponent.label);
  if (mine.size === 0 || mine.size !== theirs.size) throw new Error(`segment-evaluate: the two segments of the typical rule hold ${mine.size} and ${theirs.size} customers`);

  const disturbance = await context.sql.transaction(async (client) => {
    const members = await client.query<{ id: string }>(
      `SELECT ${customerGlobalIdSql('c')} AS id FROM "SegmentMembership" m JOIN "Customer" c ON c."tenantId" = m."tenantId" AND c.id = m."customerId"
       WHERE m."tenantId" = current_setting('app.tenant_id') AND m."segmentId" = $1::uuid AND m."exitedAt" IS NULL ORDER BY m."customerId" LIMIT ${DISTURBED}`,
      [decodeGlobalID(mine.id).id],
    );
    const outsiders = await client.query<{ id: string }>(
      `SELECT ${customerGlobalIdSql('o')} AS id FROM "Customer" o
       WHERE o."tenantId" = current_setting('app.tenant_id') AND o."archivedAt" IS NULL AND o.kind = 'PERSON'
         AND o.id NOT IN (SELECT qualifying.id FROM (${TYPICAL_RULE_CUSTOMERS_SQL}) qualifying)
       ORDER BY o.id LIMIT ${DISTURBED}`,
      [new Date().toISOString().replace('Z', '')],
    );
    return { members: members.rows.map((row) => row.id), outsiders: outsiders.rows.map((row) => row.id) };
  });
  for (const segment of [mine, theirs]) {
    await mutate(context.nexo, token, REMOVE, { id: segment.id, customerIds: disturbance.members }, 'removeSegmentMembers', 'SegmentPayload');
    await mutate(context.nexo, token, ADD, { id: segment.id, customerIds: disturbance.outsiders }, 'addSegmentMembers', 'SegmentPayload');
  }

  const snapshotOther = (segmentId: string) =>
    context.opponent.kind === 'build' ? snapshotNexo(context.opponent.build, token, segmentId) : callBaseline(context, 'segment-snapshot', { segmentId, actor: MARKETER } satisfies SnapshotInput);
  await snapshotNexo(context.nexo, token, mine.id);
  await snapshotOther(theirs.id);
  const [nexoState, otherState] = [await segmentState(context, mine.id), await segmentState(context, theirs.id)];
  for (const part of ['stays', 'events'] as const) {
    if (canonicalJson(nexoState[part]) !== canonicalJson(otherState[part])) {
      throw new Error(`segment-evaluate: the ${part} the snapshots of ${bothSides(context)} left differ:\n  ${canonicalJson(nexoState[part]).slice(0, 600)}\n  ${canonicalJson(otherState[part]).slice(0, 600)}`);
    }
  }
  // Taken out by hand and back by the snapshot, or put in by hand and out by it: one ended stay each.
  const open = nexoState.stays.filter((stay) => stay.open).length;
  const ended = nexoState.stays.length - open;
  const disturbed = disturbance.members.length + disturbance.outsiders.length;
  if (open !== mine.size || ended !== disturbed) {
    throw new Error(`segment-evaluate: after the snapshot ${open} customers are in (expected ${mine.size}) and ${ended} stays ended (expected ${disturbed})`);
  }
  say(
    `segment-evaluate       ${bothSides(context)} snapshots leave the same stays and events (${mine.size.toLocaleString('en')} members; ` +
      `${disturbance.members.length} taken out and ${disturbance.outsiders.length} put in by hand, undone)`,
  );

  const figures = await runRounds(
    sidesOf(
      context,
      (build) => async () => void (await snapshotNexo(build, token, build === context.nexo ? mine.id : theirs.id)),
      async () => void (await snapshotOther(theirs.id)),
    ),
    { ...roundsOptions(context, 'segment-evaluate', 'write'), concurrency: SEGMENT_CONCURRENCY },
  );
  return {
    name: 'segment-evaluate',
    ...figuresOf(context, figures),
    statementsPerRequest: await statementsOf(context, OPERATION),
    statementVariants: null,
    details: {
      rule: TYPICAL_RULE_TEXT,
      members: mine.size,
      inFlight: SEGMENT_CONCURRENCY,
      baselineQuery:
        'one statement (CTE: UPDATE the segment, the rule by hand over "Customer", UPDATE the stays that end, INSERT the new ones, INSERT their events and segment.saved, pg_notify) in a transaction with app.tenant_id set',
    },
  };
}
