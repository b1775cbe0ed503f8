// Churn risk: the chance that a customer is no longer a customer, from the value model's P(alive),
// raised by signs of discontent the model cannot see (complaints, tickets still open).
//
//   churnRisk = 1 − P(alive) × (1 − COMPLAINT_UPLIFT)^min(complaints, MAX_COUNTED)
//                            × (1 − OPEN_TICKET_UPLIFT)^min(openTickets, MAX_COUNTED)
//
// Each recent complaint takes a fifth of the remaining chance of staying, each open ticket a tenth,
// at most three of each: the uplift never lowers the risk, never reaches 1 on its own, and a customer
// the model is sure of (P(alive) = 1) with three complaints and three open tickets reaches
// 1 − 0.8³ · 0.9³ ≈ 0.63. The weights are a stated judgement, not fitted: the demo history has no
// churn outcomes to fit them on. Complaints are those of the last 90 days: complaint interactions,
// plus a complaint ticket when the tickets area is present.
import { daysBetween } from './purchase-histories.ts';
import { ago, plural } from './wording.ts';

export const COMPLAINT_WINDOW_DAYS = 90;
export const COMPLAINT_UPLIFT = 0.2;
export const OPEN_TICKET_UPLIFT = 0.1;
export const MAX_COUNTED = 3;

export const CHURN_REASON_CODES = ['PROBABILITY_ALIVE', 'RECENT_COMPLAINTS', 'COMPLAINT_TICKET', 'OPEN_TICKETS'] as const;
export type ChurnReasonCode = (typeof CHURN_REASON_CODES)[number];

export interface ChurnReason {
  code: ChurnReasonCode;
  text: string;
}

/** What the customer facts say about a customer's discontent. */
export interface ChurnSignals {
  /** Complaint interactions within the last COMPLAINT_WINDOW_DAYS. */
  recentComplaints: number;
  /** The latest of them. */
  lastComplaintAt: Date | null;
  /** Tickets not yet resolved; null without the tickets area. */
  openTickets: number | null;
  /** The customer's latest complaint ticket, any time; null without one or without the tickets area. */
  lastComplaintTicketAt: Date | null;
}

export const NO_SIGNALS: ChurnSignals = { recentComplaints: 0, lastComplaintAt: null, openTickets: null, lastComplaintTicketAt: null };

export interface ChurnAssessment {
  /** Null when there is no P(alive) to start from (no purchase in the scoring currency). */
  churnRisk: number | null;
  reasons: ChurnReason[];
}

/** The risk and its reasons, for a customer with `purchases` purchases, the last `recencyDays` days ago. */
export function assessChurn(model: { probabilityAlive: number | null; purchases: number; recencyDays: number | null }, signals: ChurnSignals, now: Date): ChurnAssessment {
  if (model.probabilityAlive === null || model.recencyDays === null) return { churnRisk: null, reasons: [] };
  const reasons: ChurnReason[] = [
    {
      code: 'PROBABILITY_ALIVE',
      text: `P(alive) ${model.probabilityAlive.toFixed(2)} from ${plural(model.purchases, 'purchase')}, the last ${ago(model.recencyDays)}`,
    },
  ];
  let complaints = signals.recentComplaints;
  if (signals.recentComplaints > 0 && signals.lastComplaintAt) {
    const when = ago(daysBetween(signals.lastComplaintAt, now));
    reasons.push({
      code: 'RECENT_COMPLAINTS',
      text: signals.recentComplaints === 1 ? `complaint ${when}` : `${signals.recentComplaints} complaints in the last ${COMPLAINT_WINDOW_DAYS} days, the last ${when}`,
    });
  }
  if (signals.lastComplaintTicketAt) {
    const days = daysBetween(signals.lastComplaintTicketAt, now);
    if (days < COMPLAINT_WINDOW_DAYS) {
      complaints += 1;
      reasons.push({ code: 'COMPLAINT_TICKET', text: `complaint ticket opened ${ago(days)}` });
    }
  }
  const openTickets = signals.openTickets ?? 0;
  if (openTickets > 0) reasons.push({ code: 'OPEN_TICKETS', text: plural(openTickets, 'open ticket') });
  const staying =
    model.probabilityAlive * (1 - COMPLAINT_UPLIFT) ** Math.min(complaints, MAX_COUNTED) * (1 - OPEN_TICKET_UPLIFT) ** Math.min(openTickets, MAX_COUNTED);
  return { churnRisk: 1 - staying, reasons };
}
