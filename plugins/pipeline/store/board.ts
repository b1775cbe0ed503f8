import type { Context } from '../../../src/plugin-api.ts';
import type { OpportunityStage } from './enums.ts';
import { Decimal } from '../../../src/plugin-api.ts';
import type { OpportunityFilter } from '../opportunities/opportunity-filter.ts';
import type { OpportunityRow } from '../opportunities/opportunity.ts';
import { opportunityFilterSql } from './opportunity-filter-sql.ts';
import { effectiveProbabilitySql, stageProbabilitySql } from './stage-probability-sql.ts';

/** A board's figures: every stage's probability, the sums per stage and currency, and the first cards of each stage. */
export interface BoardFigures {
  probabilities: Map<OpportunityStage, number>;
  totals: { stage: OpportunityStage; currency: string; count: number; amount: string; weightedAmount: string }[];
  /** Soonest expected close first. */
  cards: OpportunityRow[];
}

/** A row of one of the figures statement's parts. */
interface BoardRow {
  part: 'probability' | 'total' | 'card';
  partStage: OpportunityStage;
  partCurrency: string | null;
  partCount: number | null;
  partAmount: string | null;
  partWeighted: string | null;
  cardId: string | null;
}

/**
 * The figures of the board's `stages` for the opportunities `filter` admits, with at most
 * `cardsPerStage` cards per stage, in two statements whatever the number of stages and cards.
 */
export async function readBoardFigures(context: Context, filter: OpportunityFilter, stages: readonly OpportunityStage[], cardsPerStage: number): Promise<BoardFigures> {
  const parameters: unknown[] = [];
  const where = opportunityFilterSql(filter, parameters);
  const stagesParameter = `$${parameters.push(stages)}`;
  const limitParameter = `$${parameters.push(cardsPerStage)}`;
  // Three parts: each stage's probability (in "partCount"), the sums, the card ids.
  const rows = await context.sql.query<BoardRow>(
    `SELECT 'probability' AS part, sp.stage AS "partStage", NULL AS "partCurrency", sp.probability AS "partCount", NULL AS "partAmount", NULL AS "partWeighted", NULL::uuid AS "cardId"
     FROM ${stageProbabilitySql()} sp
     UNION ALL
     SELECT 'total', o.stage, o.currency, count(*)::int, COALESCE(sum(o.amount), 0.00)::text,
            COALESCE(sum(round(o.amount * ${effectiveProbabilitySql('o', 'sp')} / 100.0, 2)), 0.00)::text, NULL
     FROM "Opportunity" o JOIN ${stageProbabilitySql()} sp ON sp.stage = o.stage
     WHERE ${where}
     GROUP BY o.stage, o.currency
     UNION ALL
     SELECT 'card', wanted.stage, NULL, NULL, NULL, NULL, card.id
     FROM unnest(${stagesParameter}::"OpportunityStage"[]) AS wanted(stage)
     CROSS JOIN LATERAL (
       SELECT o.id FROM "Opportunity" o
       WHERE ${where} AND o.stage = wanted.stage
       ORDER BY o."expectedCloseDate", o.id
       LIMIT ${limitParameter}
     ) card`,
    parameters,
  );
  // The cards by id, in a statement of their own: joined to the parts above, the planner cannot
  // tell how few card ids there are and reads every opportunity of the tenant.
  const cardIds = rows.filter((row) => row.part === 'card').map((row) => row.cardId!);
  const cards = cardIds.length === 0 ? [] : await context.sql.query<Omit<OpportunityRow, 'amount'> & { amount: string | null }>(
    `SELECT o.* FROM "Opportunity" o WHERE o."tenantId" = current_setting('app.tenant_id') AND o.id = ANY($1::uuid[]) ORDER BY o."expectedCloseDate", o.id`,
    [cardIds],
  );
  const figures: BoardFigures = { probabilities: new Map(), totals: [], cards: [] };
  for (const { part, partStage, partCurrency, partCount, partAmount, partWeighted } of rows) {
    if (part === 'probability') figures.probabilities.set(partStage, partCount!);
    else if (part === 'total') figures.totals.push({ stage: partStage, currency: partCurrency!, count: partCount!, amount: partAmount!, weightedAmount: partWeighted! });
  }
  // As Prisma reads a card: numeric arrives as text.
  figures.cards = cards.map((card) => ({ ...card, amount: card.amount === null ? null : new Decimal(card.amount) }));
  return figures;
}
