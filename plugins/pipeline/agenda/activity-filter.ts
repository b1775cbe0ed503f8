import type { Builder, Context, Prisma } from '../../../src/plugin-api.ts';
import type { SalesActivityKind, SalesActivityStatus } from '../store/enums.ts';
import { filterList, ValidationError, viewerOf } from '../../../src/plugin-api.ts';
import { decodeCustomerId } from '../../profile/plugin.ts';
import type { PipelineEnums } from '../enums.ts';
import { parseGlobalId } from '../ids.ts';

/** `SalesActivityFilter`: which items the `salesActivities` list shows. */
export function registerActivityFilter(builder: Builder, enums: PipelineEnums) {
  return builder.inputType('SalesActivityFilter', {
    description: 'All given conditions must hold.',
    fields: (t) => ({
      assigneeIds: t.stringList({ description: 'Activities assigned to any of these users.', ...filterList }),
      customerId: t.id({ description: 'Only activities about this customer (global id).' }),
      opportunityId: t.id({ description: 'Only activities about this opportunity (global id).' }),
      statuses: t.field({ type: [enums.ActivityStatus], description: 'Activities in any of these statuses.' }),
      kinds: t.field({ type: [enums.ActivityKind], description: 'Activities of any of these kinds.' }),
      dueFrom: t.field({ type: 'DateTime', description: 'Due at or after this instant.' }),
      dueBefore: t.field({ type: 'DateTime', description: 'Due before this instant.' }),
    }),
  });
}

interface ActivityFilterArgs {
  assigneeIds?: readonly string[] | null;
  customerId?: string | number | null;
  opportunityId?: string | number | null;
  statuses?: readonly SalesActivityStatus[] | null;
  kinds?: readonly SalesActivityKind[] | null;
  dueFrom?: Date | null;
  dueBefore?: Date | null;
}

export function activityWhere(filter: ActivityFilterArgs | null | undefined, context: Context): Prisma.SalesActivityWhereInput {
  const where: Prisma.SalesActivityWhereInput = { tenantId: viewerOf(context).tenantId };
  if (!filter) return where;
  if (filter.assigneeIds?.length) where.assigneeId = { in: [...filter.assigneeIds] };
  if (filter.customerId != null) {
    const customer = decodeCustomerId(String(filter.customerId));
    if (!customer) throw ValidationError.at(['filter', 'customerId'], 'is not a customer id');
    where.customerId = customer.id;
  }
  if (filter.opportunityId != null) where.opportunityId = parseGlobalId(String(filter.opportunityId), 'Opportunity', ['filter', 'opportunityId']);
  if (filter.statuses?.length) where.status = { in: [...filter.statuses] };
  if (filter.kinds?.length) where.kind = { in: [...filter.kinds] };
  if (filter.dueFrom || filter.dueBefore) where.dueAt = { ...(filter.dueFrom && { gte: filter.dueFrom }), ...(filter.dueBefore && { lt: filter.dueBefore }) };
  return where;
}
