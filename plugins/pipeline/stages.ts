import type { OpportunityStage } from '../../src/plugin-api.ts';

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

/**
 * SQL for a relation `stage_probability(stage, probability, position)`: the tenant's setting for
 * each stage, or the default. Reports and the board join it, so a changed setting moves every
 * weighted figure at once; closed stages ignore settings.
 */
export function stageProbabilitySql(): string {
  const rows = STAGES.map((stage) => `('${stage}'::"OpportunityStage", ${DEFAULT_PROBABILITY[stage]}, ${STAGES.indexOf(stage) + 1})`).join(', ');
  return `(SELECT d.stage, CASE WHEN d.stage IN ('CLOSED_WON', 'CLOSED_LOST') THEN d.probability ELSE COALESCE(s.probability, d.probability) END AS probability, d.position
     FROM (VALUES ${rows}) AS d(stage, probability, position)
     LEFT JOIN "PipelineStageSetting" s ON s."tenantId" = current_setting('app.tenant_id') AND s.stage = d.stage)`;
}

/** SQL for the probability a deal counts for: its owner's estimate while open, else its stage's (joined as `stageProbabilities`). */
export function effectiveProbabilitySql(opportunity: string, stageProbabilities: string): string {
  return `CASE WHEN ${opportunity}.stage IN ('CLOSED_WON', 'CLOSED_LOST') THEN ${stageProbabilities}.probability ELSE COALESCE(${opportunity}.probability, ${stageProbabilities}.probability) END`;
}
