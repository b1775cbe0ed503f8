import { createContextCache } from '@pothos/core';
import type { Context, KeysetOrder, KeysetRequest, Prisma } from '../../../src/plugin-api.ts';
import type { OpportunityStage } from './enums.ts';
import { Decimal, keysetWindow, perCustomerLoader } from '../../../src/plugin-api.ts';

// A customer's opportunities (`Customer.opportunities`), for a page of customers at once: a page
// of each one's deals and how many they have come in one statement, whatever the number of
// customers and however many deals they have.

type OpportunityRow = Prisma.OpportunityModel;

/** One page request of `Customer.opportunities`: the same for every customer of a list, so they share a statement. */
export interface CustomerOpportunityRequest extends KeysetRequest {
  /** Only deals in these stages; every deal when null. */
  stages: readonly OpportunityStage[] | null;
}

// Open deals have no closing time; they sort as if closed at the end of time, so they come first.
const STILL_OPEN = '9999-12-31T23:59:59.999Z';

/** Open deals first, then the most recently closed, each by expected close date. */
export const CUSTOMER_OPPORTUNITIES_ORDER: KeysetOrder<OpportunityRow> = {
  name: 'OPEN FIRST, EXPECTED_CLOSE_DATE ASC',
  columns: [
    { expression: `COALESCE(o."closedAt", '${STILL_OPEN}'::timestamp(3))`, kind: 'timestamp', ascending: false, valueOf: (deal) => deal.closedAt ?? STILL_OPEN },
    { expression: 'o."expectedCloseDate"', kind: 'timestamp', ascending: true, valueOf: (deal) => deal.expectedCloseDate },
    { expression: 'o.id', kind: 'uuid', ascending: true, valueOf: (deal) => deal.id },
  ],
};

/** One customer's page, and how many of their deals match the filter on every page together. */
export interface CustomerOpportunityPage {
  opportunities: OpportunityRow[];
  totalCount: number;
}

/** The request's loader of customers' pages of opportunities, keyed by customer row id and request. */
export const customerOpportunities = createContextCache(
  (context: Context) =>
    perCustomerLoader<CustomerOpportunityRequest, CustomerOpportunityPage>((customerIds, request) => readPages(context, customerIds, request), { opportunities: [], totalCount: 0 }),
);


async function readPages(context: Context, customerIds: string[], request: CustomerOpportunityRequest): Promise<Map<string, CustomerOpportunityPage>> {
  const values: unknown[] = [customerIds];
  const parameter = (value: unknown) => `$${values.push(value)}`;
  const matching = [`o."tenantId" = current_setting('app.tenant_id')`, 'o."customerId" = wanted.id'];
  if (request.stages) matching.push(`o.stage = ANY(${parameter(request.stages)}::"OpportunityStage"[])`);
  const window = keysetWindow(CUSTOMER_OPPORTUNITIES_ORDER, request, parameter);
  // The count and the page read the same few rows of each customer, through the (tenant, customer)
  // index; a customer without deals on the page still has a row, with the count.
  const rows = await context.sql.query<{ pageOf: string; totalCount: number } & Partial<Omit<OpportunityRow, 'amount'>> & { amount?: string | null }>(
    `SELECT wanted.id::text AS "pageOf", counted."totalCount", page.* FROM unnest($1::uuid[]) AS wanted(id)
     CROSS JOIN LATERAL (SELECT count(*)::int AS "totalCount" FROM "Opportunity" o WHERE ${matching.join(' AND ')}) counted
     LEFT JOIN LATERAL (
       SELECT o.* FROM "Opportunity" o
       WHERE ${[...matching, ...window.conditions].join(' AND ')}
       ORDER BY ${window.orderBy}
       LIMIT ${parameter(window.limit)}
     ) page ON true`,
    values,
  );
  const pages = new Map<string, CustomerOpportunityPage>();
  for (const { pageOf, totalCount, amount, ...deal } of rows) {
    const page = pages.get(pageOf) ?? { opportunities: [], totalCount };
    // As Prisma reads a deal: numeric arrives as text.
    if (deal.id != null) page.opportunities.push({ ...(deal as Omit<OpportunityRow, 'amount'>), amount: amount == null ? null : new Decimal(amount) });
    pages.set(pageOf, page);
  }
  return pages;
}
