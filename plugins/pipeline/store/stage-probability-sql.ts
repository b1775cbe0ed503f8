import { DEFAULT_PROBABILITY, STAGES } from '../stages.ts';

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
