import { defineTopic } from '../../src/plugin-api.ts';

/**
 * The sales area's events. Those about a customer's deals, leads, offers and agenda carry the
 * customer, so they appear on `Customer.timeline`; every one is delivered on `Subscription.activity`
 * to readers with `pipeline:read`. Amounts are decimal text ("1250.00").
 */

export interface StageMovePayload extends Record<string, unknown> {
  name: string;
  from: string | null;
  to: string;
  amount: string | null;
  currency: string;
  /** Effective probability after the move, percent. */
  probability: number;
  ownerId: string;
  lostReason?: string | null;
}

export const opportunityCreated = defineTopic<{ name: string; stage: string; amount: string | null; currency: string; ownerId: string; expectedCloseDate: string }>('opportunity.created');
export const opportunityUpdated = defineTopic<{ name: string; changed: string[] }>('opportunity.updated');
export const opportunityStageChanged = defineTopic<StageMovePayload>('opportunity.stageChanged');
export const opportunityWon = defineTopic<StageMovePayload>('opportunity.won');
export const opportunityLost = defineTopic<StageMovePayload>('opportunity.lost');

export const leadCaptured = defineTopic<{ source: string; interest: string; contact: string | null }>('lead.captured');
export const leadUpdated = defineTopic<{ changed: string[]; status: string }>('lead.updated');
export const leadQualified = defineTopic<{ opportunityId: string; customerId: string; customerResolution: string }>('lead.qualified');
export const leadDisqualified = defineTopic<{ reason: string; note: string | null }>('lead.disqualified');

export const offerCreated = defineTopic<{ opportunityId: string; currency: string; total: string; lines: number }>('offer.created');
export const offerRevised = defineTopic<{ opportunityId: string; currency: string; total: string; lines: number }>('offer.revised');
export const offerStatusChanged = defineTopic<{ opportunityId: string; from: string; to: string; currency: string; total: string }>('offer.statusChanged');

export const activityScheduled = defineTopic<{ kind: string; subject: string; dueAt: string; assigneeId: string; opportunityId: string | null }>('agenda.activityScheduled');
export const activityUpdated = defineTopic<{ kind: string; subject: string; changed: string[] }>('agenda.activityUpdated');
export const activityCompleted = defineTopic<{ kind: string; subject: string; outcome: string | null }>('agenda.activityCompleted');
export const activityCancelled = defineTopic<{ kind: string; subject: string }>('agenda.activityCancelled');

export const productCreated = defineTopic<{ sku: string; name: string; availability: string }>('catalog.productCreated');
export const productUpdated = defineTopic<{ sku: string; changed: string[] }>('catalog.productUpdated');
export const priceListCreated = defineTopic<{ name: string; currency: string; isDefault: boolean }>('catalog.priceListCreated');
export const pricesSet = defineTopic<{ priceList: string; currency: string; set: number; removed: number }>('catalog.pricesSet');
export const customerDiscountSet = defineTopic<{ productId: string | null; percent: string | null }>('catalog.customerDiscountSet');
export const stageProbabilitiesSet = defineTopic<{ probabilities: Record<string, number | null> }>('pipeline.stageProbabilitiesSet');

export const pipelineTopics = {
  [opportunityCreated.name]: 'An opportunity was opened for a customer.',
  [opportunityUpdated.name]: "An opportunity's amount, close date, owner, probability or next step changed.",
  [opportunityStageChanged.name]: 'An opportunity moved to another open stage (or was reopened).',
  [opportunityWon.name]: 'An opportunity was closed as won, with its amount.',
  [opportunityLost.name]: 'An opportunity was closed as lost, with the reason.',
  [leadCaptured.name]: 'Interest was captured from a channel (web form, event, call, referral, campaign …).',
  [leadUpdated.name]: "A lead's contact data, owner or working status changed.",
  [leadQualified.name]: 'A lead was qualified: converted into an opportunity for a new or matched customer.',
  [leadDisqualified.name]: 'A lead was disqualified, with the reason.',
  [offerCreated.name]: 'An offer (quote) was drawn up for an opportunity.',
  [offerRevised.name]: "A draft offer's lines were replaced.",
  [offerStatusChanged.name]: 'An offer was sent, accepted or rejected.',
  [activityScheduled.name]: 'A task, call or meeting was put on the agenda.',
  [activityUpdated.name]: 'An agenda item was rescheduled, reassigned or edited.',
  [activityCompleted.name]: 'An agenda item was done.',
  [activityCancelled.name]: 'An agenda item was cancelled.',
  [productCreated.name]: 'A product was added to the catalog.',
  [productUpdated.name]: "A product's details or availability changed.",
  [priceListCreated.name]: 'A price list was created.',
  [pricesSet.name]: "Prices of a price list were set or removed.",
  [customerDiscountSet.name]: "A customer's negotiated discount was set or removed.",
  [stageProbabilitiesSet.name]: "The tenant's probability for pipeline stages changed.",
} as const;
