import { encodeGlobalID } from '@pothos/plugin-relay';
import { setTimeout as sleep } from 'node:timers/promises';
import { runRounds } from '../lib/closed-loop.ts';
import { say } from '../lib/progress.ts';
import {
  bothSides, callBaseline, figuresOf, firstDifference, graphql, opponentAnswer, roundsOptions, sidesOf, statementsOf,
  type NexoBuild, type WorkloadContext, type WorkloadResult,
} from './context.ts';
import { probeStatements, variantsLine } from './statement-variants.ts';

export const QUEUE_PAGE = 50;
const OPEN_STATUSES = ['NEW', 'OPEN', 'PENDING_CUSTOMER', 'ESCALATED', 'REOPENED'] as const;

const queueDocument = (operation: string) => /* GraphQL */ `
  query ${operation}($queueId: ID!) {
    tickets(first: ${QUEUE_PAGE}, filter: { queueIds: [$queueId], statuses: [${OPEN_STATUSES.join(', ')}] }, orderBy: { field: DEADLINE }) {
      totalCount
      edges { node {
        id number subject status priority assigneeId createdAt categoryPath
        customer { __typename id displayName audiences primaryEmail }
        sla { state firstResponse { dueAt breached } resolution { dueAt breached } }
      } }
    }
  }`;
const OPERATION = 'AgentQueue';

interface SlaTargetJson {
  dueAt: string | null;
  breached: boolean;
}
interface QueueNode {
  id: string;
  number: number;
  subject: string;
  status: string;
  priority: string;
  assigneeId: string | null;
  createdAt: string;
  categoryPath: string[];
  customer: { __typename: string; id: string; displayName: string; audiences: string[]; primaryEmail: string | null };
  sla: { state: string; firstResponse: SlaTargetJson; resolution: SlaTargetJson } | null;
}
interface QueuePage {
  tickets: { totalCount: number; edges: { node: QueueNode }[] };
}

/**
 * The baseline: one statement for the page, its total and each ticket's customer, category path
 * and SLA state. The states are the ones `Ticket.sla` reports, written as CASE expressions over the
 * stored deadlines against the database clock: breached (recorded, or a running deadline passed),
 * paused, at risk past the warning instant, on track, or met once done.
 */
const targetState = (prefix: 'firstResponse' | 'resolution') => `
  CASE WHEN t."${prefix}Seconds" IS NOT NULL THEN CASE WHEN t."${prefix}BreachedAt" IS NULL THEN 'MET' ELSE 'BREACHED' END
       WHEN t."${prefix}BreachedAt" IS NOT NULL OR (t."slaRunning" AND t."${prefix}DueAt" < now() AT TIME ZONE 'UTC') THEN 'BREACHED'
       WHEN NOT t."slaRunning" THEN 'PAUSED'
       WHEN t."${prefix}WarnAt" <= now() AT TIME ZONE 'UTC' THEN 'AT_RISK'
       ELSE 'ON_TRACK' END`;
const QUEUE_SQL = `
  SELECT t.id::text AS id, t.number, t.subject, t.status::text AS status, t.priority::text AS priority, t."assigneeId", t."createdAt" AT TIME ZONE 'UTC' AS "createdAt",
         c.id::text AS "customerId", c.kind::text AS "customerKind", c."displayName", c.audiences::text[] AS audiences,
         (SELECT p.value FROM "ContactPoint" p
           WHERE p."tenantId" = c."tenantId" AND p."customerId" = c.id AND p.kind = 'EMAIL' AND p."isPrimary" LIMIT 1) AS "primaryEmail",
         (WITH RECURSIVE up AS (
            SELECT k."parentId", k.name, 0 AS depth FROM "TicketCategory" k WHERE k."tenantId" = t."tenantId" AND k.id = t."categoryId"
            UNION ALL
            SELECT k."parentId", k.name, up.depth + 1 FROM "TicketCategory" k JOIN up ON k."tenantId" = t."tenantId" AND k.id = up."parentId")
          SELECT array_agg(name ORDER BY depth DESC) FROM up) AS "categoryPath",
         t."slaPolicyId" IS NOT NULL AS "hasSla",
         CASE WHEN t."firstResponseSeconds" IS NULL THEN t."firstResponseDueAt" AT TIME ZONE 'UTC' END AS "firstResponseDueAt",
         CASE WHEN t."resolutionSeconds" IS NULL THEN t."resolutionDueAt" AT TIME ZONE 'UTC' END AS "resolutionDueAt",
         ${targetState('firstResponse')} AS "firstResponseState",
         ${targetState('resolution')} AS "resolutionState",
         count(*) OVER () AS "totalCount"
  FROM "Ticket" t JOIN "Customer" c ON c."tenantId" = t."tenantId" AND c.id = t."customerId"
  WHERE t."tenantId" = current_setting('app.tenant_id') AND t."queueId" = $1::uuid AND t.status::text = ANY($2::text[])
  ORDER BY t."deadlineSortKey", t.id
  LIMIT ${QUEUE_PAGE}`;

interface QueueRow {
  id: string;
  number: number;
  subject: string;
  status: string;
  priority: string;
  assigneeId: string | null;
  createdAt: Date;
  customerId: string;
  customerKind: 'PERSON' | 'ORGANIZATION';
  displayName: string;
  audiences: string[];
  primaryEmail: string | null;
  categoryPath: string[];
  hasSla: boolean;
  firstResponseDueAt: Date | null;
  resolutionDueAt: Date | null;
  firstResponseState: string;
  resolutionState: string;
  totalCount: string;
}

// Timestamps are read as timestamptz (AT TIME ZONE 'UTC'), so they parse right whatever this process's zone.
// The worst state of the two targets names the ticket's, as in Ticket.sla.state.
const SEVERITY = ['BREACHED', 'AT_RISK', 'ON_TRACK', 'PAUSED', 'MET'];

/** The baseline endpoint's handler. */
export function agentQueueBaseline(context: Pick<WorkloadContext, 'sql'>, input: { queueRowId: string }): Promise<QueuePage> {
  return baselineQueue(context, input.queueRowId);
}

const queueOverHttp = (context: WorkloadContext, queueRowId: string) => callBaseline<QueuePage>(context, 'agent-queue', { queueRowId });

async function baselineQueue(context: Pick<WorkloadContext, 'sql'>, queueRowId: string): Promise<QueuePage> {
  const rows = await context.sql.transaction(async (client) => (await client.query<QueueRow>({ name: 'bench_agent_queue', text: QUEUE_SQL, values: [queueRowId, OPEN_STATUSES] })).rows);
  return {
    tickets: {
      totalCount: rows.length ? Number(rows[0]!.totalCount) : await countOpen(context, queueRowId),
      edges: rows.map((row) => {
        const typename = row.customerKind === 'PERSON' ? 'Person' : 'Organization';
        const target = (dueAt: Date | null, state: string) => ({ dueAt: dueAt?.toISOString() ?? null, breached: state === 'BREACHED' });
        return {
          node: {
            id: encodeGlobalID('Ticket', row.id),
            number: row.number,
            subject: row.subject,
            status: row.status,
            priority: row.priority,
            assigneeId: row.assigneeId,
            createdAt: row.createdAt.toISOString(),
            categoryPath: row.categoryPath,
            customer: { __typename: typename, id: encodeGlobalID(typename, row.customerId), displayName: row.displayName, audiences: row.audiences, primaryEmail: row.primaryEmail },
            sla: row.hasSla
              ? {
                  state: SEVERITY.find((state) => state === row.firstResponseState || state === row.resolutionState)!,
                  firstResponse: target(row.firstResponseDueAt, row.firstResponseState),
                  resolution: target(row.resolutionDueAt, row.resolutionState),
                }
              : null,
          },
        };
      }),
    },
  };
}

async function countOpen(context: Pick<WorkloadContext, 'sql'>, queueRowId: string): Promise<number> {
  return context.sql.transaction(async (client) =>
    Number((await client.query<{ n: string }>(`SELECT count(*) AS n FROM "Ticket" WHERE "queueId" = $1::uuid AND status::text = ANY($2::text[])`, [queueRowId, OPEN_STATUSES])).rows[0]!.n),
  );
}

/**
 * The queues agents work, busiest first. On its first start the server's escalation scheduler
 * catches up with the demo history (which ends before today): breached tickets move to the
 * supervisors' queue. Waiting for it to finish keeps both sides reading the same tickets.
 */
async function agentQueues(context: WorkloadContext): Promise<{ id: string; name: string; open: number }[]> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const due = await context.sql.transaction(async (client) =>
      Number((await client.query<{ n: string }>(`SELECT count(*) AS n FROM "Ticket" WHERE "nextEscalationAt" <= now() AT TIME ZONE 'UTC'`)).rows[0]!.n),
    );
    if (due === 0) break;
    if (Date.now() > deadline) throw new Error(`agent-queue: ${due} tickets are still due for escalation after a minute`);
    await sleep(250);
  }
  return context.sql.transaction(async (client) =>
    (
      await client.query<{ id: string; name: string; open: number }>(
        `SELECT q.id::text, q.name, count(t.id)::int AS open FROM "TicketQueue" q
         LEFT JOIN "Ticket" t ON t."queueId" = q.id AND t.status::text = ANY($1::text[])
         WHERE q.active GROUP BY q.id, q.name HAVING count(t.id) > 0 ORDER BY 3 DESC, 2`,
        [OPEN_STATUSES],
      )
    ).rows,
  );
}

/**
 * `agent-queue`: the open tickets of a queue, most urgent first, with each ticket's customer,
 * category and SLA state — what an agent's screen shows and refreshes. Requests take the queues in
 * turn. Checked equal to the opponent on every queue once; its statements probed on every queue.
 */
export async function runAgentQueue(context: WorkloadContext): Promise<WorkloadResult> {
  const queues = await agentQueues(context);
  if (queues.length === 0) throw new Error('agent-queue: no queue has open tickets');
  say(`agent-queue            ${queues.map((queue) => `${queue.name} (${queue.open} open)`).join(', ')}`);
  const nexoQueue = (build: NexoBuild, queue: { id: string }, operation = OPERATION) =>
    graphql<QueuePage>(build, context.readToken, queueDocument(operation), { queueId: encodeGlobalID('TicketQueue', queue.id) });

  for (const queue of queues) {
    const [nexo, other] = await Promise.all([
      nexoQueue(context.nexo, queue, 'AgentQueueCheck'),
      opponentAnswer(context, (build) => nexoQueue(build, queue, 'AgentQueueCheck'), () => queueOverHttp(context, queue.id)),
    ]);
    const difference = firstDifference(nexo, other);
    if (difference) throw new Error(`agent-queue: ${bothSides(context)} answer differently for queue ${queue.name}: ${difference}`);
  }
  say(`agent-queue            ${bothSides(context)} return the same page for ${queues.length} queues`);
  const byQueue = await probeStatements(
    context,
    'queue',
    queues.map((queue, index) => ({ label: `${queue.name} (${queue.open} open)`, operation: `AgentQueueProbe${index}`, request: (build: NexoBuild, operation: string) => nexoQueue(build, queue, operation) })),
  );
  say(`agent-queue            statements per request by queue: ${variantsLine(context, byQueue)}`);

  const pick = (sequence: number) => queues[sequence % queues.length]!;
  const expectPage = (page: QueuePage, queue: { open: number }) => {
    if (page.tickets.edges.length !== Math.min(QUEUE_PAGE, queue.open)) throw new Error(`agent-queue: a page came back with ${page.tickets.edges.length} tickets, not ${Math.min(QUEUE_PAGE, queue.open)}`);
  };
  const figures = await runRounds(
    sidesOf(
      context,
      (build) => async (sequence) => expectPage(await nexoQueue(build, pick(sequence)), pick(sequence)),
      async (sequence) => expectPage(await queueOverHttp(context, pick(sequence).id), pick(sequence)),
    ),
    roundsOptions(context, 'agent-queue', 'read'),
  );
  await context.nexo.requestLog.read();
  const statements = context.nexo.requestLog.linesOf(OPERATION).map((line) => line.statements);
  return {
    name: 'agent-queue',
    ...figuresOf(context, figures),
    statementsPerRequest: await statementsOf(context, OPERATION),
    statementVariants: byQueue,
    details: {
      queues: queues.map(({ name, open }) => ({ name, open })),
      pageSize: QUEUE_PAGE,
      statementsRange: statements.length ? [Math.min(...statements), Math.max(...statements)] : null,
      baselineQuery: 'one SQL statement: the page with count(*) OVER (), the customer and primary e-mail, the category path (recursive), SLA states as CASE over the stored deadlines',
    },
  };
}
