import { z } from 'zod';
import type { Builder, Context, CustomerKind, Prisma, TenantDb } from '../../../src/plugin-api.ts';
import { ConflictError, ForbiddenError, NotFoundError, parseInput, SalesActivityKind, ValidationError, viewerOf } from '../../../src/plugin-api.ts';
import { customerGlobalId, resolveCustomerReferences } from '../../profile/plugin.ts';
import { assertMayAssign, assertMayChange, WRITE } from '../access.ts';
import type { PipelineEnums } from '../enums.ts';
import { activityCancelled, activityCompleted, activityScheduled, activityUpdated } from '../events.ts';
import { globalIdOf, parseGlobalId } from '../ids.ts';
import { given, text, userIdSchema } from '../inputs.ts';

const WRITE_ERRORS = [ValidationError, NotFoundError, ConflictError, ForbiddenError];
const EARLIEST = Date.UTC(2000, 0, 1);

const dueAtSchema = z.date().refine((date) => date.getTime() >= EARLIEST, 'must be in 2000 or later');
const durationSchema = z.number().int().min(1, 'must be from 1 to 1440 minutes').max(1440, 'must be from 1 to 1440 minutes');

const scheduleSchema = z.object({
  kind: z.enum(SalesActivityKind),
  subject: text(200),
  notes: text(5000).nullish(),
  dueAt: dueAtSchema,
  durationMinutes: durationSchema.nullish(),
  assigneeId: userIdSchema.nullish(),
  customerId: z.string().nullish(),
  opportunityId: z.string().nullish(),
});
const updateSchema = z.object({
  id: z.string(),
  subject: text(200).nullish(),
  notes: text(5000).nullish(),
  dueAt: dueAtSchema.nullish(),
  durationMinutes: durationSchema.nullish(),
  assigneeId: userIdSchema.nullish(),
});
const completeSchema = z.object({ id: z.string(), outcome: text(2000).nullish() });

type ActivityWithCustomer = Prisma.SalesActivityModel & { customer: { id: string; kind: CustomerKind } | null };

/** Putting tasks, calls and meetings on the agenda, and getting them done. */
export function registerActivityMutations(builder: Builder, enums: PipelineEnums): void {
  const ScheduleInput = builder.inputType('ScheduleActivityInput', {
    description: 'Give a customer, an opportunity, or both (the opportunity must be with that customer).',
    fields: (t) => ({
      kind: t.field({ type: enums.ActivityKind, required: true, description: 'Call, meeting or task.' }),
      subject: t.string({ required: true, description: 'What it is, in a few words, e.g. "Call about the revised quote".' }),
      notes: t.string({ description: 'Longer free text: what to prepare, what to ask.' }),
      dueAt: t.field({ type: 'DateTime', required: true, description: 'When it is due (a meeting: when it starts), with an offset or Z.' }),
      durationMinutes: t.int({ description: 'Calls and meetings: 1 to 1440.' }),
      assigneeId: t.string({ description: 'Default: you. Someone else needs pipeline:manage.' }),
      customerId: t.id({ description: 'The customer it is about (global id of a Person or Organization).' }),
      opportunityId: t.id({ description: 'The opportunity it is about (global id).' }),
    }),
  });
  const UpdateInput = builder.inputType('UpdateActivityInput', {
    description: 'Reschedules, reassigns or edits an OPEN item; only the fields given change, null clears notes and duration.',
    fields: (t) => ({
      id: t.id({ required: true, description: 'The activity (global id); it must be OPEN.' }),
      subject: t.string({ description: 'What it is, in a few words.' }),
      notes: t.string({ description: 'Longer free text.' }),
      dueAt: t.field({ type: 'DateTime', description: 'The new due time, with an offset or Z.' }),
      durationMinutes: t.int({ description: 'Calls and meetings: 1 to 1440.' }),
      assigneeId: t.string({ description: 'The user who is to do it; someone other than you needs pipeline:manage.' }),
    }),
  });
  const CompleteInput = builder.inputType('CompleteActivityInput', {
    description: 'The activity that was done, and what came of it.',
    fields: (t) => ({ id: t.id({ required: true, description: 'The activity (global id); it must be OPEN.' }), outcome: t.string({ description: 'What came of it.' }) }),
  });
  const Payload = builder.objectRef<{ activity: object }>('SalesActivityPayload').implement({
    description: 'The sales activity a mutation scheduled or changed.',
    fields: (t) => ({ activity: t.field({ type: 'SalesActivity', description: 'The activity as stored.', resolve: (payload) => payload.activity }) }),
  });

  builder.mutationFields((t) => ({
    scheduleActivity: t.field({
      type: Payload,
      authScopes: WRITE,
      errors: { types: WRITE_ERRORS },
      description: "Puts a call, meeting or task on a sales rep's agenda (yours by default), about a customer and/or an opportunity.",
      args: { input: t.arg({ type: ScheduleInput, required: true, description: 'What, when, for whom and about what.' }) },
      resolve: async (_root, args, context) => {
        const input = parseInput(scheduleSchema, args.input);
        if (!input.customerId && !input.opportunityId) throw ValidationError.at(['input', 'customerId'], 'give a customer, an opportunity, or both');
        const assigneeId = input.assigneeId ?? viewerOf(context).subject;
        assertMayAssign(context, assigneeId, 'task, call or meeting');
        const activity = await context.mutate(async (db) => {
          const { customer, opportunityId } = await linksOf(context, db, input);
          const created = await db.salesActivity.create({
            data: {
              tenantId: viewerOf(context).tenantId,
              kind: input.kind,
              subject: input.subject,
              notes: input.notes ?? null,
              dueAt: input.dueAt,
              durationMinutes: input.durationMinutes ?? null,
              assigneeId,
              customerId: customer?.id ?? null,
              opportunityId,
              createdById: viewerOf(context).subject,
            },
          });
          await context.events.emit(activityScheduled, {
            ...eventTarget({ ...created, customer }),
            payload: { kind: created.kind, subject: created.subject, dueAt: created.dueAt.toISOString(), assigneeId, opportunityId: opportunityId && globalIdOf('Opportunity', opportunityId) },
          });
          return created;
        });
        return { activity };
      },
    }),

    updateActivity: t.field({
      type: Payload,
      authScopes: WRITE,
      errors: { types: WRITE_ERRORS },
      description: 'Reschedules, reassigns or edits an OPEN activity; a done or cancelled one is a ConflictError.',
      args: { input: t.arg({ type: UpdateInput, required: true, description: 'The activity and the fields to change.' }) },
      resolve: async (_root, args, context) => {
        const input = parseInput(updateSchema, args.input);
        const raw = args.input as object;
        const activity = await context.mutate(async (db) => {
          const current = await openActivity(context, db, input.id);
          const changes: Prisma.SalesActivityUncheckedUpdateInput = {};
          for (const field of ['subject', 'dueAt', 'assigneeId'] as const) {
            if (given(raw, field) && input[field] === null) throw ValidationError.at(['input', field], 'cannot be cleared');
          }
          if (given(raw, 'subject') && input.subject !== current.subject) changes.subject = input.subject!;
          if (given(raw, 'dueAt') && input.dueAt!.getTime() !== current.dueAt.getTime()) changes.dueAt = input.dueAt!;
          if (given(raw, 'notes') && (input.notes ?? null) !== current.notes) changes.notes = input.notes ?? null;
          if (given(raw, 'durationMinutes') && (input.durationMinutes ?? null) !== current.durationMinutes) changes.durationMinutes = input.durationMinutes ?? null;
          if (given(raw, 'assigneeId') && input.assigneeId !== current.assigneeId) {
            assertMayAssign(context, input.assigneeId!, 'task, call or meeting');
            changes.assigneeId = input.assigneeId!;
          }
          const changed = Object.keys(changes).sort();
          if (changed.length === 0) return current;
          const updated = await db.salesActivity.update({ where: { id: current.id }, data: changes });
          await context.events.emit(activityUpdated, { ...eventTarget(current), payload: { kind: updated.kind, subject: updated.subject, changed } });
          return updated;
        });
        return { activity };
      },
    }),

    completeActivity: t.field({
      type: Payload,
      authScopes: WRITE,
      errors: { types: WRITE_ERRORS },
      description: 'Marks an OPEN activity DONE, now, with its outcome.',
      args: { input: t.arg({ type: CompleteInput, required: true, description: 'The activity and its outcome.' }) },
      resolve: async (_root, args, context) => {
        const input = parseInput(completeSchema, args.input);
        const activity = await context.mutate(async (db) => {
          const current = await openActivity(context, db, input.id);
          const done = await db.salesActivity.update({ where: { id: current.id }, data: { status: 'DONE', completedAt: context.clock.now(), outcome: input.outcome ?? null } });
          await context.events.emit(activityCompleted, { ...eventTarget(current), payload: { kind: done.kind, subject: done.subject, outcome: done.outcome } });
          return done;
        });
        return { activity };
      },
    }),

    cancelActivity: t.field({
      type: Payload,
      authScopes: WRITE,
      errors: { types: WRITE_ERRORS },
      description: 'Calls off an OPEN activity (it becomes CANCELLED and stays on record).',
      args: { id: t.arg.id({ required: true, description: 'The activity (global id).' }) },
      resolve: async (_root, args, context) => {
        const activity = await context.mutate(async (db) => {
          const current = await openActivity(context, db, String(args.id), ['id']);
          const cancelled = await db.salesActivity.update({ where: { id: current.id }, data: { status: 'CANCELLED' } });
          await context.events.emit(activityCancelled, { ...eventTarget(current), payload: { kind: cancelled.kind, subject: cancelled.subject } });
          return cancelled;
        });
        return { activity };
      },
    }),
  }));
}

function eventTarget(activity: ActivityWithCustomer) {
  return {
    subjectId: globalIdOf('SalesActivity', activity.id),
    customer: activity.customer ? { id: activity.customer.id, nodeId: customerGlobalId(activity.customer) } : null,
  };
}

/** The customer and opportunity an item is about; the opportunity's customer when only the opportunity is named. */
async function linksOf(context: Context, db: TenantDb, input: { customerId?: string | null; opportunityId?: string | null }) {
  let customer: { id: string; kind: CustomerKind } | null = null;
  if (input.customerId) {
    const [found] = await resolveCustomerReferences(context, [{ id: input.customerId }]);
    if (!found) throw new NotFoundError('Customer', input.customerId);
    customer = found;
  }
  if (!input.opportunityId) return { customer, opportunityId: null };
  const opportunityId = parseGlobalId(input.opportunityId, 'Opportunity', ['input', 'opportunityId']);
  const opportunity = await db.opportunity.findUnique({
    where: { tenantId_id: { tenantId: viewerOf(context).tenantId, id: opportunityId } },
    select: { id: true, customer: { select: { id: true, kind: true } } },
  });
  if (!opportunity) throw new NotFoundError('Opportunity', input.opportunityId);
  if (customer && customer.id !== opportunity.customer.id) throw ValidationError.at(['input', 'opportunityId'], 'is an opportunity of another customer');
  return { customer: customer ?? opportunity.customer, opportunityId: opportunity.id };
}

/** An OPEN item the viewer may change (its assignee, or a manager), locked until commit. */
async function openActivity(context: Context, db: TenantDb, globalId: string, path = ['input', 'id']): Promise<ActivityWithCustomer> {
  const id = parseGlobalId(globalId, 'SalesActivity', path);
  const tenantId = viewerOf(context).tenantId;
  await db.$executeRaw`SELECT 1 FROM "SalesActivity" WHERE "tenantId" = ${tenantId} AND id = ${id}::uuid FOR UPDATE`;
  const activity = await db.salesActivity.findUnique({ where: { tenantId_id: { tenantId, id } }, include: { customer: { select: { id: true, kind: true } } } });
  if (!activity) throw new NotFoundError('SalesActivity', globalId);
  assertMayChange(context, activity.assigneeId, 'task, call or meeting');
  if (activity.status !== 'OPEN') throw new ConflictError(`It is already ${activity.status}`);
  return activity;
}
