import type { Builder, Prisma } from '../../../src/plugin-api.ts';
import type { PipelineEnums } from '../enums.ts';

const ORDER_FIELDS = ['EXPECTED_CLOSE_DATE', 'CREATED_AT', 'UPDATED_AT', 'NAME', 'STAGE'] as const;
type OrderField = (typeof ORDER_FIELDS)[number];

const COLUMN_OF: Record<OrderField, keyof Prisma.OpportunityOrderByWithRelationInput> = {
  EXPECTED_CLOSE_DATE: 'expectedCloseDate',
  CREATED_AT: 'createdAt',
  UPDATED_AT: 'updatedAt',
  NAME: 'name',
  STAGE: 'stage',
};

/** `OpportunityOrder`: how the `opportunities` list is sorted. */
export function registerOpportunityOrder(builder: Builder, enums: PipelineEnums) {
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
  return builder.inputType('OpportunityOrder', {
    description: 'How to sort opportunities.',
    fields: (t) => ({
      field: t.field({ type: OrderField, required: true, description: 'What to sort by.' }),
      direction: t.field({ type: enums.Direction, defaultValue: 'ASC', description: 'Ascending unless given.' }),
    }),
  });
}

/** The Prisma order of a requested order; default expected close date, soonest first. */
export function opportunityOrderBy(order: { field: OrderField; direction?: 'ASC' | 'DESC' | null } | null | undefined): Prisma.OpportunityOrderByWithRelationInput[] {
  const direction = order?.direction === 'DESC' ? 'desc' : 'asc';
  const column = COLUMN_OF[order?.field ?? 'EXPECTED_CLOSE_DATE'];
  // The id breaks ties, so pages neither skip nor repeat deals with equal dates or names.
  return [{ [column]: direction }, { id: direction }];
}
