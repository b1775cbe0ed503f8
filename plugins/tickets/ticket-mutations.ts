import type { Builder, Context, TenantDb } from '../../src/plugin-api.ts';
import { ConflictError, ForbiddenError, NotFoundError, parseInput, ValidationError, viewerOf } from '../../src/plugin-api.ts';
import { decodeCustomerId, resolveCustomerReferences } from '../profile/plugin.ts';
import { requireConfigRow } from './config/config-kit.ts';
import { requestConfig } from './config/service-config.ts';
import type { TicketEnums } from './enums.ts';
import { ticketAssigned, ticketUpdated } from './events.ts';
import { globalIdOf, parseGlobalId } from './ids.ts';
import { openTicket } from './open-ticket.ts';
import { checkpoint, type SlaClock, type SlaTargets } from './sla/sla-clock.ts';
import { calendarOf, clockOf, slaColumns, slaSetupFor, targetsOf } from './sla/ticket-sla.ts';
import { assignTicketSchema, changeStatusSchema, createTicketSchema, updateTicketSchema } from './ticket-inputs.ts';
import { moveTicket } from './ticket-lifecycle.ts';
import { lockTicket, saveTicket, ticketEventFrame, ticketFacts, type LockedTicket, type WriteScope } from './ticket-store.ts';

const WRITE = { permission: 'tickets:write' } as const;
export const WRITE_ERRORS = [ValidationError, NotFoundError, ConflictError, ForbiddenError];

/** The write scope of a request: its savepoint's transaction, its events, its viewer, the area's clock. */
export function requestScope(context: Context, db: TenantDb): WriteScope {
  return { db, tenantId: viewerOf(context).tenantId, events: context.events, actorId: viewerOf(context).subject, config: requestConfig(context), now: context.clock.now() };
}

/** The ticket behind a global id, locked for this write; NOT_FOUND for an unknown id or another tenant's. */
export async function requireTicket(scope: WriteScope, globalId: string | number, path: string[]): Promise<LockedTicket> {
  const ticket = await lockTicket(scope, parseGlobalId(globalId, 'Ticket', path));
  if (!ticket) throw new NotFoundError('Ticket', String(globalId));
  return ticket;
}

/** Opening, editing, moving and assigning tickets. */
export function registerTicketMutations(builder: Builder, enums: TicketEnums): void {
  const CreateInput = builder.inputType('CreateTicketInput', {
    description: 'A new case for a customer.',
    fields: (t) => ({
      customerId: t.id({ required: true, description: 'The Person or Organization.' }),
      channel: t.field({ type: enums.Channel, required: true, description: 'Where the case came from.' }),
      categoryId: t.id({ required: true, description: 'An active category; it gives the kind.' }),
      subject: t.string({ required: true, description: 'The case in one line.' }),
      description: t.string({ required: true, description: 'The case in full, as the customer told it.' }),
      priority: t.field({ type: enums.Priority, description: 'Overrides routing; default: the matching rule’s, else NORMAL.' }),
      queueId: t.id({ description: 'Overrides routing; default: the matching rule’s, else the default queue.' }),
      assigneeId: t.string({ description: 'User id of the agent to work on it; unassigned when absent.' }),
    }),
  });
  const UpdateInput = builder.inputType('UpdateTicketInput', {
    description: 'Only the fields given change. A new priority or category applies the SLA policy for it, keeping the time already used.',
    fields: (t) => ({
      id: t.id({ required: true, description: 'The ticket (global id).' }),
      subject: t.string({ description: 'The case in one line.' }),
      description: t.string({ description: 'The case in full.' }),
      priority: t.field({ type: enums.Priority, description: 'A new priority (the SLA policy for it applies).' }),
      categoryId: t.id({ description: 'A new active category (global id); its kind becomes the ticket’s.' }),
      channel: t.field({ type: enums.Channel, description: 'Where the case came from, when it was recorded wrongly.' }),
    }),
  });
  const ChangeStatusInput = builder.inputType('ChangeTicketStatusInput', {
    description: 'The ticket and the status it moves to.',
    fields: (t) => ({
      id: t.id({ required: true, description: 'The ticket (global id).' }),
      status: t.field({ type: enums.Status, required: true, description: 'One of the ticket’s `allowedTransitions`.' }),
      note: t.string({ description: 'Kept in the status history.' }),
    }),
  });
  const AssignInput = builder.inputType('AssignTicketInput', {
    description: 'Only the fields given change; `assigneeId: null` unassigns.',
    fields: (t) => ({
      id: t.id({ required: true, description: 'The ticket (global id).' }),
      queueId: t.id({ description: 'The queue to move it to (global id of an active TicketQueue).' }),
      assigneeId: t.string({ description: 'User id of the agent to work on it; null unassigns.' }),
    }),
  });
  const Payload = builder.objectRef<{ ticket: LockedTicket }>('TicketPayload').implement({
    description: 'The ticket a mutation opened or changed.',
    fields: (t) => ({ ticket: t.field({ type: 'Ticket', description: 'The ticket as stored after the change.', resolve: (payload) => payload.ticket }) }),
  });

  builder.mutationFields((t) => ({
    createTicket: t.field({
      type: Payload,
      authScopes: WRITE,
      errors: { types: WRITE_ERRORS },
      description: 'Opens a ticket; routing rules pick its queue and priority, and its SLA clock starts.',
      args: { input: t.arg({ type: CreateInput, required: true, description: 'The case to open.' }) },
      resolve: async (_root, args, context) => {
        const input = parseInput(createTicketSchema, args.input);
        if (!decodeCustomerId(String(input.customerId))) throw ValidationError.at(['input', 'customerId'], 'is not a customer id');
        const ticket = await context.mutate(async (db) => {
          const [customer] = await resolveCustomerReferences(context, [{ id: String(input.customerId) }]);
          if (!customer) throw new NotFoundError('Customer', String(input.customerId));
          return openTicket(requestScope(context, db), input, customer);
        });
        return { ticket };
      },
    }),
    updateTicket: t.field({
      type: Payload,
      authScopes: WRITE,
      errors: { types: WRITE_ERRORS },
      description: "Edits a ticket's subject, description, priority, category or channel; a CLOSED ticket is a ConflictError.",
      args: { input: t.arg({ type: UpdateInput, required: true, description: 'The ticket and the fields to change.' }) },
      resolve: async (_root, args, context) => {
        const input = parseInput(updateTicketSchema, args.input);
        const ticket = await context.mutate(async (db) => {
          const scope = requestScope(context, db);
          const current = await requireTicket(scope, input.id, ['input', 'id']);
          if (current.status === 'CLOSED') throw new ConflictError(`Ticket #${current.number} is closed`, globalIdOf('Ticket', current.id));
          const category = input.categoryId == null ? null : await requireConfigRow(await scope.config.categories(), input.categoryId, 'TicketCategory', ['input', 'categoryId']);
          if (category && !category.active && category.id !== current.categoryId) throw ValidationError.at(['input', 'categoryId'], 'is an inactive category');
          const next = {
            subject: input.subject ?? current.subject,
            description: input.description ?? current.description,
            priority: input.priority ?? current.priority,
            categoryId: category?.id ?? current.categoryId,
            kind: category?.kind ?? current.kind,
            channel: input.channel ?? current.channel,
          };
          const changed = (Object.keys(next) as (keyof typeof next)[]).filter((field) => next[field] !== current[field]);
          if (changed.length === 0) return current;
          let sla = {};
          if (changed.includes('priority') || changed.includes('categoryId')) {
            // The clock keeps the time already used; the policy for the new priority or category sets the targets.
            const used = checkpoint(clockOf(current), targetsOf(current), await calendarOf(scope.config, current.slaCalendarId), scope.now, { running: current.slaRunning });
            const setup = await slaSetupFor(scope.config, next);
            const targets = targetsOf(setup);
            sla = { ...setup, ...slaColumns(breachesUnder(used, targets, scope.now), targets, await calendarOf(scope.config, setup.slaCalendarId), current.escalationLevel) };
          }
          const saved = await saveTicket(scope, current, { ...next, ...sla });
          await scope.events.emit(ticketUpdated, { ...ticketEventFrame(saved, scope.now), payload: { ...ticketFacts(saved), changed: changed.filter((field) => field !== 'kind') } });
          return saved;
        });
        return { ticket };
      },
    }),
    changeTicketStatus: t.field({
      type: Payload,
      authScopes: WRITE,
      errors: { types: WRITE_ERRORS },
      description: 'Moves a ticket along its lifecycle; an illegal move is a ConflictError that lists the legal ones.',
      args: { input: t.arg({ type: ChangeStatusInput, required: true, description: 'The ticket, its new status and why.' }) },
      resolve: async (_root, args, context) => {
        const input = parseInput(changeStatusSchema, args.input);
        const ticket = await context.mutate(async (db) => {
          const scope = requestScope(context, db);
          return moveTicket(scope, await requireTicket(scope, input.id, ['input', 'id']), input.status, { note: input.note ?? null });
        });
        return { ticket };
      },
    }),
    assignTicket: t.field({
      type: Payload,
      authScopes: WRITE,
      errors: { types: WRITE_ERRORS },
      description: 'Moves a ticket to another queue and/or gives it to an agent (or unassigns it).',
      args: { input: t.arg({ type: AssignInput, required: true, description: 'The ticket, and its new queue and/or assignee.' }) },
      resolve: async (_root, args, context) => {
        const input = parseInput(assignTicketSchema, args.input);
        const given = Object.keys(args.input);
        if (!given.includes('queueId') && !given.includes('assigneeId')) throw ValidationError.at(['input'], 'give a queueId, an assigneeId or both');
        const ticket = await context.mutate(async (db) => {
          const scope = requestScope(context, db);
          const current = await requireTicket(scope, input.id, ['input', 'id']);
          if (current.status === 'CLOSED') throw new ConflictError(`Ticket #${current.number} is closed`, globalIdOf('Ticket', current.id));
          let queueId = current.queueId;
          if (input.queueId != null) {
            const queue = await requireConfigRow(await scope.config.queues(), input.queueId, 'TicketQueue', ['input', 'queueId']);
            if (!queue.active) throw ValidationError.at(['input', 'queueId'], 'is an inactive queue');
            queueId = queue.id;
          } else if (given.includes('queueId')) {
            throw ValidationError.at(['input', 'queueId'], 'a ticket always has a queue');
          }
          const assigneeId = given.includes('assigneeId') ? (input.assigneeId ?? null) : current.assigneeId;
          if (queueId === current.queueId && assigneeId === current.assigneeId) return current;
          const saved = await saveTicket(scope, current, { queueId, assigneeId });
          await scope.events.emit(ticketAssigned, {
            ...ticketEventFrame(saved, scope.now),
            payload: { ...ticketFacts(saved), fromQueueId: globalIdOf('TicketQueue', current.queueId), assigneeId, fromAssigneeId: current.assigneeId },
          });
          return saved;
        });
        return { ticket };
      },
    }),
  }));
}

/**
 * Under new targets, a target the clock has already passed counts as breached from the moment the
 * targets changed: the clock's own history cannot say when it crossed a target it did not have.
 */
function breachesUnder(clock: SlaClock, targets: SlaTargets | null, now: Date): SlaClock {
  if (!targets) return clock;
  const next = { ...clock };
  if (next.firstRespondedAt === null && next.firstResponseBreachedAt === null && next.slaElapsedSeconds > targets.firstResponseMinutes * 60) next.firstResponseBreachedAt = now;
  if (next.resolutionSeconds === null && next.resolutionBreachedAt === null && next.slaElapsedSeconds > targets.resolutionMinutes * 60) next.resolutionBreachedAt = now;
  return next;
}

