import { createContextCache } from '@pothos/core';
import DataLoader from 'dataloader';
import type { Context, KeysetOrder, KeysetRequest, Prisma } from '../../../src/plugin-api.ts';
import type { TicketKind, TicketStatus } from './enums.ts';
import { keysetWindow, perCustomerLoader, viewerOf } from '../../../src/plugin-api.ts';
import { OPEN_STATUSES } from '../ticket-status.ts';
import { ticketColumns } from './ticket-columns.ts';

// A customer's tickets, for a page of customers at once: each question (a page of their tickets,
// how many there are, their service facts) is one statement for every customer the request shows,
// whatever the page size and however long their history.

type TicketRow = Prisma.TicketModel;

/** The filters of `Customer.tickets`. */
export interface CustomerTicketFilter {
  statuses: readonly TicketStatus[] | null;
  kinds: readonly TicketKind[] | null;
}

/** One page request of `Customer.tickets`: the same for every customer of a list, so they share a statement. */
export interface CustomerTicketRequest extends KeysetRequest {
  filter: CustomerTicketFilter;
  /** The fields selected of each ticket, sorted: they name the columns read (see ticketColumns). */
  fields: readonly string[];
  /** Count each customer's tickets (all pages) in the same statement. */
  withCount: boolean;
}

/** One customer's page, and the number of their tickets when it was asked for. */
export interface CustomerTicketPage {
  tickets: TicketRow[];
  totalCount: number | null;
}

export interface ServiceFacts {
  openTickets: number;
  lastComplaintAt: Date | null;
}

/** A customer's tickets, newest first: the order `tickets` calls CREATED_AT DESC. */
export const CUSTOMER_TICKETS_ORDER: KeysetOrder<TicketRow> = {
  name: 'CREATED_AT DESC',
  columns: [
    { expression: 't."createdAt"', kind: 'timestamp', ascending: false, valueOf: (ticket) => ticket.createdAt },
    { expression: 't.id', kind: 'uuid', ascending: false, valueOf: (ticket) => ticket.id },
  ],
};

/** The request's loaders of customers' tickets, keyed by customer row id. */
export const customerTickets = createContextCache((context: Context) => ({
  page: perCustomerLoader<CustomerTicketRequest, CustomerTicketPage>((customerIds, request) => readPages(context, customerIds, request), { tickets: [], totalCount: 0 }),
  count: perCustomerLoader<CustomerTicketFilter, number>((customerIds, filter) => readCounts(context, customerIds, filter), 0),
  /** Counted when read, so they never go stale. */
  facts: new DataLoader<string, ServiceFacts>(async (customerIds) => {
    const byCustomer = await readServiceFacts(context, customerIds);
    return customerIds.map((id) => byCustomer.get(id) ?? { openTickets: 0, lastComplaintAt: null });
  }),
}));


function filterConditions(filter: CustomerTicketFilter, parameter: (value: unknown) => string): string[] {
  const conditions: string[] = [];
  if (filter.statuses?.length) conditions.push(`t.status = ANY(${parameter(filter.statuses)}::"TicketStatus"[])`);
  if (filter.kinds?.length) conditions.push(`t.kind = ANY(${parameter(filter.kinds)}::"TicketKind"[])`);
  return conditions;
}

async function readPages(context: Context, customerIds: string[], request: CustomerTicketRequest): Promise<Map<string, CustomerTicketPage>> {
  const values: unknown[] = [customerIds, viewerOf(context).tenantId];
  const parameter = (value: unknown) => `$${values.push(value)}`;
  const matching = ['t."tenantId" = $2', 't."customerId" = wanted.id', ...filterConditions(request.filter, parameter)];
  const window = keysetWindow(CUSTOMER_TICKETS_ORDER, request, parameter);
  const count = request.withCount
    ? `CROSS JOIN LATERAL (SELECT count(*)::int AS "totalCount" FROM "Ticket" t WHERE ${matching.join(' AND ')}) counted`
    : 'CROSS JOIN (SELECT NULL::int AS "totalCount") counted';
  // Each customer's page is its own index range scan (tenant, customer, newest first); a customer
  // without tickets on it still has a row, with the count.
  const rows = await context.sql.query<{ pageOf: string; totalCount: number | null } & Partial<TicketRow>>(
    `SELECT wanted.id::text AS "pageOf", counted."totalCount", page.* FROM unnest($1::uuid[]) AS wanted(id)
     ${count}
     LEFT JOIN LATERAL (
       SELECT ${ticketColumns(new Set(request.fields), ['createdAt'])} FROM "Ticket" t
       WHERE ${[...matching, ...window.conditions].join(' AND ')}
       ORDER BY ${window.orderBy} LIMIT ${Number(window.limit)}
     ) page ON true`,
    values,
  );
  const pages = new Map<string, CustomerTicketPage>();
  for (const { pageOf, totalCount, ...ticket } of rows) {
    const page = pages.get(pageOf) ?? { tickets: [], totalCount };
    if (ticket.id != null) page.tickets.push(ticket as TicketRow);
    pages.set(pageOf, page);
  }
  return pages;
}

async function readCounts(context: Context, customerIds: string[], filter: CustomerTicketFilter): Promise<Map<string, number>> {
  const values: unknown[] = [customerIds, viewerOf(context).tenantId];
  const conditions = filterConditions(filter, (value) => `$${values.push(value)}`);
  const rows = await context.sql.query<{ customerId: string; count: number }>(
    `SELECT t."customerId"::text AS "customerId", count(*)::int AS count FROM "Ticket" t
     WHERE ${['t."tenantId" = $2', 't."customerId" = ANY($1::uuid[])', ...conditions].join(' AND ')}
     GROUP BY t."customerId"`,
    values,
  );
  return new Map(rows.map((row) => [row.customerId, row.count]));
}

async function readServiceFacts(context: Context, customerIds: readonly string[]): Promise<Map<string, ServiceFacts>> {
  const rows = await context.sql<{ customerId: string; openTickets: number; lastComplaintAt: Date | null }>`
    SELECT t."customerId"::text AS "customerId",
           (count(*) FILTER (WHERE t.status::text = ANY(${[...OPEN_STATUSES]}::text[])))::int AS "openTickets",
           max(t."createdAt") FILTER (WHERE t.kind = 'COMPLAINT') AS "lastComplaintAt"
    FROM "Ticket" t
    WHERE t."tenantId" = ${viewerOf(context).tenantId} AND t."customerId" = ANY(${[...customerIds]}::uuid[])
    GROUP BY t."customerId"`;
  return new Map(rows.map((row) => [row.customerId, { openTickets: row.openTickets, lastComplaintAt: row.lastComplaintAt }]));
}
