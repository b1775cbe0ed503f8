import { createContextCache } from '@pothos/core';
import DataLoader from 'dataloader';
import type { Builder, Context } from '../../src/plugin-api.ts';
import type { TicketEnums } from './enums.ts';
import { OPEN_STATUSES } from './ticket-status.ts';
import { viewerOf } from '../../src/plugin-api.ts';

const READ = { permission: 'tickets:read' } as const;

interface ServiceFacts {
  openTickets: number;
  lastComplaintAt: Date | null;
}

/**
 * The service facts of a page of customers, in one statement: counted when read, so they never go
 * stale, and batched, so a list of 100 customers costs the same as one.
 */
const serviceFacts = createContextCache(
  (context: Context) =>
    new DataLoader<string, ServiceFacts>(async (customerIds) => {
      const rows = await context.db.$queryRaw<{ customerId: string; openTickets: number; lastComplaintAt: Date | null }[]>`
        SELECT t."customerId"::text AS "customerId",
               (count(*) FILTER (WHERE t.status::text = ANY(${[...OPEN_STATUSES]}::text[])))::int AS "openTickets",
               max(t."createdAt") FILTER (WHERE t.kind = 'COMPLAINT') AS "lastComplaintAt"
        FROM "Ticket" t
        WHERE t."tenantId" = ${viewerOf(context).tenantId} AND t."customerId" = ANY(${[...customerIds]}::uuid[])
        GROUP BY t."customerId"`;
      const byCustomer = new Map(rows.map((row) => [row.customerId, row]));
      return customerIds.map((id) => byCustomer.get(id) ?? { openTickets: 0, lastComplaintAt: null });
    }),
);

/** `Customer.tickets`, `Customer.openTicketCount` and `Customer.lastComplaintAt`. */
export function registerCustomerTickets(builder: Builder, enums: TicketEnums): void {
  builder.prismaInterfaceField('Customer', 'tickets', (t) =>
    t.relatedConnection(
      'tickets',
      {
        cursor: 'id',
        totalCount: true,
        authScopes: READ,
        description: "The customer's tickets, newest first.",
        args: {
          statuses: t.arg({ type: [enums.Status], description: 'Only these statuses.' }),
          kinds: t.arg({ type: [enums.Kind], description: 'Only these kinds.' }),
        },
        query: (args) => ({
          where: { ...(args.statuses?.length ? { status: { in: args.statuses } } : {}), ...(args.kinds?.length ? { kind: { in: args.kinds } } : {}) },
          orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        }),
      },
      { name: 'CustomerTicketConnection' },
      { name: 'CustomerTicketEdge' },
    ),
  );
  builder.interfaceField('Customer', 'openTicketCount', (t) =>
    t.int({
      authScopes: READ,
      description: 'Tickets not yet resolved (new, open, waiting on the customer, escalated, reopened).',
      resolve: async (customer, _args, context) => (await serviceFacts(context).load((customer as { id: string }).id)).openTickets,
    }),
  );
  builder.interfaceField('Customer', 'lastComplaintAt', (t) =>
    t.field({
      type: 'DateTime',
      nullable: true,
      authScopes: READ,
      description: 'When the customer’s latest complaint ticket was opened.',
      resolve: async (customer, _args, context) => (await serviceFacts(context).load((customer as { id: string }).id)).lastComplaintAt,
    }),
  );
}
