import { describe, expect, it } from 'vitest';
import { assessChurn, NO_SIGNALS } from '../scores/churn-risk.ts';

// The churn uplift on its own: 1 − P(alive) × 0.8^complaints × 0.9^open tickets, three of each at most.
const now = new Date('2026-06-30T12:00:00Z');
const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000);
const buyer = { probabilityAlive: 0.6, purchases: 4, recencyDays: 30 };

describe('churn risk', () => {
  it('is 1 − P(alive) without signals, with the model as its one reason', () => {
    expect(assessChurn(buyer, NO_SIGNALS, now)).toEqual({
      churnRisk: 1 - 0.6,
      reasons: [{ code: 'PROBABILITY_ALIVE', text: 'P(alive) 0.60 from 4 purchases, the last 30 days ago' }],
    });
  });

  it('is raised by each recent complaint, a recent complaint ticket and each open ticket, naming them', () => {
    const assessed = assessChurn(buyer, { recentComplaints: 2, lastComplaintAt: daysAgo(12), openTickets: 1, lastComplaintTicketAt: daysAgo(3) }, now);
    expect(assessed.churnRisk).toBeCloseTo(1 - 0.6 * 0.8 ** 3 * 0.9, 12);
    expect(assessed.reasons.map((reason) => reason.text)).toEqual([
      'P(alive) 0.60 from 4 purchases, the last 30 days ago',
      '2 complaints in the last 90 days, the last 12 days ago',
      'complaint ticket opened 3 days ago',
      '1 open ticket',
    ]);
  });

  it('counts at most three complaints and three open tickets, and ignores a complaint ticket older than 90 days', () => {
    const assessed = assessChurn(buyer, { recentComplaints: 7, lastComplaintAt: daysAgo(1), openTickets: 9, lastComplaintTicketAt: daysAgo(120) }, now);
    expect(assessed.churnRisk).toBeCloseTo(1 - 0.6 * 0.8 ** 3 * 0.9 ** 3, 12);
    expect(assessed.reasons.map((reason) => reason.code)).toEqual(['PROBABILITY_ALIVE', 'RECENT_COMPLAINTS', 'OPEN_TICKETS']);
  });

  it('has no risk without a P(alive) to start from', () => {
    expect(assessChurn({ probabilityAlive: null, purchases: 0, recencyDays: null }, { ...NO_SIGNALS, openTickets: 2 }, now)).toEqual({ churnRisk: null, reasons: [] });
  });
});
