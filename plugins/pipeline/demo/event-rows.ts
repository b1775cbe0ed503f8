import type { SeedEvent } from '../../../src/plugin-api.ts';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { customerGlobalId } from '../../profile/plugin.ts';
import * as topics from '../events.ts';
import { leadContactName } from '../leads/lead.ts';
import { DEFAULT_PROBABILITY } from '../stages.ts';
import type { ActivityRow } from './activity-rows.ts';
import type { SeedCustomer } from './customers.ts';
import type { DemoDeal } from './deal-rows.ts';
import type { LeadRow } from './lead-rows.ts';

type Draft = Omit<SeedEvent, 'customerId' | 'customerNodeId' | 'occurredAt'> & { occurredAt: string; customer: SeedCustomer | null };

/**
 * The events the API would have written for the seeded history, with the same payloads, in the
 * order things happened (SeedContext.insertEvents numbers and dates them so).
 */
export function buildEvents(deals: readonly DemoDeal[], leads: readonly LeadRow[], activities: readonly ActivityRow[], customers: ReadonlyMap<string, SeedCustomer>): SeedEvent[] {
  const drafts: Draft[] = [];
  for (const deal of deals) {
    const { row, path, offer, customer } = deal;
    const subjectId = encodeGlobalID('Opportunity', row.id);
    drafts.push({
      topic: topics.opportunityCreated.name,
      subjectId,
      customer,
      actorId: row.ownerId,
      occurredAt: row.createdAt,
      payload: { name: row.name, stage: path.moves[0]!.to, amount: row.amount, currency: row.currency, ownerId: row.ownerId, expectedCloseDate: row.expectedCloseDate },
    });
    for (const [index, move] of path.moves.entries()) {
      if (index === 0) continue;
      const last = index === path.moves.length - 1;
      const topic = move.to === 'CLOSED_WON' ? topics.opportunityWon : move.to === 'CLOSED_LOST' ? topics.opportunityLost : topics.opportunityStageChanged;
      drafts.push({
        topic: topic.name,
        subjectId,
        customer,
        actorId: row.ownerId,
        occurredAt: move.at.toISOString(),
        payload: {
          name: row.name,
          from: move.from,
          to: move.to,
          amount: row.amount,
          currency: row.currency,
          probability: last && row.probability !== null ? row.probability : DEFAULT_PROBABILITY[move.to],
          ownerId: row.ownerId,
          ...(move.to === 'CLOSED_LOST' ? { lostReason: row.lostReason } : {}),
        },
      });
    }
    if (!offer) continue;
    const offerSubject = encodeGlobalID('Offer', offer.row.id);
    const offerFacts = { opportunityId: subjectId, currency: offer.row.currency, total: offer.total };
    drafts.push({ topic: topics.offerCreated.name, subjectId: offerSubject, customer, actorId: row.ownerId, occurredAt: offer.row.createdAt, payload: { ...offerFacts, lines: offer.lines.length } });
    if (offer.row.sentAt) drafts.push({ topic: topics.offerStatusChanged.name, subjectId: offerSubject, customer, actorId: row.ownerId, occurredAt: offer.row.sentAt, payload: { ...offerFacts, from: 'DRAFT', to: 'SENT' } });
    if (offer.row.decidedAt) drafts.push({ topic: topics.offerStatusChanged.name, subjectId: offerSubject, customer, actorId: row.ownerId, occurredAt: offer.row.decidedAt, payload: { ...offerFacts, from: 'SENT', to: offer.row.status } });
  }

  for (const lead of leads) {
    const subjectId = encodeGlobalID('Lead', lead.id);
    const customer = lead.customerId ? customers.get(lead.customerId)! : null;
    drafts.push({ topic: topics.leadCaptured.name, subjectId, customer, actorId: null, occurredAt: lead.createdAt, payload: { source: lead.source, interest: lead.interest, contact: leadContactName(lead) } });
    if (lead.status === 'QUALIFIED') {
      drafts.push({
        topic: topics.leadQualified.name,
        subjectId,
        customer,
        actorId: lead.ownerId,
        occurredAt: lead.qualifiedAt!,
        payload: { opportunityId: encodeGlobalID('Opportunity', lead.opportunityId!), customerId: customerGlobalId(customer!), customerResolution: 'LINKED' },
      });
    }
    if (lead.status === 'DISQUALIFIED') {
      drafts.push({ topic: topics.leadDisqualified.name, subjectId, customer, actorId: lead.ownerId, occurredAt: lead.updatedAt, payload: { reason: lead.disqualificationReason, note: null } });
    }
  }

  for (const activity of activities) {
    const subjectId = encodeGlobalID('SalesActivity', activity.id);
    const customer = customers.get(activity.customerId)!;
    drafts.push({
      topic: topics.activityScheduled.name,
      subjectId,
      customer,
      actorId: activity.createdById,
      occurredAt: activity.createdAt,
      payload: { kind: activity.kind, subject: activity.subject, dueAt: activity.dueAt, assigneeId: activity.assigneeId, opportunityId: encodeGlobalID('Opportunity', activity.opportunityId) },
    });
    if (activity.status === 'DONE') {
      drafts.push({ topic: topics.activityCompleted.name, subjectId, customer, actorId: activity.assigneeId, occurredAt: activity.completedAt!, payload: { kind: activity.kind, subject: activity.subject, outcome: activity.outcome } });
    }
    if (activity.status === 'CANCELLED') {
      drafts.push({ topic: topics.activityCancelled.name, subjectId, customer, actorId: activity.assigneeId, occurredAt: activity.updatedAt, payload: { kind: activity.kind, subject: activity.subject } });
    }
  }

  drafts.sort((a, b) => (a.occurredAt < b.occurredAt ? -1 : a.occurredAt > b.occurredAt ? 1 : 0));
  return drafts.map(({ customer, ...draft }) => ({ ...draft, customerId: customer?.id ?? null, customerNodeId: customer ? customerGlobalId(customer) : null }));
}
