import { z } from 'zod';
import type { Builder, Context } from '../../../src/plugin-api.ts';
import { ConflictError, parseInput, ValidationError, viewerOf } from '../../../src/plugin-api.ts';
import { TicketKind, TicketPriority } from '../store/enums.ts';
import type { TicketEnums } from '../enums.ts';
import { slaPolicySaved } from '../events.ts';
import { asUuid, globalIdOf } from '../ids.ts';
import { configChanged, configEvent, MANAGE, MANAGE_ERRORS, requireConfigRow, text } from './config-kit.ts';
import { requestConfig, type PolicyRow } from './service-config.ts';

const READ = { permission: 'tickets:read' } as const;
const A_YEAR_OF_MINUTES = 366 * 24 * 60;

const minutes = z.number().int().min(1, 'must be at least 1 minute').max(A_YEAR_OF_MINUTES, 'must be at most a year');
const warning = z.number().int().min(1, 'must be between 1 and 99').max(99, 'must be between 1 and 99');
const id = z.union([z.string(), z.number()]);

const createSchema = z
  .object({
    name: text(100),
    priority: z.enum(TicketPriority),
    kind: z.enum(TicketKind).nullish(),
    categoryId: id.nullish(),
    firstResponseMinutes: minutes,
    resolutionMinutes: minutes,
    warningPercent: warning.nullish(),
    calendarId: id,
  })
  .refine((input) => input.firstResponseMinutes <= input.resolutionMinutes, { path: ['firstResponseMinutes'], message: 'must not exceed resolutionMinutes' });
const updateSchema = z.object({
  id,
  name: text(100).nullish(),
  firstResponseMinutes: minutes.nullish(),
  resolutionMinutes: minutes.nullish(),
  warningPercent: warning.nullish(),
  calendarId: id.nullish(),
  active: z.boolean().nullish(),
});

/**
 * `SlaPolicy`: first-response and resolution targets for a priority, optionally for a kind or a
 * category and its subcategories, in business time of a calendar. A ticket keeps the targets it was
 * given; editing a policy applies to tickets it is applied to afterwards (creation, a change of
 * priority or category).
 */
export function registerSlaPolicy(builder: Builder, enums: TicketEnums): void {
  builder.prismaNode('SlaPolicy', {
    id: { field: 'id' },
    nullable: true,
    findUnique: (id, context) => ({ tenantId_id: { tenantId: viewerOf(context).tenantId, id: asUuid(id) } }),
    authScopes: READ,
    description: 'Targets for tickets of a priority (and kind or category). The most specific active policy applies: category, then kind, then priority alone.',
    fields: (t) => ({
      name: t.exposeString('name', { description: 'What the policy is, e.g. "Urgent claims".' }),
      priority: t.field({ type: enums.Priority, description: 'The ticket priority it applies to.', resolve: (policy) => policy.priority }),
      kind: t.field({ type: enums.Kind, nullable: true, description: 'The ticket kind it applies to; null: every kind.', resolve: (policy) => policy.kind }),
      category: t.relation('category', { nullable: true, description: 'Applies to this category and its subcategories.' }),
      firstResponseMinutes: t.exposeInt('firstResponseMinutes', { description: 'Business minutes until the first public reply.' }),
      resolutionMinutes: t.exposeInt('resolutionMinutes', { description: 'Business minutes until resolution, not counting time waiting on the customer.' }),
      warningPercent: t.exposeInt('warningPercent', { description: 'Share of a target after which a ticket is at risk (and escalated a first time).' }),
      calendar: t.relation('calendar', { description: 'The working hours and holidays its minutes are counted in.' }),
      active: t.exposeBoolean('active', { description: 'An inactive policy applies to no new ticket.' }),
    }),
  });

  const CreateInput = builder.inputType('CreateSlaPolicyInput', {
    description: 'A new SLA policy: targets for the tickets of one priority, optionally of one kind or category.',
    fields: (t) => ({
      name: t.string({ required: true, description: 'What the policy is, e.g. "Urgent claims".' }),
      priority: t.field({ type: enums.Priority, required: true, description: 'The ticket priority it applies to.' }),
      kind: t.field({ type: enums.Kind, description: 'The ticket kind it applies to; every kind when absent.' }),
      categoryId: t.id({ description: 'Narrows the policy to a category and its subcategories.' }),
      firstResponseMinutes: t.int({ required: true, description: 'Business minutes until the first public reply, above 0.' }),
      resolutionMinutes: t.int({ required: true, description: 'Business minutes until resolution, above 0.' }),
      warningPercent: t.int({ description: 'Share of a target (1 to 99) after which a ticket is at risk; default 80.' }),
      calendarId: t.id({ required: true, description: 'The service calendar (global id) the minutes are counted in.' }),
    }),
  });
  const UpdateInput = builder.inputType('UpdateSlaPolicyInput', {
    description: 'Only the fields given change; what the policy applies to (priority, kind, category) stays: create another policy for another scope.',
    fields: (t) => ({
      id: t.id({ required: true, description: 'The policy (global id).' }),
      name: t.string({ description: 'What the policy is.' }),
      firstResponseMinutes: t.int({ description: 'Business minutes until the first public reply, for tickets opened from now on.' }),
      resolutionMinutes: t.int({ description: 'Business minutes until resolution, for tickets opened from now on.' }),
      warningPercent: t.int({ description: 'Share of a target (1 to 99) after which a ticket is at risk.' }),
      calendarId: t.id({ description: 'The service calendar (global id) the minutes are counted in.' }),
      active: t.boolean({ description: 'False stops it applying to new tickets.' }),
    }),
  });
  const Payload = builder.objectRef<{ policy: PolicyRow }>('SlaPolicyPayload').implement({
    description: 'The SLA policy a mutation created or changed.',
    fields: (t) => ({ policy: t.field({ type: 'SlaPolicy', description: 'The policy as stored.', resolve: (payload) => payload.policy }) }),
  });

  builder.queryField('slaPolicies', (t) =>
    t.prismaField({
      type: ['SlaPolicy'],
      authScopes: READ,
      description: 'The SLA policies, by priority and name.',
      args: { includeInactive: t.arg.boolean({ defaultValue: false, description: 'Also list inactive policies.' }) },
      resolve: (query, _root, args, context) =>
        context.db.slaPolicy.findMany({
          ...query,
          relationLoadStrategy: 'query',
          where: { tenantId: viewerOf(context).tenantId, ...(args.includeInactive ? {} : { active: true }) },
          orderBy: [{ priority: 'desc' }, { name: 'asc' }, { id: 'asc' }],
        }),
    }),
  );

  builder.mutationFields((t) => ({
    createSlaPolicy: t.field({
      type: Payload,
      authScopes: MANAGE,
      errors: { types: MANAGE_ERRORS },
      description: 'Adds an SLA policy; new tickets of its priority (and kind or category) get its targets.',
      args: { input: t.arg({ type: CreateInput, required: true, description: 'The policy to add.' }) },
      resolve: async (_root, args, context) => {
        const input = parseInput(createSchema, args.input);
        const policy = await context.mutate(async (db) => {
          const config = requestConfig(context);
          const calendar = await requireConfigRow(await config.calendars(), input.calendarId, 'ServiceCalendar', ['input', 'calendarId']);
          const category = input.categoryId == null ? null : await requireConfigRow(await config.categories(), input.categoryId, 'TicketCategory', ['input', 'categoryId']);
          if (category && input.kind && category.kind !== input.kind) throw ValidationError.at(['input', 'kind'], `the category is a ${category.kind} category`);
          const scope = { priority: input.priority, kind: category ? null : (input.kind ?? null), categoryId: category?.id ?? null };
          await assertNoActiveTwin(context, scope, null);
          const saved = await db.slaPolicy.create({
            data: {
              tenantId: viewerOf(context).tenantId,
              name: input.name,
              ...scope,
              firstResponseMinutes: input.firstResponseMinutes,
              resolutionMinutes: input.resolutionMinutes,
              warningPercent: input.warningPercent ?? 80,
              calendarId: calendar.id,
            },
          });
          await context.events.emit(slaPolicySaved, configEvent('SlaPolicy', saved.id, { name: saved.name, priority: saved.priority, created: true }));
          return saved;
        });
        configChanged(context);
        return { policy };
      },
    }),
    updateSlaPolicy: t.field({
      type: Payload,
      authScopes: MANAGE,
      errors: { types: MANAGE_ERRORS },
      description: 'Changes an SLA policy; tickets opened before keep the targets they were given.',
      args: { input: t.arg({ type: UpdateInput, required: true, description: 'The policy and the fields to change.' }) },
      resolve: async (_root, args, context) => {
        const input = parseInput(updateSchema, args.input);
        const policy = await context.mutate(async (db) => {
          const config = requestConfig(context);
          const current = await requireConfigRow(new Map((await config.policies()).map((row) => [row.id, row])), input.id, 'SlaPolicy', ['input', 'id']);
          const calendarId = input.calendarId == null ? current.calendarId : (await requireConfigRow(await config.calendars(), input.calendarId, 'ServiceCalendar', ['input', 'calendarId'])).id;
          const firstResponseMinutes = input.firstResponseMinutes ?? current.firstResponseMinutes;
          const resolutionMinutes = input.resolutionMinutes ?? current.resolutionMinutes;
          if (firstResponseMinutes > resolutionMinutes) throw ValidationError.at(['input', 'firstResponseMinutes'], 'must not exceed resolutionMinutes');
          const active = input.active ?? current.active;
          if (active && !current.active) await assertNoActiveTwin(context, current, current.id);
          const saved = await db.slaPolicy.update({
            where: { tenantId_id: { tenantId: viewerOf(context).tenantId, id: current.id } },
            data: { name: input.name ?? current.name, firstResponseMinutes, resolutionMinutes, warningPercent: input.warningPercent ?? current.warningPercent, calendarId, active },
          });
          await context.events.emit(slaPolicySaved, configEvent('SlaPolicy', saved.id, { name: saved.name, priority: saved.priority, created: false }));
          return saved;
        });
        configChanged(context);
        return { policy };
      },
    }),
  }));
}

/** Two active policies for the same scope would make the choice arbitrary. */
async function assertNoActiveTwin(context: Context, scope: Pick<PolicyRow, 'priority' | 'kind' | 'categoryId'>, exceptId: string | null): Promise<void> {
  const twin = (await requestConfig(context).policies()).find(
    (other) => other.active && other.id !== exceptId && other.priority === scope.priority && other.kind === scope.kind && other.categoryId === scope.categoryId,
  );
  if (twin) throw new ConflictError(`The active policy "${twin.name}" already covers this priority and scope`, globalIdOf('SlaPolicy', twin.id));
}
