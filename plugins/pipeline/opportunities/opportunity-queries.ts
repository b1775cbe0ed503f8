import type { Builder, Prisma } from '../../../src/plugin-api.ts';
import { READ } from '../access.ts';
import type { PipelineEnums } from '../enums.ts';
import { checkOpportunityFilter, opportunityWhere, type registerOpportunityFilter } from './opportunity-filter.ts';

const ORDER_FIELDS = ['EXPECTED_CLOSE_DATE', 'CREATED_AT', 'UPDATED_AT', 'NAME', 'STAGE'] as const;
type OrderField = (typeof ORDER_FIELDS)[number];

const COLUMN_OF: Record<OrderField, keyof Prisma.OpportunityOrderByWithRelationInput> = {
  EXPECTED_CLOSE_DATE: 'expectedCloseDate',
  CREATED_AT: 'createdAt',
  UPDATED_AT: 'updatedAt',
  NAME: 'name',
  STAGE: 'stage',
};

/** `opportunities`: every deal of the tenant, filtered and ordered, a page at a time. */
export function registerOpportunityQueries(builder: Builder, enums: PipelineEnums, Filter: ReturnType<typeof registerOpportunityFilter>): void {
  const OrderField = builder.enumType('OpportunityOrderField', {
    description: 'What an opportunity list is sorted by (ties are broken by id).',
    values: {
      EXPECTED_CLOSE_DATE: { description: 'By expected close date.' },
      CREATED_AT: { description: 'By when it was opened.' },
      UPDATED_AT: { description: 'By when it last changed.' },
      NAME: { description: 'Alphabetically by name.' },
      STAGE: { description: 'By stage, in pipeline order.' },
    } satisfies Record<OrderField, { description: string }>,
  });
  const Order = builder.inputType('OpportunityOrder', {
    description: 'How to sort opportunities.',
    fields: (t) => ({
      field: t.field({ type: OrderField, required: true, description: 'What to sort by.' }),
      direction: t.field({ type: enums.Direction, defaultValue: 'ASC', description: 'Ascending unless given.' }),
    }),
  });

  builder.queryField('opportunities', (t) =>
    t.prismaConnection(
      {
        type: 'Opportunity',
        cursor: 'id',
        authScopes: READ,
        description: 'Opportunities of your tenant (every rep sees the whole pipeline); default order: expected close date, soonest first.',
        args: {
          filter: t.arg({ type: Filter, description: 'Which opportunities; all of them when absent.' }),
          orderBy: t.arg({ type: Order, description: 'Sort order; expected close date, soonest first, when absent.' }),
        },
        resolve: (query, _root, args, context) => {
          const where = opportunityWhere(checkOpportunityFilter(args.filter, ['filter']), context);
          const direction = args.orderBy?.direction === 'DESC' ? 'desc' : 'asc';
          const column = COLUMN_OF[args.orderBy?.field ?? 'EXPECTED_CLOSE_DATE'];
          // The id breaks ties, so pages neither skip nor repeat deals with equal dates or names.
          return context.db.opportunity.findMany({ ...query, relationLoadStrategy: 'query', where, orderBy: [{ [column]: direction }, { id: direction }] });
        },
        totalCount: (_connection, args, context) => context.db.opportunity.count({ where: opportunityWhere(checkOpportunityFilter(args.filter, ['filter']), context) }),
      },
      { name: 'OpportunityConnection' },
      { name: 'OpportunityEdge' },
    ),
  );
}
