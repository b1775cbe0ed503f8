import { encodeGlobalID } from '@pothos/plugin-relay';
import { runRounds } from '../lib/closed-loop.ts';
import { say } from '../lib/progress.ts';
import {
  bothSides, callBaseline, figuresOf, firstDifference, graphql, isoUtc, opponentAnswer, roundsOptions, sidesOf, statementsOf,
  type NexoBuild, type WorkloadContext, type WorkloadResult,
} from './context.ts';
import type { SampleCustomer } from './sample.ts';
import { probeStatements, variantsLine } from './statement-variants.ts';

const SELECTION = /* GraphQL */ `
    customer(id: $id) {
      __typename
      id
      displayName
      lifecycle
      audiences
      country
      city
      ... on Person {
        firstName
        lastName
        memberships { role title isPrimary organization { id displayName } }
      }
      contactPoints { id kind value label isPrimary }
      timeline(first: 20) {
        edges { node { id topic occurredAt channel kind payload } }
      }
      interactionFacts {
        lastInteractionAt
        lastPurchaseAt
        interactionCount
        purchaseCount
        purchaseTotals { currency total average count }
        byChannel { channel last30Days last90Days last365Days total lastAt }
      }
    }`;

/** The operation name is what the request log is read by; the quiet and busy probes get their own. */
const customer360Document = (operation: string) => `query ${operation}($id: ID!) {${SELECTION}\n}`;
const OPERATION = 'Customer360';

/**
 * The baseline: one statement that builds the same answer in PostgreSQL, each part read through
 * the index Nexo's own query for it uses. Facts follow Customer.interactionFacts: contacts per
 * channel in the last 30/90/365 days and overall, purchases per currency.
 */
const CUSTOMER_360_SQL = `
SELECT c.id::text AS id, c.kind::text AS kind, c."displayName", c.lifecycle::text AS lifecycle, c.audiences::text[] AS audiences,
       c.country, c.city, c."firstName", c."lastName",
       (SELECT coalesce(json_agg(json_build_object('role', m.role, 'title', m.title, 'isPrimary', m."isPrimary",
                                                   'organizationId', o.id, 'organizationName', o."displayName")
                                 ORDER BY m."isPrimary" DESC, m."createdAt"), '[]')
          FROM "Membership" m JOIN "Customer" o ON o."tenantId" = m."tenantId" AND o.id = m."organizationId"
         WHERE m."tenantId" = c."tenantId" AND m."personId" = c.id) AS memberships,
       (SELECT coalesce(json_agg(json_build_object('id', p.id, 'kind', p.kind, 'value', p.value, 'label', p.label, 'isPrimary', p."isPrimary")
                                 ORDER BY p.kind, p."isPrimary" DESC, p."createdAt"), '[]')
          FROM "ContactPoint" p WHERE p."tenantId" = c."tenantId" AND p."customerId" = c.id) AS "contactPoints",
       (SELECT coalesce(json_agg(json_build_object('id', e.id::text, 'topic', e.topic, 'occurredAt', e."occurredAt", 'channel', e.channel,
                                                   'kind', e.kind, 'payload', e.payload) ORDER BY e."occurredAt" DESC, e.id DESC), '[]')
          FROM (SELECT * FROM "OutboxEvent" WHERE "tenantId" = c."tenantId" AND "customerId" = c.id
                ORDER BY "occurredAt" DESC, id DESC LIMIT 20) e) AS timeline,
       (SELECT coalesce(json_agg(json_build_object('channel', ch.channel, 'last30Days', ch.d30, 'last90Days', ch.d90, 'last365Days', ch.d365,
                                                   'total', ch.total, 'lastAt', ch."lastAt") ORDER BY ch.total DESC, ch.channel), '[]')
          FROM (SELECT channel::text AS channel, count(*)::int AS total,
                       (count(*) FILTER (WHERE "occurredAt" >= now() - interval '30 days'))::int AS d30,
                       (count(*) FILTER (WHERE "occurredAt" >= now() - interval '90 days'))::int AS d90,
                       (count(*) FILTER (WHERE "occurredAt" >= now() - interval '365 days'))::int AS d365,
                       max("occurredAt") AS "lastAt"
                  FROM "Interaction" WHERE "tenantId" = c."tenantId" AND "customerId" = c.id GROUP BY channel) ch) AS "byChannel",
       (SELECT coalesce(json_agg(json_build_object('currency', pu.currency, 'count', pu.count, 'lastAt', pu."lastAt", 'total', pu.total,
                                                   'average', pu.average) ORDER BY pu.count DESC, pu.currency), '[]')
          FROM (SELECT currency::text AS currency, count(*)::int AS count, max("occurredAt") AS "lastAt",
                       sum(amount)::text AS total, round(avg(amount), 2)::text AS average
                  FROM "Interaction" WHERE "tenantId" = c."tenantId" AND "customerId" = c.id AND kind = 'PURCHASE' GROUP BY currency) pu) AS purchases
FROM "Customer" c
WHERE c."tenantId" = current_setting('app.tenant_id') AND c.id = $1::uuid AND c.kind = $2::"CustomerKind"`;

interface Customer360Row {
  id: string;
  kind: 'PERSON' | 'ORGANIZATION';
  displayName: string;
  lifecycle: string;
  audiences: string[];
  country: string | null;
  city: string | null;
  firstName: string | null;
  lastName: string | null;
  memberships: { role: string | null; title: string | null; isPrimary: boolean; organizationId: string; organizationName: string }[];
  contactPoints: { id: string; kind: string; value: string; label: string | null; isPrimary: boolean }[];
  timeline: { id: string; topic: string; occurredAt: string; channel: string | null; kind: string | null; payload: Record<string, unknown> }[];
  byChannel: { channel: string; last30Days: number; last90Days: number; last365Days: number; total: number; lastAt: string }[];
  purchases: { currency: string | null; count: number; lastAt: string; total: string | null; average: string | null }[];
}

/** The baseline's answer, shaped as the GraphQL `data` is: global ids from row ids, ISO dates. */
export async function customer360Baseline(context: Pick<WorkloadContext, 'sql'>, customer: SampleCustomer): Promise<{ customer: Record<string, unknown> | null }> {
  const row = await context.sql.transaction(async (client) => {
    const { rows } = await client.query<Customer360Row>({ name: 'bench_customer_360', text: CUSTOMER_360_SQL, values: [customer.id, customer.kind] });
    return rows[0];
  });
  if (!row) return { customer: null };
  const person = row.kind === 'PERSON';
  const lastOf = (dates: string[]) => (dates.length ? dates.reduce((latest, date) => (date > latest ? date : latest)) : null);
  return {
    customer: {
      __typename: person ? 'Person' : 'Organization',
      id: encodeGlobalID(person ? 'Person' : 'Organization', row.id),
      displayName: row.displayName,
      lifecycle: row.lifecycle,
      audiences: row.audiences,
      country: row.country,
      city: row.city,
      ...(person
        ? {
            firstName: row.firstName,
            lastName: row.lastName,
            memberships: row.memberships.map((membership) => ({
              role: membership.role,
              title: membership.title,
              isPrimary: membership.isPrimary,
              organization: { id: encodeGlobalID('Organization', membership.organizationId), displayName: membership.organizationName },
            })),
          }
        : {}),
      contactPoints: row.contactPoints.map((point) => ({ ...point, id: encodeGlobalID('ContactPoint', point.id) })),
      timeline: { edges: row.timeline.map((event) => ({ node: { ...event, occurredAt: isoUtc(event.occurredAt) } })) },
      interactionFacts: {
        lastInteractionAt: isoUtc(lastOf(row.byChannel.map((channel) => channel.lastAt))),
        lastPurchaseAt: isoUtc(lastOf(row.purchases.map((purchase) => purchase.lastAt))),
        interactionCount: row.byChannel.reduce((sum, channel) => sum + channel.total, 0),
        purchaseCount: row.purchases.reduce((sum, purchase) => sum + purchase.count, 0),
        // Purchases without an amount count as purchases but have no value to add up.
        purchaseTotals: row.purchases
          .filter((purchase) => purchase.currency !== null && purchase.total !== null)
          .map(({ currency, total, average, count }) => ({ currency, total, average, count })),
        byChannel: row.byChannel.map((channel) => ({ ...channel, lastAt: isoUtc(channel.lastAt) })),
      },
    },
  };
}

type Customer360Answer = Awaited<ReturnType<typeof customer360Baseline>>;

const customer360OverHttp = (context: WorkloadContext, customer: SampleCustomer) => callBaseline<Customer360Answer>(context, 'customer-360', customer);

export function customer360On(build: NexoBuild, context: WorkloadContext, customer: SampleCustomer, operation = OPERATION) {
  return graphql<{ customer: Record<string, unknown> | null }>(build, context.readToken, customer360Document(operation), { id: customer.globalId });
}

/**
 * Checks that both sides answer the same for the first `count` customers of the sample (facts are
 * relative to the database clock: both read within the same second), and throws at the first
 * difference.
 */
export async function checkCustomer360Equal(context: WorkloadContext, sample: readonly SampleCustomer[], count: number): Promise<number> {
  const checked = sample.slice(0, count);
  for (const customer of checked) {
    const [nexo, other] = await Promise.all([
      customer360On(context.nexo, context, customer, 'Customer360Check'),
      opponentAnswer<Customer360Answer>(context, (build) => customer360On(build, context, customer, 'Customer360Check'), () => customer360OverHttp(context, customer)),
    ]);
    if (!nexo.customer) throw new Error(`customer-360: ${context.nexo.label} found no customer ${customer.globalId}`);
    const difference = firstDifference(nexo, other);
    if (difference) throw new Error(`customer-360: ${bothSides(context)} answer differently for ${customer.globalId} (${customer.id}): ${difference}`);
  }
  return checked.length;
}

/**
 * SQL statements of one customer-360 request for a quiet and for a busy customer, on each build:
 * the query must cost the same whatever the customer's history.
 */
export function statementsByHistory(context: WorkloadContext, quiet: SampleCustomer, busy: SampleCustomer) {
  const probe = (customer: SampleCustomer, label: string, operation: string) => ({
    label: `${label}, ${customer.interactions} interactions`,
    operation,
    request: (build: NexoBuild, name: string) => customer360On(build, context, customer, name),
  });
  return probeStatements(context, "a customer's history", [probe(quiet, 'quiet', 'Customer360Quiet'), probe(busy, 'busy', 'Customer360Busy')]);
}

const RECORD_INTERACTIONS = /* GraphQL */ `
  mutation BusyHistory($inputs: [RecordInteractionInput!]!) {
    recordInteractions(inputs: $inputs) { __typename ... on RecordInteractionsPayload { stored duplicates failed } ... on Error { message } }
  }`;

/**
 * Gives `customer` at least `count` interactions by recording the missing ones through the API
 * (one a day going back from today, the way a loyal customer's history looks), so the statement
 * probe compares ~10 with ~1,000 interactions even where the seed's busiest person has fewer.
 */
export async function ensureHistory(context: WorkloadContext, customer: SampleCustomer, count: number): Promise<SampleCustomer> {
  const missing = count - customer.interactions;
  if (missing <= 0) return customer;
  const day = 86_400_000;
  const inputs = Array.from({ length: missing }, (_, index) => ({
    customerId: customer.globalId,
    channel: index % 3 ? 'WEB' : 'POINT_OF_SALE',
    direction: 'INBOUND',
    kind: index % 3 ? 'VISIT' : 'PURCHASE',
    occurredAt: new Date(Date.now() - (index + 1) * day).toISOString(),
    ...(index % 3 ? {} : { amount: '19.90', currency: 'EUR' }),
    source: 'bench-history',
    externalId: `${customer.id}-${index}`,
  }));
  for (let start = 0; start < inputs.length; start += 1_000) {
    const data = await graphql<{ recordInteractions: { stored?: number; duplicates?: number; failed?: number; message?: string } }>(
      context.nexo,
      context.writeToken,
      RECORD_INTERACTIONS,
      { inputs: inputs.slice(start, start + 1_000) },
    );
    if (data.recordInteractions.failed !== 0) throw new Error(`customer-360: could not record the busy customer's history: ${JSON.stringify(data.recordInteractions)}`);
  }
  return { ...customer, interactions: customer.interactions + missing };
}

export async function runCustomer360(context: WorkloadContext, sample: readonly SampleCustomer[], probes: { quiet: SampleCustomer; busy: SampleCustomer }): Promise<WorkloadResult> {
  const checked = await checkCustomer360Equal(context, sample, Math.min(5, sample.length));
  say(`customer-360           ${bothSides(context)} return the same JSON for ${checked} customers`);
  const busy = await ensureHistory(context, probes.busy, 1_000);
  if (busy !== probes.busy) say(`customer-360           the busiest person had ${probes.busy.interactions} interactions; recorded ${busy.interactions - probes.busy.interactions} more through recordInteractions`);
  const byHistory = await statementsByHistory(context, probes.quiet, busy);
  say(`customer-360           statements per request by history: ${variantsLine(context, byHistory)}`);
  const pick = (sequence: number) => sample[sequence % sample.length]!;
  const figures = await runRounds(
    sidesOf(
      context,
      (build) => async (sequence) => {
        const data = await customer360On(build, context, pick(sequence));
        if (!data.customer) throw new Error(`customer-360: ${build.label} found no customer ${pick(sequence).globalId}`);
      },
      async (sequence) => {
        const data = await customer360OverHttp(context, pick(sequence));
        if (!data.customer) throw new Error(`customer-360: the baseline found no customer ${pick(sequence).id}`);
      },
    ),
    roundsOptions(context, 'customer-360', 'read'),
  );
  await context.nexo.requestLog.read();
  const statements = context.nexo.requestLog.linesOf(OPERATION).map((line) => line.statements);
  return {
    name: 'customer-360',
    ...figuresOf(context, figures),
    statementsPerRequest: await statementsOf(context, OPERATION),
    statementVariants: byHistory,
    details: {
      customers: sample.length,
      equalityChecked: checked,
      statementsRange: statements.length ? [statements.reduce((a, b) => Math.min(a, b)), statements.reduce((a, b) => Math.max(a, b))] : null,
      busyCustomer: { id: busy.globalId, interactions: busy.interactions, memberships: busy.memberships },
      quietCustomer: { id: probes.quiet.globalId, interactions: probes.quiet.interactions, memberships: probes.quiet.memberships },
      baselineQuery: 'one SQL statement (json_build_object / json_agg) in a transaction as the application role with app.tenant_id set, like Nexo: BEGIN, set_config, the query, COMMIT',
    },
  };
}
