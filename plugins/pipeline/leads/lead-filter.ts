import { z } from 'zod';
import type { Builder, Context, Prisma } from '../../../src/plugin-api.ts';
import type { LeadSource, LeadStatus } from '../store/enums.ts';
import { filterList, parseInput, viewerOf } from '../../../src/plugin-api.ts';
import type { PipelineEnums } from '../enums.ts';

const searchSchema = z.string().trim().min(2, 'must have at least 2 characters').max(100, 'must be at most 100 characters');

/** `LeadFilter` and `LeadOrder`: which leads the `leads` list shows, and in what order. */
export function registerLeadFilter(builder: Builder, enums: PipelineEnums) {
  const LeadFilter = builder.inputType('LeadFilter', {
    description: 'All given conditions must hold.',
    fields: (t) => ({
      statuses: t.field({ type: [enums.LeadStatus], description: 'Leads in any of these statuses.' }),
      sources: t.field({ type: [enums.LeadSource], description: 'Leads from any of these sources.' }),
      ownerIds: t.stringList({ description: 'Leads owned by any of these users.', ...filterList }),
      unassigned: t.boolean({ description: 'true: only leads nobody owns yet.' }),
      search: t.string({ description: 'Part of the name, company, e-mail or interest (at least 2 characters).' }),
      createdAfter: t.field({ type: 'DateTime', description: 'Leads captured after this instant.' }),
    }),
  });
  const LeadOrderField = builder.enumType('LeadOrderField', {
    description: 'What a lead list is sorted by (ties are broken by id).',
    values: { CREATED_AT: { description: 'By when it was captured.' }, UPDATED_AT: { description: 'By when it last changed.' } } as const,
  });
  const LeadOrder = builder.inputType('LeadOrder', {
    description: 'How to sort leads.',
    fields: (t) => ({
      field: t.field({ type: LeadOrderField, required: true, description: 'What to sort by.' }),
      direction: t.field({ type: enums.Direction, defaultValue: 'DESC', description: 'Descending (newest first) unless given.' }),
    }),
  });
  return { LeadFilter, LeadOrder };
}

interface LeadFilterArgs {
  statuses?: readonly LeadStatus[] | null;
  sources?: readonly LeadSource[] | null;
  ownerIds?: readonly string[] | null;
  unassigned?: boolean | null;
  search?: string | null;
  createdAfter?: Date | null;
}

export function leadWhere(filter: LeadFilterArgs | null | undefined, context: Context): Prisma.LeadWhereInput {
  const where: Prisma.LeadWhereInput = { tenantId: viewerOf(context).tenantId };
  if (!filter) return where;
  if (filter.statuses?.length) where.status = { in: [...filter.statuses] };
  if (filter.sources?.length) where.source = { in: [...filter.sources] };
  if (filter.unassigned) where.ownerId = null;
  else if (filter.ownerIds?.length) where.ownerId = { in: [...filter.ownerIds] };
  if (filter.createdAfter) where.createdAt = { gt: filter.createdAfter };
  if (filter.search != null) {
    // LIKE wildcards typed by the user are literal characters to them.
    const search = parseInput(searchSchema, filter.search, ['filter', 'search']).replace(/[\\%_]/g, (character) => `\\${character}`);
    where.OR = (['companyName', 'firstName', 'lastName', 'email', 'interest'] as const).map((field) => ({ [field]: { contains: search, mode: 'insensitive' } }));
  }
  return where;
}

/** Newest captured first unless told otherwise; the id breaks ties. */
export function leadOrderBy(order: { field: 'CREATED_AT' | 'UPDATED_AT'; direction?: 'ASC' | 'DESC' | null } | null | undefined): Prisma.LeadOrderByWithRelationInput[] {
  const direction = order?.direction === 'ASC' ? 'asc' : 'desc';
  const column = order?.field === 'UPDATED_AT' ? 'updatedAt' : 'createdAt';
  return [{ [column]: direction }, { id: direction }];
}
