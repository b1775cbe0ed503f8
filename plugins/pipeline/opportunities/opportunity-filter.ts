import { z } from 'zod';
import type { Builder, Context, Prisma } from '../../../src/plugin-api.ts';
import type { OpportunityStage } from '../store/enums.ts';
import { filterList, parseInput, ValidationError, viewerOf } from '../../../src/plugin-api.ts';
import { decodeCustomerId } from '../../profile/plugin.ts';
import type { OpportunityStatus, PipelineEnums } from '../enums.ts';
import { currencySchema } from '../money.ts';
import { STAGES } from '../stages.ts';

/** The filter of `opportunities` and `pipelineBoard`, as the GraphQL input delivers it. */
export interface OpportunityFilterArgs {
  stages?: readonly OpportunityStage[] | null;
  statuses?: readonly OpportunityStatus[] | null;
  ownerIds?: readonly string[] | null;
  customerId?: string | number | null;
  currency?: string | null;
  expectedCloseFrom?: Date | null;
  expectedCloseTo?: Date | null;
  search?: string | null;
}

/** The filter checked: the customer as a row id, the search as a LIKE pattern. */
export interface OpportunityFilter {
  stages: OpportunityStage[] | null;
  ownerIds: string[] | null;
  customerId: string | null;
  currency: string | null;
  expectedCloseFrom: Date | null;
  expectedCloseTo: Date | null;
  /** Escaped for LIKE: the user's % and _ are literal. */
  namePattern: string | null;
}

const STAGES_OF_STATUS: Record<OpportunityStatus, OpportunityStage[]> = {
  OPEN: STAGES.filter((stage) => stage !== 'CLOSED_WON' && stage !== 'CLOSED_LOST'),
  WON: ['CLOSED_WON'],
  LOST: ['CLOSED_LOST'],
};

const searchSchema = z.string().trim().min(2, 'must have at least 2 characters').max(100, 'must be at most 100 characters');

export function registerOpportunityFilter(builder: Builder, enums: PipelineEnums) {
  return builder.inputType('OpportunityFilter', {
    description: 'All given conditions must hold.',
    fields: (t) => ({
      stages: t.field({ type: [enums.Stage], description: 'Opportunities in any of these stages.' }),
      statuses: t.field({ type: [enums.Status], description: 'OPEN, WON and/or LOST.' }),
      ownerIds: t.stringList({ description: 'Opportunities owned by any of these users.', ...filterList }),
      customerId: t.id({ description: 'The Person or Organization the deals are with.' }),
      currency: t.string({ description: 'ISO 4217.' }),
      expectedCloseFrom: t.field({ type: 'Date', description: 'Expected to close on or after this day.' }),
      expectedCloseTo: t.field({ type: 'Date', description: 'Expected to close on or before this day.' }),
      search: t.string({ description: 'Part of the name, case-insensitive (at least 2 characters).' }),
    }),
  });
}

/** Checks the filter at `path` (e.g. ["filter"]): stages and statuses combine as an intersection. */
export function checkOpportunityFilter(args: OpportunityFilterArgs | null | undefined, path: string[]): OpportunityFilter {
  let stages: OpportunityStage[] | null = args?.stages?.length ? [...args.stages] : null;
  if (args?.statuses?.length) {
    const ofStatuses = new Set(args.statuses.flatMap((status) => STAGES_OF_STATUS[status]));
    stages = (stages ?? [...STAGES]).filter((stage) => ofStatuses.has(stage));
  }
  let customerId: string | null = null;
  if (args?.customerId != null) {
    const decoded = decodeCustomerId(String(args.customerId));
    if (!decoded) throw ValidationError.at([...path, 'customerId'], 'is not a customer id');
    customerId = decoded.id;
  }
  const currency = args?.currency == null ? null : parseInput(currencySchema, args.currency, [...path, 'currency']);
  const search = args?.search == null ? null : parseInput(searchSchema, args.search, [...path, 'search']);
  return {
    stages,
    ownerIds: args?.ownerIds?.length ? [...args.ownerIds] : null,
    customerId,
    currency,
    expectedCloseFrom: args?.expectedCloseFrom ?? null,
    expectedCloseTo: args?.expectedCloseTo ?? null,
    namePattern: search === null ? null : `%${search.replace(/[\\%_]/g, (character) => `\\${character}`)}%`,
  };
}

/** The filter for Prisma queries. */
export function opportunityWhere(filter: OpportunityFilter, context: Context): Prisma.OpportunityWhereInput {
  const where: Prisma.OpportunityWhereInput = { tenantId: viewerOf(context).tenantId };
  if (filter.stages) where.stage = { in: filter.stages };
  if (filter.ownerIds) where.ownerId = { in: filter.ownerIds };
  if (filter.customerId) where.customerId = filter.customerId;
  if (filter.currency) where.currency = filter.currency;
  if (filter.expectedCloseFrom || filter.expectedCloseTo) {
    where.expectedCloseDate = { ...(filter.expectedCloseFrom && { gte: filter.expectedCloseFrom }), ...(filter.expectedCloseTo && { lte: filter.expectedCloseTo }) };
  }
  // `contains` adds the surrounding % itself and leaves the escapes as they are.
  if (filter.namePattern) where.name = { contains: filter.namePattern.slice(1, -1), mode: 'insensitive' };
  return where;
}
