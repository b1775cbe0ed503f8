import type { Builder, Context, OpportunityStage } from '../../../src/plugin-api.ts';
import { selectedFieldNames, ValidationError, viewerOf } from '../../../src/plugin-api.ts';
import { READ } from '../access.ts';
import type { PipelineEnums } from '../enums.ts';
import { addTotals, type MoneyTotal, type registerMoneyTotal } from '../money-total.ts';
import { rowsBySelection } from '../rows-by-selection.ts';
import { stageProbabilities } from '../stage-probabilities.ts';
import { effectiveProbabilitySql, OPEN_STAGES, STAGES, stageNumber, stageProbabilitySql } from '../stages.ts';
import { cardsBySql } from './board-cards.ts';
import { checkOpportunityFilter, opportunityFilterSql, type registerOpportunityFilter } from './opportunity-filter.ts';
import type { OpportunityRow } from './opportunity.ts';

const MAX_CARDS_PER_STAGE = 50;
const DEFAULT_CARDS_PER_STAGE = 10;

interface Board {
  columns: Column[];
  /** Every column's cards come from one query. */
  cards(query: object, ids: readonly string[]): Promise<OpportunityRow[]>;
}

interface Column {
  board: Board;
  stage: OpportunityStage;
  probability: number;
  count: number;
  totals: MoneyTotal[];
  cardIds: string[];
}

interface BoardRow {
  part: 'probability' | 'total' | 'card';
  stage: OpportunityStage;
  currency: string | null;
  count: number | null;
  amount: string | null;
  weighted: string | null;
  id: string | null;
}

/**
 * `pipelineBoard`: a column per stage with its count, its sums per currency and its first cards.
 * The sums and the card ids come from one statement, the cards (with whatever the client selects
 * of them, e.g. their customers) from one query for all columns: the board costs the same few
 * statements for 1 card per column or 50.
 */
export function registerBoard(builder: Builder, enums: PipelineEnums, Filter: ReturnType<typeof registerOpportunityFilter>, MoneyTotalRef: ReturnType<typeof registerMoneyTotal>): void {
  const ColumnRef = builder.objectRef<Column>('PipelineColumn').implement({
    description: 'One stage of the board.',
    fields: (t) => ({
      stage: t.field({ type: enums.Stage, description: 'The stage this column shows.', resolve: (column) => column.stage }),
      number: t.int({ description: "The stage's position, 1 to 8.", resolve: (column) => stageNumber(column.stage) }),
      probability: t.exposeInt('probability', { description: "The stage's probability, percent." }),
      count: t.exposeInt('count', { description: 'Opportunities in this stage that match the filter.' }),
      totals: t.field({ type: [MoneyTotalRef], description: 'Per currency, most frequent currencies first.', resolve: (column) => column.totals }),
      cards: t.prismaField({
        type: ['Opportunity'],
        description: 'The first opportunities of the stage, soonest expected close first.',
        resolve: (query, column) => column.board.cards(query, column.cardIds),
      }),
    }),
  });

  const BoardRef = builder.objectRef<Board>('PipelineBoard').implement({
    description: 'The pipeline as a board of stages.',
    fields: (t) => ({
      columns: t.field({ type: [ColumnRef], description: 'One per stage, in pipeline order.', resolve: (board) => board.columns }),
      totals: t.field({ type: [MoneyTotalRef], description: 'All columns together, per currency.', resolve: (board) => addTotals(board.columns.flatMap((column) => column.totals)) }),
    }),
  });

  builder.queryField('pipelineBoard', (t) =>
    t.field({
      type: BoardRef,
      authScopes: READ,
      description: 'Columns for the open stages (or the stages the filter names), each with its count, sums and first cards.',
      args: {
        filter: t.arg({ type: Filter, description: 'Which opportunities count; all open ones when absent.' }),
        cardsPerStage: t.arg.int({ defaultValue: DEFAULT_CARDS_PER_STAGE, description: `0 to ${MAX_CARDS_PER_STAGE}.` }),
      },
      resolve: async (_root, args, context, info) => {
        const cardsPerStage = args.cardsPerStage ?? DEFAULT_CARDS_PER_STAGE;
        if (cardsPerStage < 0 || cardsPerStage > MAX_CARDS_PER_STAGE) throw ValidationError.at(['cardsPerStage'], `must be from 0 to ${MAX_CARDS_PER_STAGE}`);
        const filter = checkOpportunityFilter(args.filter, ['filter']);
        const stages = filter.stages ? STAGES.filter((stage) => filter.stages!.includes(stage)) : [...OPEN_STAGES];
        return loadBoard(context, { ...filter, stages }, stages, cardsPerStage, selectedFieldNames(info, ['columns', 'cards', 'customer']));
      },
    }),
  );
}

async function loadBoard(
  context: Context,
  filter: ReturnType<typeof checkOpportunityFilter>,
  stages: OpportunityStage[],
  cardsPerStage: number,
  customerFields: ReadonlySet<string>,
): Promise<Board> {
  const parameters: unknown[] = [];
  const where = opportunityFilterSql(filter, parameters);
  const stagesParameter = `$${parameters.push(stages)}`;
  const limitParameter = `$${parameters.push(cardsPerStage)}`;
  // Three parts in one statement: each stage's probability (in `count`), the sums, the card ids.
  const rows = await context.sql.query<BoardRow>(
    `SELECT 'probability' AS part, sp.stage, NULL AS currency, sp.probability AS count, NULL AS amount, NULL AS weighted, NULL AS id
     FROM ${stageProbabilitySql()} sp
     UNION ALL
     SELECT 'total', o.stage, o.currency, count(*)::int, COALESCE(sum(o.amount), 0.00)::text,
            COALESCE(sum(round(o.amount * ${effectiveProbabilitySql('o', 'sp')} / 100.0, 2)), 0.00)::text, NULL
     FROM "Opportunity" o JOIN ${stageProbabilitySql()} sp ON sp.stage = o.stage
     WHERE ${where}
     GROUP BY o.stage, o.currency
     UNION ALL
     SELECT 'card', wanted.stage, NULL, NULL, NULL, NULL, card.id::text
     FROM unnest(${stagesParameter}::"OpportunityStage"[]) AS wanted(stage)
     CROSS JOIN LATERAL (
       SELECT o.id FROM "Opportunity" o
       WHERE ${where} AND o.stage = wanted.stage
       ORDER BY o."expectedCloseDate", o.id
       LIMIT ${limitParameter}
     ) card`,
    parameters,
  );
  const probabilities = new Map(rows.filter((row) => row.part === 'probability').map((row) => [row.stage, row.count!]));
  stageProbabilities(context).prime(probabilities);

  const cardIds = rows.filter((row) => row.part === 'card').map((row) => row.id!);
  // Cards that show more than their customers go through Prisma: known by id, its joined relations
  // cost a lateral join per card only.
  const board: Board = {
    columns: [],
    cards: rowsBySelection(
      cardIds,
      (query, ids) =>
        cardsBySql(context, query, ids, customerFields) ??
        context.db.opportunity.findMany({ ...query, relationLoadStrategy: 'join', where: { tenantId: viewerOf(context).tenantId, id: { in: ids } } }),
    ),
  };
  board.columns = stages.map((stage) => {
    const totals = rows
      .filter((row) => row.part === 'total' && row.stage === stage)
      .map((row) => ({ currency: row.currency!, count: row.count!, amount: row.amount!, weightedAmount: row.weighted! }))
      .sort((a, b) => b.count - a.count || a.currency.localeCompare(b.currency));
    return {
      board,
      stage,
      probability: probabilities.get(stage)!,
      count: totals.reduce((sum, total) => sum + total.count, 0),
      totals,
      cardIds: rows.filter((row) => row.part === 'card' && row.stage === stage).map((row) => row.id!),
    };
  });
  return board;
}
