import type { Sql } from '../../../src/plugin-api.ts';

// A statement for some customers and one for everyone, not one with `$n IS NULL OR …`: a prepared
// statement's generic plan could not use the customer index for the first.
const onlyThese = (customers: readonly string[] | null, parameter: number) => (customers ? ` AND "customerId" = ANY($${parameter}::uuid[])` : '');

/** One customer's purchases in one currency, as value models read them. */
export interface PurchaseSummary {
  customerId: string;
  /** Purchases with an amount in the currency. */
  purchases: number;
  firstPurchaseAt: Date;
  lastPurchaseAt: Date;
  /** Sum of their amounts (a decimal as text). */
  total: string;
  /** Mean amount of the repeat purchases, all but the first (a decimal as text); null with one purchase. */
  averageRepeatValue: string | null;
}

export interface PurchaseSummaryOptions {
  /** ISO 4217: only purchases in it. */
  currency: string;
  /** Only purchases that occurred at or before this instant. */
  until: Date;
  /** Only these customers (row ids); every customer with such a purchase when null. */
  customers: readonly string[] | null;
}

/**
 * Per customer with purchases in the currency: how many, the first and last, their total and the
 * mean value of the repeat purchases, in ONE grouped statement. The first purchase is the earliest
 * (ties broken by id). In customer order, so that what is computed from them in floating point (a
 * model fitted on all of them) comes out the same every time.
 */
export function purchaseSummaries(sql: Sql, options: PurchaseSummaryOptions): Promise<PurchaseSummary[]> {
  return sql.query<PurchaseSummary>(
    `SELECT "customerId"::text AS "customerId",
           count(*)::int AS purchases,
           min("occurredAt") AS "firstPurchaseAt",
           max("occurredAt") AS "lastPurchaseAt",
           sum(amount)::text AS total,
           CASE WHEN count(*) > 1
                THEN ((sum(amount) - (array_agg(amount ORDER BY "occurredAt", id))[1]) / (count(*) - 1))::text
           END AS "averageRepeatValue"
    FROM "Interaction"
    WHERE "tenantId" = current_setting('app.tenant_id') AND kind = 'PURCHASE'
      AND currency = $1 AND amount IS NOT NULL AND "occurredAt" <= $2::timestamp(3)${onlyThese(options.customers, 3)}
    GROUP BY "customerId"
    ORDER BY "customerId"`,
    options.customers ? [options.currency, options.until, options.customers] : [options.currency, options.until],
  );
}

/** What one customer has spent in one currency, all time. */
export interface PurchaseTotal {
  customerId: string;
  currency: string;
  /** A decimal as text. */
  total: string;
}

/** Per customer and currency, the sum of their purchases (of these customers, or everyone's when null), in ONE statement. */
export function purchaseTotalsByCurrency(sql: Sql, customers: readonly string[] | null): Promise<PurchaseTotal[]> {
  return sql.query<PurchaseTotal>(
    `SELECT "customerId"::text AS "customerId", currency::text AS currency, sum(amount)::text AS total
    FROM "Interaction"
    WHERE "tenantId" = current_setting('app.tenant_id') AND kind = 'PURCHASE' AND currency IS NOT NULL AND amount IS NOT NULL${onlyThese(customers, 1)}
    GROUP BY "customerId", currency`,
    customers ? [customers] : [],
  );
}

/** The currency most of the tenant's purchases are in (the alphabetically first of a tie); null without any. */
export async function mainPurchaseCurrency(sql: Sql): Promise<string | null> {
  const rows = await sql<{ currency: string }>`
    SELECT currency::text AS currency FROM "Interaction"
    WHERE "tenantId" = current_setting('app.tenant_id') AND kind = 'PURCHASE' AND currency IS NOT NULL AND amount IS NOT NULL
    GROUP BY currency ORDER BY count(*) DESC, currency LIMIT 1`;
  return rows[0]?.currency ?? null;
}
