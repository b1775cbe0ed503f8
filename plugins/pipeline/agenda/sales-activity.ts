import type { Builder, Context, Prisma, SalesActivityKind, SalesActivityStatus } from '../../../src/plugin-api.ts';
import { ValidationError } from '../../../src/plugin-api.ts';
import { decodeCustomerId } from '../../profile/plugin.ts';
import { READ } from '../access.ts';
import type { PipelineEnums } from '../enums.ts';
import { asUuid, parseGlobalId } from '../ids.ts';

/** `SalesActivity` (a task, call or meeting on the agenda) and the `salesActivities` list. */
export function registerSalesActivity(builder: Builder, enums: PipelineEnums): void {
  builder.prismaNode('SalesActivity', {
    id: { field: 'id' },
    nullable: true,
    findUnique: (id, context) => ({ tenantId_id: { tenantId: context.viewer!.tenantId, id: asUuid(id) } }),
    authScopes: READ,
    description: 'A task, call or meeting on a sales rep\'s agenda, about a customer and/or an opportunity.',
    fields: (t) => ({
      kind: t.field({ type: enums.ActivityKind, resolve: (activity) => activity.kind }),
      subject: t.exposeString('subject'),
      notes: t.exposeString('notes', { nullable: true }),
      dueAt: t.expose('dueAt', { type: 'DateTime', description: 'When it is due (a meeting: when it starts).' }),
      durationMinutes: t.exposeInt('durationMinutes', { nullable: true }),
      assigneeId: t.exposeString('assigneeId', { description: 'The user who is to do it.' }),
      customer: t.relation('customer', { nullable: true }),
      opportunity: t.relation('opportunity', { nullable: true }),
      status: t.field({ type: enums.ActivityStatus, resolve: (activity) => activity.status }),
      overdue: t.boolean({ description: 'Still open after its due time.', resolve: (activity) => activity.status === 'OPEN' && activity.dueAt.getTime() < Date.now() }),
      outcome: t.exposeString('outcome', { nullable: true, description: 'What came of it, recorded when done.' }),
      completedAt: t.expose('completedAt', { type: 'DateTime', nullable: true }),
      createdById: t.exposeString('createdById', { nullable: true }),
      createdAt: t.expose('createdAt', { type: 'DateTime' }),
      updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
    }),
  });

  const Filter = builder.inputType('SalesActivityFilter', {
    description: 'All given conditions must hold.',
    fields: (t) => ({
      assigneeIds: t.stringList(),
      customerId: t.id(),
      opportunityId: t.id(),
      statuses: t.field({ type: [enums.ActivityStatus] }),
      kinds: t.field({ type: [enums.ActivityKind] }),
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
        args: { filter: t.arg({ type: Filter }) },
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
  const where: Prisma.SalesActivityWhereInput = { tenantId: context.viewer!.tenantId };
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
