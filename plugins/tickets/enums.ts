import type { Builder } from '../../src/plugin-api.ts';
import { TicketAuthor, TicketChannel, TicketKind, TicketMessageKind, TicketPriority, TicketStatus } from '../../src/plugin-api.ts';

/** The service area's enums, registered once and shared by its types. */
export function registerTicketEnums(builder: Builder) {
  return {
    Status: builder.enumType(TicketStatus, {
      name: 'TicketStatus',
      description: 'NEW → OPEN ⇄ PENDING_CUSTOMER, ESCALATED, → RESOLVED → CLOSED (final) or REOPENED. `Ticket.allowedTransitions` lists the legal moves.',
    }),
    Priority: builder.enumType(TicketPriority, { name: 'TicketPriority' }),
    Kind: builder.enumType(TicketKind, { name: 'TicketKind', description: 'The roots of the typification: each tenant configures the categories beneath them.' }),
    Channel: builder.enumType(TicketChannel, { name: 'TicketChannel', description: 'Where the ticket came from.' }),
    MessageKind: builder.enumType(TicketMessageKind, { name: 'TicketMessageKind', description: 'A public reply the customer sees, or an internal note only agents see.' }),
    Author: builder.enumType(TicketAuthor, { name: 'TicketAuthor' }),
    SlaState: builder.enumType('SlaState', {
      description: 'Where an SLA target stands: running (ON_TRACK, AT_RISK past its warning share), BREACHED, PAUSED while waiting on the customer, or MET.',
      values: ['ON_TRACK', 'AT_RISK', 'BREACHED', 'PAUSED', 'MET'] as const,
    }),
  };
}

export type TicketEnums = ReturnType<typeof registerTicketEnums>;
