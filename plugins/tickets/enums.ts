import type { Builder } from '../../src/plugin-api.ts';
import { TicketAuthor, TicketChannel, TicketKind, TicketMessageKind, TicketPriority, TicketStatus } from './store/enums.ts';

/** The service area's enums, registered once and shared by its types. */
export function registerTicketEnums(builder: Builder) {
  return {
    Status: builder.enumType(TicketStatus, {
      name: 'TicketStatus',
      description: 'NEW → OPEN ⇄ PENDING_CUSTOMER, ESCALATED, → RESOLVED → CLOSED (final) or REOPENED. `Ticket.allowedTransitions` lists the legal moves.',
      values: {
        NEW: { description: 'Just opened; nobody has worked on it yet.' },
        OPEN: { description: 'Being worked on by the service team.' },
        PENDING_CUSTOMER: { description: 'Waiting for the customer to answer; the SLA clock is paused.' },
        ESCALATED: { description: 'Moved to a higher-level queue because it was at risk of breaching, or breached, its SLA.' },
        RESOLVED: { description: 'Solved, as far as the team can tell; the customer may still come back (REOPENED).' },
        CLOSED: { description: 'Finished for good; it can no longer change.' },
        REOPENED: { description: 'Was resolved, and the customer came back: being worked on again.' },
      },
    }),
    Priority: builder.enumType(TicketPriority, {
      name: 'TicketPriority',
      description: 'How urgent the ticket is; the SLA policy and the queue order depend on it.',
      values: {
        LOW: { description: 'Can wait: no harm while it does.' },
        NORMAL: { description: 'The usual priority.' },
        HIGH: { description: 'Hurts the customer while it waits: handle before NORMAL.' },
        URGENT: { description: 'Handle now: the customer cannot work, buy or use the product.' },
      },
    }),
    Kind: builder.enumType(TicketKind, {
      name: 'TicketKind',
      description: 'The roots of the typification: each tenant configures the categories beneath them.',
      values: {
        QUERY: { description: 'The customer asks for information.' },
        COMPLAINT: { description: 'The customer is unhappy with a service or treatment received.' },
        CLAIM: { description: 'The customer demands redress: a refund, a repair, a replacement.' },
        REQUEST: { description: 'The customer asks for something to be done (a change, a visit, a document).' },
      },
    }),
    Channel: builder.enumType(TicketChannel, {
      name: 'TicketChannel',
      description: 'Where the ticket came from.',
      values: {
        PHONE: { description: 'A call to the service line.' },
        EMAIL: { description: 'An e-mail to the service address.' },
        WEB: { description: 'A form on the website.' },
        CHAT: { description: 'A chat conversation.' },
        SOCIAL: { description: 'A social network message or post.' },
        MOBILE_APP: { description: "The company's mobile app." },
        COMPLAINT_DESK: { description: "A store's complaints or customer-service desk." },
        POINT_OF_SALE: { description: 'A till in a store.' },
        IVR: { description: 'The automated phone menu.' },
      },
    }),
    MessageKind: builder.enumType(TicketMessageKind, {
      name: 'TicketMessageKind',
      description: 'A public reply the customer sees, or an internal note only agents see.',
      values: {
        PUBLIC_REPLY: { description: 'Part of the conversation with the customer, who sees it.' },
        INTERNAL_NOTE: { description: 'For the service team only; the customer never sees it.' },
      },
    }),
    Author: builder.enumType(TicketAuthor, {
      name: 'TicketAuthor',
      description: 'Who wrote a ticket message.',
      values: { AGENT: { description: 'Someone of the service team.' }, CUSTOMER: { description: 'The customer the ticket is for.' } },
    }),
    SlaState: builder.enumType('SlaState', {
      description: 'Where an SLA target stands: running (ON_TRACK, AT_RISK past its warning share), BREACHED, PAUSED while waiting on the customer, or MET.',
      values: {
        ON_TRACK: { description: 'Running, with time to spare.' },
        AT_RISK: { description: "Running, past the policy's warning share of the target." },
        BREACHED: { description: 'The target time passed before it was met.' },
        PAUSED: { description: 'Stopped while the ticket waits for the customer.' },
        MET: { description: 'Achieved in time.' },
      } as const,
    }),
  };
}

export type TicketEnums = ReturnType<typeof registerTicketEnums>;
