import type { Context } from '../../../src/plugin-api.ts';

/** Per customer: one row per channel used (`part` 'channel'), one per purchase currency ('purchase'). */
export interface FactRow {
  customerId: string;
  part: 'channel' | 'purchase';
  /** The channel, or the currency (null for purchases recorded without an amount). */
  key: string | null;
  total: number;
  last30Days: number;
  last90Days: number;
  last365Days: number;
  lastAt: Date;
  sum: string | null;
  average: string | null;
}

/**
 * The fact rows of customers whose id satisfies `customers` (a condition on "customerId"), with
 * the windows ending at `now` (the SQL of the request's instant).
 */
function factRowsSelect(customers: string, now: string): string {
  return `
    SELECT "customerId"::text AS "customerId", 'channel' AS part, channel::text AS key,
           count(*)::int AS total,
           (count(*) FILTER (WHERE "occurredAt" >= ${now}::timestamp(3) - interval '30 days'))::int AS "last30Days",
           (count(*) FILTER (WHERE "occurredAt" >= ${now}::timestamp(3) - interval '90 days'))::int AS "last90Days",
           (count(*) FILTER (WHERE "occurredAt" >= ${now}::timestamp(3) - interval '365 days'))::int AS "last365Days",
           max("occurredAt") AS "lastAt", NULL::text AS sum, NULL::text AS average
    FROM "Interaction"
    WHERE "tenantId" = current_setting('app.tenant_id') AND "customerId" ${customers}
    GROUP BY "customerId", channel
    UNION ALL
    SELECT "customerId"::text, 'purchase', currency::text, count(*)::int, 0, 0, 0,
           max("occurredAt"), sum(amount)::text, round(avg(amount), 2)::text
    FROM "Interaction"
    WHERE "tenantId" = current_setting('app.tenant_id') AND "customerId" ${customers} AND kind = 'PURCHASE'
    GROUP BY "customerId", currency`;
}

/** The fact rows of many customers in one statement, windows ending at the request's clock. */
export function readFactRows(context: Context, customerIds: readonly string[]): Promise<FactRow[]> {
  return context.sql.query<FactRow>(factRowsSelect('= ANY($1::uuid[])', '$2'), [customerIds, context.clock.now().toISOString()]);
}

/** One customer's fact rows as a JSON SQL expression over another statement's row (`customerId` is its id column): a read-along part. */
export function factRowsExpression(customerId: string, now: string): string {
  return `(SELECT coalesce(json_agg(fact), '[]') FROM (${factRowsSelect(`= ${customerId}`, now)}) fact)`;
}

/** The rows from `factRowsExpression`'s value (JSON keeps the zone-less timestamps as text). */
export function factRowsFromJson(value: unknown): FactRow[] {
  return (value as (Omit<FactRow, 'lastAt'> & { lastAt: string })[]).map((row) => ({ ...row, lastAt: new Date(`${row.lastAt}Z`) }));
}
