import type { Builder, Prisma } from '../../../src/plugin-api.ts';
import { ConflictError, ForbiddenError, NotFoundError, parseInput, ValidationError, viewerOf } from '../../../src/plugin-api.ts';
import { READ, WRITE } from '../access.ts';
import { optionalCustomerOf } from '../customers.ts';
import type { PipelineEnums } from '../enums.ts';
import { asUuid } from '../ids.ts';
import { activityWhere, registerActivityFilter } from './activity-filter.ts';
import { completeActivitySchema, registerActivityInputs, scheduleActivitySchema, updateActivitySchema } from './activity-inputs.ts';
import { cancelActivity, changeActivity, completeActivity, scheduleActivity } from './activity-lifecycle.ts';

const WRITE_ERRORS = [ValidationError, NotFoundError, ConflictError, ForbiddenError];

/**
 * `SalesActivity` (a task, call or meeting on the agenda), the `salesActivities` list, and the
 * mutations that put items on the agenda and get them done (activity-lifecycle.ts).
 */
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
      customer: t.field({
        type: 'Customer',
        nullable: true,
        description: 'The customer it is about; null when it is only about an opportunity.',
        resolve: (activity, _args, context) => optionalCustomerOf(context, activity.customerId),
      }),
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

  const Filter = registerActivityFilter(builder, enums);
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

  const inputs = registerActivityInputs(builder, enums);
  const Payload = builder.objectRef<{ activity: Prisma.SalesActivityModel }>('SalesActivityPayload').implement({
    description: 'The sales activity a mutation scheduled or changed.',
    fields: (t) => ({ activity: t.field({ type: 'SalesActivity', description: 'The activity as stored.', resolve: (payload) => payload.activity }) }),
  });

  builder.mutationFields((t) => ({
    scheduleActivity: t.field({
      type: Payload,
      authScopes: WRITE,
      errors: { types: WRITE_ERRORS },
      description: "Puts a call, meeting or task on a sales rep's agenda (yours by default), about a customer and/or an opportunity.",
      args: { input: t.arg({ type: inputs.ScheduleActivityInput, required: true, description: 'What, when, for whom and about what.' }) },
      resolve: async (_root, args, context) => ({ activity: await scheduleActivity(context, parseInput(scheduleActivitySchema, args.input)) }),
    }),
    updateActivity: t.field({
      type: Payload,
      authScopes: WRITE,
      errors: { types: WRITE_ERRORS },
      description: 'Reschedules, reassigns or edits an OPEN activity; a done or cancelled one is a ConflictError.',
      args: { input: t.arg({ type: inputs.UpdateActivityInput, required: true, description: 'The activity and the fields to change.' }) },
      resolve: async (_root, args, context) => ({ activity: await changeActivity(context, parseInput(updateActivitySchema, args.input), args.input) }),
    }),
    completeActivity: t.field({
      type: Payload,
      authScopes: WRITE,
      errors: { types: WRITE_ERRORS },
      description: 'Marks an OPEN activity DONE, now, with its outcome.',
      args: { input: t.arg({ type: inputs.CompleteActivityInput, required: true, description: 'The activity and its outcome.' }) },
      resolve: async (_root, args, context) => ({ activity: await completeActivity(context, parseInput(completeActivitySchema, args.input)) }),
    }),
    cancelActivity: t.field({
      type: Payload,
      authScopes: WRITE,
      errors: { types: WRITE_ERRORS },
      description: 'Calls off an OPEN activity (it becomes CANCELLED and stays on record).',
      args: { id: t.arg.id({ required: true, description: 'The activity (global id).' }) },
      resolve: async (_root, args, context) => ({ activity: await cancelActivity(context, String(args.id)) }),
    }),
  }));
}
