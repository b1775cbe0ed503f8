import type { Builder, Context } from '../../../src/plugin-api.ts';
import type { OpportunityStage } from '../store/enums.ts';
import { ValidationError } from '../../../src/plugin-api.ts';
import { READ } from '../access.ts';
import type { PipelineEnums } from '../enums.ts';
import { addTotals, type registerMoneyTotal } from '../money-total.ts';
import { stageProbabilities } from '../stage-probabilities.ts';
import { OPEN_STAGES, STAGES } from '../stages.ts';
import { readBoardFigures } from '../store/board.ts';
import { registerBoardColumn, type BoardColumn } from './board-column.ts';
import { checkOpportunityFilter, type OpportunityFilter, type registerOpportunityFilter } from './opportunity-filter.ts';

const MAX_CARDS_PER_STAGE = 50;
const DEFAULT_CARDS_PER_STAGE = 10;

interface Board {
  columns: BoardColumn[];
}

/**
 * `pipelineBoard`: a column per stage with its count, its sums per currency and its first cards.
 * The sums and the cards come from one statement, the cards' customers from one more: the board
 * costs the same few statements for 1 card per column or 50.
 */
export function registerBoard(builder: Builder, enums: PipelineEnums, Filter: ReturnType<typeof registerOpportunityFilter>, MoneyTotalRef: ReturnType<typeof registerMoneyTotal>): void {
  const ColumnRef = registerBoardColumn(builder, enums, MoneyTotalRef);

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
      resolve: (_root, args, context) => {
        const cardsPerStage = args.cardsPerStage ?? DEFAULT_CARDS_PER_STAGE;
        if (cardsPerStage < 0 || cardsPerStage > MAX_CARDS_PER_STAGE) throw ValidationError.at(['cardsPerStage'], `must be from 0 to ${MAX_CARDS_PER_STAGE}`);
        const filter = checkOpportunityFilter(args.filter, ['filter']);
        const stages = filter.stages ? STAGES.filter((stage) => filter.stages!.includes(stage)) : [...OPEN_STAGES];
        return loadBoard(context, { ...filter, stages }, stages, cardsPerStage);
      },
    }),
  );
}

async function loadBoard(context: Context, filter: OpportunityFilter, stages: OpportunityStage[], cardsPerStage: number): Promise<Board> {
  const figures = await readBoardFigures(context, filter, stages, cardsPerStage);
  // The statement read the stage probabilities anyway: the cards' probabilities need no query of their own.
  stageProbabilities(context).prime(figures.probabilities);
  return {
    columns: stages.map((stage) => {
      const totals = figures.totals
        .filter((total) => total.stage === stage)
        .map(({ currency, count, amount, weightedAmount }) => ({ currency, count, amount, weightedAmount }))
        .sort((a, b) => b.count - a.count || a.currency.localeCompare(b.currency));
      return {
        stage,
        probability: figures.probabilities.get(stage)!,
        count: totals.reduce((sum, total) => sum + total.count, 0),
        totals,
        cards: figures.cards.filter((card) => card.stage === stage),
      };
    }),
  };
}
