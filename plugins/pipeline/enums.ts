import type { InputRef } from '@pothos/core';
import type { Builder } from '../../src/plugin-api.ts';
import { LeadDisqualificationReason, LeadSource, LeadStatus, OfferStatus, OpportunityLostReason, OpportunityStage, ProductAvailability, SalesActivityKind, SalesActivityStatus } from './store/enums.ts';

/** Where an opportunity stands, without the detail of the stage. */
export const OPPORTUNITY_STATUSES = ['OPEN', 'WON', 'LOST'] as const;
export type OpportunityStatus = (typeof OPPORTUNITY_STATUSES)[number];

/** The sales area's enums, registered once and handed to the files that use them. */
export function registerPipelineEnums(builder: Builder) {
  return {
    Stage: builder.enumType(OpportunityStage, {
      name: 'OpportunityStage',
      description: 'The pipeline stages in order: 1 prospect, 2 potential lead, 3 qualification, 4 opportunity, 5 offer development, 6 shortlist, 7 negotiation, 8 closed won or closed lost.',
      values: {
        PROSPECT: { description: '1. Someone who might buy: not yet contacted about a concrete need.' },
        POTENTIAL_LEAD: { description: '2. Has shown interest; the need is not yet confirmed.' },
        QUALIFICATION: { description: '3. Need, budget, authority and timing are being checked.' },
        OPPORTUNITY: { description: '4. A confirmed need the company can meet.' },
        OFFER_DEVELOPMENT: { description: '5. An offer is being prepared.' },
        SHORTLIST: { description: "6. The offer is among the few the customer is choosing from." },
        NEGOTIATION: { description: '7. Terms and price are being negotiated.' },
        CLOSED_WON: { description: '8. The customer said yes: the deal is won.' },
        CLOSED_LOST: { description: '8. The deal is lost; `lostReason` says why.' },
      },
    }),
    Status: builder.enumType('OpportunityStatus', {
      description: 'OPEN in stages 1 to 7, WON or LOST once closed.',
      values: {
        OPEN: { description: 'Still being worked: stages 1 to 7.' },
        WON: { description: 'Closed won.' },
        LOST: { description: 'Closed lost.' },
      } satisfies Record<OpportunityStatus, { description: string }>,
    }),
    LostReason: builder.enumType(OpportunityLostReason, {
      name: 'OpportunityLostReason',
      description: 'Why a deal was lost, for the loss analysis.',
      values: {
        PRICE: { description: 'Our price was too high.' },
        COMPETITOR: { description: 'The customer chose a competitor.' },
        NO_BUDGET: { description: 'The customer had no budget for it.' },
        NO_DECISION: { description: 'The customer decided nothing (kept the status quo).' },
        TIMING: { description: 'Not now: the timing did not suit the customer.' },
        PRODUCT_FIT: { description: 'Our products did not fit the need.' },
        UNRESPONSIVE: { description: 'The customer stopped answering.' },
        OTHER: { description: 'Another reason; `lostNote` should say which.' },
      },
    }),
    LeadSource: builder.enumType(LeadSource, {
      name: 'LeadSource',
      description: 'The channel the interest came through.',
      values: {
        WEB_FORM: { description: 'A form on the website.' },
        EVENT: { description: 'A trade fair, a seminar or another event.' },
        PHONE_CALL: { description: 'Someone phoned the company.' },
        EMAIL: { description: 'An e-mail.' },
        REFERRAL: { description: 'Recommended by a customer, a prescriber or a partner.' },
        CAMPAIGN: { description: 'A response to a marketing campaign.' },
        OTHER: { description: 'Anything else; `sourceDetail` may say what.' },
      },
    }),
    LeadStatus: builder.enumType(LeadStatus, {
      name: 'LeadStatus',
      description: 'Where a lead is in its qualification.',
      values: {
        NEW: { description: 'Captured; nobody has worked it yet.' },
        WORKING: { description: 'A sales rep is in contact to qualify it.' },
        QUALIFIED: { description: 'Turned into a customer and an opportunity (`qualifyLead`); no longer editable.' },
        DISQUALIFIED: { description: 'Dropped (`disqualifyLead`), with a reason; `updateLead` can reopen it as WORKING.' },
      },
    }),
    DisqualificationReason: builder.enumType(LeadDisqualificationReason, {
      name: 'LeadDisqualificationReason',
      description: 'Why a lead was dropped.',
      values: {
        NO_BUDGET: { description: 'They cannot pay for it.' },
        NO_NEED: { description: 'They do not need what the company sells.' },
        NO_AUTHORITY: { description: 'The contact cannot decide and the decision maker is out of reach.' },
        BAD_TIMING: { description: 'Interested, but not for the foreseeable future.' },
        COMPETITOR: { description: 'They are committed to a competitor (or are one).' },
        UNREACHABLE: { description: 'Nobody answered.' },
        DUPLICATE: { description: 'The same interest was captured as another lead.' },
        SPAM: { description: 'Not a real enquiry.' },
        OTHER: { description: 'Another reason; the note should say which.' },
      },
    }),
    Availability: builder.enumType(ProductAvailability, {
      name: 'ProductAvailability',
      description: 'Whether the sales force can promise the product; DISCONTINUED products cannot be offered.',
      values: {
        AVAILABLE: { description: 'In stock: can be promised now.' },
        LIMITED: { description: 'Few left: confirm quantities before promising.' },
        ON_REQUEST: { description: 'Made or ordered for each sale: confirm lead time first.' },
        OUT_OF_STOCK: { description: 'None now; can be offered with a later delivery.' },
        DISCONTINUED: { description: 'No longer sold: cannot be added to offers.' },
      },
    }),
    OfferStatus: builder.enumType(OfferStatus, {
      name: 'OfferStatus',
      description: 'DRAFT (lines editable) → SENT → ACCEPTED or REJECTED.',
      values: {
        DRAFT: { description: 'Being prepared: its lines can still be revised.' },
        SENT: { description: 'Sent to the customer, awaiting an answer; no longer editable.' },
        ACCEPTED: { description: 'The customer accepted it.' },
        REJECTED: { description: 'The customer turned it down.' },
      },
    }),
    ActivityKind: builder.enumType(SalesActivityKind, {
      name: 'SalesActivityKind',
      description: 'What kind of follow-up a sales activity is.',
      values: {
        CALL: { description: 'A phone call to make.' },
        MEETING: { description: 'A meeting, in person or online.' },
        TASK: { description: 'Anything else to do (send a document, prepare a quote …).' },
      },
    }),
    ActivityStatus: builder.enumType(SalesActivityStatus, {
      name: 'SalesActivityStatus',
      description: 'Whether a sales activity is still to do.',
      values: {
        OPEN: { description: 'To do; overdue once its due time has passed.' },
        DONE: { description: 'Completed (`completeActivity`).' },
        CANCELLED: { description: 'Called off (`cancelActivity`).' },
      },
    }),
    // The profile's OrderDirection, shared by every list: named, since only its name crosses plugins.
    Direction: 'OrderDirection' as unknown as InputRef<'ASC' | 'DESC'>,
  };
}

export type PipelineEnums = ReturnType<typeof registerPipelineEnums>;
