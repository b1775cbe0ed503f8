import type { Builder } from '../../../src/plugin-api.ts';
import type { OpportunityStage } from '../store/enums.ts';
import type { PipelineEnums } from '../enums.ts';
import type { MoneyTotal, registerMoneyTotal } from '../money-total.ts';
import { stageNumber } from '../stages.ts';
import type { OpportunityRow } from './opportunity.ts';

export interface BoardColumn {
  stage: OpportunityStage;
  probability: number;
  count: number;
  totals: MoneyTotal[];
  cards: OpportunityRow[];
}

/** `PipelineColumn`: one stage of the board. */
export function registerBoardColumn(builder: Builder, enums: PipelineEnums, MoneyTotalRef: ReturnType<typeof registerMoneyTotal>) {
  return builder.objectRef<BoardColumn>('PipelineColumn').implement({
    description: 'One stage of the board.',
    fields: (t) => ({
      stage: t.field({ type: enums.Stage, description: 'The stage this column shows.', resolve: (column) => column.stage }),
      number: t.int({ description: "The stage's position, 1 to 8.", resolve: (column) => stageNumber(column.stage) }),
      probability: t.exposeInt('probability', { description: "The stage's probability, percent." }),
      count: t.exposeInt('count', { description: 'Opportunities in this stage that match the filter.' }),
      totals: t.field({ type: [MoneyTotalRef], description: 'Per currency, most frequent currencies first.', resolve: (column) => column.totals }),
      cards: t.field({ type: ['Opportunity'], description: 'The first opportunities of the stage, soonest expected close first.', resolve: (column) => column.cards }),
    }),
  });
}
