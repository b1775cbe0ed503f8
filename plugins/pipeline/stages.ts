import type { OpportunityStage } from './store/enums.ts';

/** The stages in the order the sales documents number them (1 prospect … 8 closed). */
export const STAGES: readonly OpportunityStage[] = [
  'PROSPECT',
  'POTENTIAL_LEAD',
  'QUALIFICATION',
  'OPPORTUNITY',
  'OFFER_DEVELOPMENT',
  'SHORTLIST',
  'NEGOTIATION',
  'CLOSED_WON',
  'CLOSED_LOST',
];

export const OPEN_STAGES: readonly OpportunityStage[] = STAGES.filter((stage) => !isClosed(stage));

/** 1 to 7 for the open stages; both closed stages are stage 8. */
export function stageNumber(stage: OpportunityStage): number {
  return Math.min(STAGES.indexOf(stage) + 1, 8);
}

export function isClosed(stage: OpportunityStage): boolean {
  return stage === 'CLOSED_WON' || stage === 'CLOSED_LOST';
}

/**
 * Probability of winning, in percent, while a deal sits in a stage. A tenant may set its own for
 * the open stages; closed stages are certain either way.
 */
export const DEFAULT_PROBABILITY: Readonly<Record<OpportunityStage, number>> = {
  PROSPECT: 5,
  POTENTIAL_LEAD: 10,
  QUALIFICATION: 20,
  OPPORTUNITY: 35,
  OFFER_DEVELOPMENT: 50,
  SHORTLIST: 65,
  NEGOTIATION: 80,
  CLOSED_WON: 100,
  CLOSED_LOST: 0,
};
