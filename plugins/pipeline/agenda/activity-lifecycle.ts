import type { z } from 'zod';
import type { Context, Prisma, TenantDb } from '../../../src/plugin-api.ts';
import { ConflictError, NotFoundError, ValidationError, viewerOf } from '../../../src/plugin-api.ts';
import { resolveCustomerReferences } from '../../profile/plugin.ts';
import { assertMayAssign, assertMayChange } from '../access.ts';
import { customerOf, optionalCustomerOf, timelineOf, type CustomerKey } from '../customers.ts';
import { activityCancelled, activityCompleted, activityScheduled, activityUpdated } from '../events.ts';
import { globalIdOf, parseGlobalId } from '../ids.ts';
import { given } from '../inputs.ts';
import { lockActivityRow } from '../store/activity-writes.ts';
import type { completeActivitySchema, scheduleActivitySchema, updateActivitySchema } from './activity-inputs.ts';

type ActivityRow = Prisma.SalesActivityModel;
type ActivityWithCustomer = ActivityRow & { customer: CustomerKey | null };

/** Puts a call, meeting or task on an agenda (the viewer's unless a manager names someone), about a customer and/or an opportunity. */
export async function scheduleActivity(context: Context, input: z.output<typeof scheduleActivitySchema>): Promise<ActivityRow> {
  if (!input.customerId && !input.opportunityId) throw ValidationError.at(['input', 'customerId'], 'give a customer, an opportunity, or both');
  const assigneeId = input.assigneeId ?? viewerOf(context).subject;
  assertMayAssign(context, assigneeId, 'task, call or meeting');
  return context.mutate(async (db) => {
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
}

/** Reschedules, reassigns or edits an OPEN item: the fields the client sent (`raw` says which; null clears). */
export function changeActivity(context: Context, input: z.output<typeof updateActivitySchema>, raw: object): Promise<ActivityRow> {
  return context.mutate(async (db) => {
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
}

/** Marks an OPEN item DONE, now, with its outcome. */
export function completeActivity(context: Context, input: z.output<typeof completeActivitySchema>): Promise<ActivityRow> {
  return context.mutate(async (db) => {
    const current = await openActivity(context, db, input.id);
    const done = await db.salesActivity.update({ where: { id: current.id }, data: { status: 'DONE', completedAt: context.clock.now(), outcome: input.outcome ?? null } });
    await context.events.emit(activityCompleted, { ...eventTarget(current), payload: { kind: done.kind, subject: done.subject, outcome: done.outcome } });
    return done;
  });
}

/** Calls off an OPEN item: it becomes CANCELLED and stays on record. */
export function cancelActivity(context: Context, globalId: string): Promise<ActivityRow> {
  return context.mutate(async (db) => {
    const current = await openActivity(context, db, globalId, ['id']);
    const cancelled = await db.salesActivity.update({ where: { id: current.id }, data: { status: 'CANCELLED' } });
    await context.events.emit(activityCancelled, { ...eventTarget(current), payload: { kind: cancelled.kind, subject: cancelled.subject } });
    return cancelled;
  });
}

function eventTarget(activity: ActivityWithCustomer) {
  return { subjectId: globalIdOf('SalesActivity', activity.id), customer: timelineOf(activity.customer) };
}

/** The customer and opportunity an item is about; the opportunity's customer when only the opportunity is named. */
async function linksOf(context: Context, db: TenantDb, input: { customerId?: string | null; opportunityId?: string | null }): Promise<{ customer: CustomerKey | null; opportunityId: string | null }> {
  let customer: CustomerKey | null = null;
  if (input.customerId) {
    const [found] = await resolveCustomerReferences(context, [{ id: input.customerId }]);
    if (!found) throw new NotFoundError('Customer', input.customerId);
    customer = { id: found.id, kind: found.kind };
  }
  if (!input.opportunityId) return { customer, opportunityId: null };
  const opportunityId = parseGlobalId(input.opportunityId, 'Opportunity', ['input', 'opportunityId']);
  const opportunity = await db.opportunity.findUnique({ where: { tenantId_id: { tenantId: viewerOf(context).tenantId, id: opportunityId } }, select: { id: true, customerId: true } });
  if (!opportunity) throw new NotFoundError('Opportunity', input.opportunityId);
  if (customer && customer.id !== opportunity.customerId) throw ValidationError.at(['input', 'opportunityId'], 'is an opportunity of another customer');
  if (customer) return { customer, opportunityId: opportunity.id };
  const ofOpportunity = await customerOf(context, opportunity.customerId);
  return { customer: { id: ofOpportunity.id, kind: ofOpportunity.kind }, opportunityId: opportunity.id };
}

/** An OPEN item the viewer may change (its assignee, or a manager), locked until commit. */
async function openActivity(context: Context, db: TenantDb, globalId: string, path = ['input', 'id']): Promise<ActivityWithCustomer> {
  const id = parseGlobalId(globalId, 'SalesActivity', path);
  const tenantId = viewerOf(context).tenantId;
  await lockActivityRow(db, tenantId, id);
  const activity = await db.salesActivity.findUnique({ where: { tenantId_id: { tenantId, id } } });
  if (!activity) throw new NotFoundError('SalesActivity', globalId);
  assertMayChange(context, activity.assigneeId, 'task, call or meeting');
  if (activity.status !== 'OPEN') throw new ConflictError(`It is already ${activity.status}`);
  const customer = await optionalCustomerOf(context, activity.customerId);
  return { ...activity, customer: customer && { id: customer.id, kind: customer.kind } };
}
