import type { Builder, Context, Prisma, SalesActivityKind, SalesActivityStatus } from '../../../src/plugin-api.ts';
import { filterList, ValidationError, viewerOf } from '../../../src/plugin-api.ts';
import { decodeCustomerId } from '../../profile/plugin.ts';
import { READ } from '../access.ts';
import type { PipelineEnums } from '../enums.ts';
import { asUuid, parseGlobalId } from '../ids.ts';

/** `SalesActivity` (a task, call or meeting on the agenda) and the `salesActivities` list. */
export function registerSalesActivity(builder: Builder, enums: PipelineEnums): void {
  builder.prismaNode('SalesActivity', {
    id: { field: 'id' },
    nullable: true,
    findUnique: (id, context) => ({ tenantId_id: { tenantId: viewerOf(context).tenantId, id: asUuid(id) } }),
    authScopes: READ,
    description: 'A task, call or meeting on a sales rep\'s agenda, about a customer and/or an opportunity.',
    fields: (t) => ({
      kind: t.field({ type: enums.ActivityKind, description: 'Call, meeting or task.', resolve: (activity) => activity.kind }),
      subject: t.exposeString('subject', { description: 'What it is, in a few words.' }),
      notes: t.exposeString('notes', { nullable: true, description: 'Longer free text; null when none.' }),
      dueAt: t.expose('dueAt', { type: 'DateTime', description: 'When it is due (a meeting: when it starts).' }),
      durationMinutes: t.exposeInt('durationMinutes', { nullable: true, description: 'Calls and meetings: how long, in minutes; null when not planned.' }),
      assigneeId: t.exposeString('assigneeId', { description: 'The user who is to do it.' }),
      customer: t.relation('customer', { nullable: true, description: 'The customer it is about; null when it is only about an opportunity.' }),
      opportunity: t.relation('opportunity', { nullable: true, description: 'The opportunity it is about; null when none.' }),
      status: t.field({ type: enums.ActivityStatus, description: 'Open, done or cancelled.', resolve: (activity) => activity.status }),
      overdue: t.boolean({ description: 'Still open after its due time.', resolve: (activity, _args, context) => activity.status === 'OPEN' && activity.dueAt.getTime() < context.clock.now().getTime() }),
      outcome: t.exposeString('outcome', { nullable: true, description: 'What came of it, recorded when done.' }),
      completedAt: t.expose('completedAt', { type: 'DateTime', nullable: true, description: 'When it was done or cancelled, UTC; null while open.' }),
      createdById: t.exposeString('createdById', { nullable: true, description: 'The user who scheduled it; null for imported ones.' }),
      createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When it was scheduled, UTC.' }),
      updatedAt: t.expose('updatedAt', { type: 'DateTime', description: 'When it last changed, UTC.' }),
    }),
  });

  const Filter = builder.inputType('SalesActivityFilter', {
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

  builder.queryField('salesActivities', (t) =>
    t.prismaConnection(
      {
        type: 'SalesActivity',
        cursor: 'id',
        authScopes: READ,
        description: 'The sales agenda, by due time.',
        args: { filter: t.arg({ type: Filter, description: 'Which activities; all of them when absent.' }) },
        resolve: (query, _root, args, context) => context.db.salesActivity.findMany({ ...query, relationLoadStrategy: 'query', where: activityWhere(args.filter, context), orderBy: [{ dueAt: 'asc' }, { id: 'asc' }] }),
        totalCount: (_connection, args, context) => context.db.salesActivity.count({ where: activityWhere(args.filter, context) }),
      },
      { name: 'SalesActivityConnection' },
      { name: 'SalesActivityEdge' },
    ),
  );
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

function activityWhere(filter: ActivityFilterArgs | null | undefined, context: Context): Prisma.SalesActivityWhereInput {
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
