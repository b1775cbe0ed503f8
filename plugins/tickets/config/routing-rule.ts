import { z } from 'zod';
import type { Builder, Context, Prisma } from '../../../src/plugin-api.ts';
import type { Audience, CustomerKind, Lifecycle } from '../../profile/plugin.ts';
import { filterList, parseInput, ValidationError, viewerOf } from '../../../src/plugin-api.ts';
import { TicketChannel, TicketKind, TicketPriority } from '../store/enums.ts';
import type { TicketEnums } from '../enums.ts';
import { routingRuleSaved } from '../events.ts';
import { asUuid, parseGlobalId } from '../ids.ts';
import type { RoutingConditions } from '../routing/routing-rules.ts';
import { configChanged, configEvent, MANAGE, MANAGE_ERRORS, requireConfigRow, text } from './config-kit.ts';
import { requestConfig, type RuleRow } from './service-config.ts';

const READ = { permission: 'tickets:read' } as const;
const AUDIENCES = ['PROSPECT', 'CUSTOMER', 'FORMER_CUSTOMER', 'EMPLOYEE', 'PRESCRIBER', 'KEY_ACCOUNT', 'SUPPLIER'] as const satisfies readonly Audience[];
const LIFECYCLES = ['ACTIVE', 'INACTIVE', 'LOST'] as const satisfies readonly Lifecycle[];
const CUSTOMER_KINDS = ['PERSON', 'ORGANIZATION'] as const satisfies readonly CustomerKind[];

const list = <T extends z.ZodType>(item: T) => z.array(item).max(100, 'must have at most 100 values').nullish();
const conditionsSchema = z.object({
  kinds: list(z.enum(TicketKind)),
  categoryIds: list(z.union([z.string(), z.number()])),
  channels: list(z.enum(TicketChannel)),
  priorities: list(z.enum(TicketPriority)),
  audiences: list(z.enum(AUDIENCES)),
  lifecycles: list(z.enum(LIFECYCLES)),
  countries: list(z.string().trim().toUpperCase().regex(/^[A-Z]{2}$/, 'must be ISO 3166-1 alpha-2, e.g. "ES"')),
  customerKinds: list(z.enum(CUSTOMER_KINDS)),
});
const id = z.union([z.string(), z.number()]);
const createSchema = z.object({
  name: text(100),
  position: z.number().int().min(0).max(1_000_000).nullish(),
  conditions: conditionsSchema.nullish(),
  queueId: id.nullish(),
  priority: z.enum(TicketPriority).nullish(),
  active: z.boolean().nullish(),
});
const updateSchema = createSchema.extend({ id, name: text(100).nullish() });

/** `RoutingRule`: picks the queue and priority of new tickets from their category, channel and customer. */
export function registerRoutingRule(builder: Builder, enums: TicketEnums): void {
  // Enums of the profile area, referred to by name: Pothos resolves a type name when the schema is built.
  const AudienceRef = 'Audience' as unknown as typeof enums.Kind;
  const LifecycleRef = 'Lifecycle' as unknown as typeof enums.Kind;
  const CustomerKindRef = 'CustomerKind' as unknown as typeof enums.Kind;

  const ConditionsRef = builder.objectRef<RoutingConditions>('RoutingConditions').implement({
    description: 'Every list given must contain the ticket’s (or its customer’s) value; an empty rule matches every ticket.',
    fields: (t) => ({
      kinds: t.field({ type: [enums.Kind], nullable: true, description: "The ticket's kind is one of these; null: any kind.", resolve: (conditions) => conditions.kinds ?? null }),
      categories: t.field({
        type: ['TicketCategory'],
        nullable: true,
        description: 'The ticket’s category or one of its ancestors.',
        resolve: async (conditions, _args, context) => {
          if (!conditions.categoryIds) return null;
          const categories = await requestConfig(context).categories();
          return conditions.categoryIds.flatMap((categoryId) => categories.get(categoryId) ?? []);
        },
      }),
      channels: t.field({ type: [enums.Channel], nullable: true, description: 'The ticket came through one of these channels; null: any channel.', resolve: (conditions) => conditions.channels ?? null }),
      priorities: t.field({ type: [enums.Priority], nullable: true, description: 'The priority given on creation (NORMAL when none).', resolve: (conditions) => conditions.priorities ?? null }),
      audiences: t.field({ type: [AudienceRef], nullable: true, description: 'The customer is in at least one.', resolve: (conditions) => (conditions.audiences ?? null) as never }),
      lifecycles: t.field({ type: [LifecycleRef], nullable: true, description: "The customer's lifecycle is one of these; null: any.", resolve: (conditions) => (conditions.lifecycles ?? null) as never }),
      countries: t.stringList({ nullable: true, description: "The customer's country is one of these (ISO 3166-1 alpha-2); null: any.", resolve: (conditions) => conditions.countries ?? null }),
      customerKinds: t.field({ type: [CustomerKindRef], nullable: true, description: 'The customer is a person, or an organization; null: either.', resolve: (conditions) => (conditions.customerKinds ?? null) as never }),
    }),
  });

  builder.prismaNode('RoutingRule', {
    id: { field: 'id' },
    nullable: true,
    findUnique: (id, context) => ({ tenantId_id: { tenantId: viewerOf(context).tenantId, id: asUuid(id) } }),
    authScopes: READ,
    description: 'A routing rule. New tickets take the first active rule, by position, whose conditions all hold.',
    fields: (t) => ({
      name: t.exposeString('name', { description: 'What the rule is for, e.g. "Key accounts to level 2".' }),
      position: t.exposeInt('position', { description: 'Lower runs first.' }),
      active: t.exposeBoolean('active', { description: 'An inactive rule is skipped.' }),
      conditions: t.field({ type: ConditionsRef, description: 'What a new ticket must match for the rule to apply.', resolve: (rule) => rule.conditions as RoutingConditions }),
      queue: t.relation('queue', { nullable: true, description: 'Where matching tickets go; null leaves the default queue.' }),
      priority: t.field({ type: enums.Priority, nullable: true, description: 'The priority matching tickets get; null leaves the one given.', resolve: (rule) => rule.priority }),
    }),
  });

  const ConditionsInput = builder.inputType('RoutingConditionsInput', {
    description: 'What a new ticket must match; a list left out matches anything.',
    fields: (t) => ({
      kinds: t.field({ type: [enums.Kind], description: "The ticket's kind is one of these." }),
      categoryIds: t.idList({ description: 'Matches these categories and their subcategories.', ...filterList }),
      channels: t.field({ type: [enums.Channel], description: 'The ticket came through one of these channels.' }),
      priorities: t.field({ type: [enums.Priority], description: 'The priority given on creation (NORMAL when none) is one of these.' }),
      audiences: t.field({ type: [AudienceRef], description: 'The customer is in at least one of these audiences.' }),
      lifecycles: t.field({ type: [LifecycleRef], description: "The customer's lifecycle is one of these." }),
      countries: t.field({ type: ['CountryCode'], description: "The customer's country is one of these (ISO 3166-1 alpha-2).", ...filterList }),
      customerKinds: t.field({ type: [CustomerKindRef], description: 'The customer is a person, or an organization.' }),
    }),
  });
  const fields = (t: Parameters<Parameters<typeof builder.inputType>[1]['fields']>[0], forUpdate: boolean) => ({
    name: t.string({ required: !forUpdate, description: 'What the rule is for.' }),
    position: t.int({ description: 'Default: after the last rule.' }),
    conditions: t.field({ type: ConditionsInput, description: 'Replaced as a whole when given.' }),
    queueId: t.id({ description: 'Where matching tickets go (global id of an active TicketQueue).' }),
    priority: t.field({ type: enums.Priority, description: 'The priority matching tickets get.' }),
    active: t.boolean({ description: 'False makes routing skip the rule (default true on creation).' }),
  });
  const CreateInput = builder.inputType('CreateRoutingRuleInput', { description: 'Give a queue, a priority or both.', fields: (t) => fields(t, false) });
  const UpdateInput = builder.inputType('UpdateRoutingRuleInput', {
    description: 'Only the fields given change; `queueId: null` or `priority: null` removes it.',
    fields: (t) => ({ id: t.id({ required: true, description: 'The rule (global id).' }), ...fields(t, true) }),
  });
  const Payload = builder.objectRef<{ rule: RuleRow }>('RoutingRulePayload').implement({
    description: 'The routing rule a mutation created or changed.',
    fields: (t) => ({ rule: t.field({ type: 'RoutingRule', description: 'The rule as stored.', resolve: (payload) => payload.rule }) }),
  });

  builder.queryField('routingRules', (t) =>
    t.prismaField({
      type: ['RoutingRule'],
      authScopes: READ,
      description: 'In the order they are tried.',
      args: { includeInactive: t.arg.boolean({ defaultValue: false, description: 'Also list inactive rules.' }) },
      resolve: (query, _root, args, context) =>
        context.db.routingRule.findMany({
          ...query,
          relationLoadStrategy: 'query',
          where: { tenantId: viewerOf(context).tenantId, ...(args.includeInactive ? {} : { active: true }) },
          orderBy: [{ position: 'asc' }, { id: 'asc' }],
        }),
    }),
  );

  builder.mutationFields((t) => ({
    createRoutingRule: t.field({
      type: Payload,
      authScopes: MANAGE,
      errors: { types: MANAGE_ERRORS },
      description: 'Adds a routing rule: new tickets that match it go to its queue and/or get its priority.',
      args: { input: t.arg({ type: CreateInput, required: true, description: 'The rule to add.' }) },
      resolve: async (_root, args, context) => ({ rule: await saveRule(context, null, parseInput(createSchema, args.input), Object.keys(args.input)) }),
    }),
    updateRoutingRule: t.field({
      type: Payload,
      authScopes: MANAGE,
      errors: { types: MANAGE_ERRORS },
      description: 'Changes a routing rule; tickets already routed keep their queue and priority.',
      args: { input: t.arg({ type: UpdateInput, required: true, description: 'The rule and the fields to change.' }) },
      resolve: async (_root, args, context) => {
        const input = parseInput(updateSchema, args.input);
        return { rule: await saveRule(context, input.id, input, Object.keys(args.input)) };
      },
    }),
  }));
}

async function saveRule(context: Context, id: string | number | null, input: z.output<typeof updateSchema> | z.output<typeof createSchema>, given: string[]): Promise<RuleRow> {
  const tenantId = viewerOf(context).tenantId;
  const rule = await context.mutate(async (db) => {
    const config = requestConfig(context);
    const rules = await config.rules();
    const current = id === null ? null : await requireConfigRow(new Map(rules.map((row) => [row.id, row])), id, 'RoutingRule', ['input', 'id']);
    const queueId = given.includes('queueId')
      ? input.queueId == null
        ? null
        : (await requireConfigRow(await config.queues(), input.queueId, 'TicketQueue', ['input', 'queueId'])).id
      : (current?.queueId ?? null);
    const priority = given.includes('priority') ? (input.priority ?? null) : (current?.priority ?? null);
    if (queueId === null && priority === null) throw ValidationError.at(['input', 'queueId'], 'a rule must set a queue, a priority or both');
    const conditions = input.conditions ? await storedConditions(context, input.conditions) : ((current?.conditions as Prisma.InputJsonValue | undefined) ?? {});
    const position = input.position ?? current?.position ?? (rules.length ? Math.max(...rules.map((row) => row.position)) + 10 : 10);
    const data = { name: input.name ?? current!.name, position, conditions, queueId, priority, active: input.active ?? current?.active ?? true };
    const saved = current ? await db.routingRule.update({ where: { tenantId_id: { tenantId, id: current.id } }, data }) : await db.routingRule.create({ data: { tenantId, ...data } });
    await context.events.emit(routingRuleSaved, configEvent('RoutingRule', saved.id, { name: saved.name, position: saved.position, active: saved.active, created: !current }));
    return saved;
  });
  configChanged(context);
  return rule;
}

/** Conditions as stored: empty lists dropped, category global ids resolved to this tenant's row ids. */
async function storedConditions(context: Context, conditions: z.output<typeof conditionsSchema>): Promise<Prisma.InputJsonValue> {
  const stored: Record<string, string[]> = {};
  for (const [key, values] of Object.entries(conditions)) {
    if (!values?.length || key === 'categoryIds') continue;
    stored[key] = [...new Set(values.map(String))];
  }
  if (conditions.categoryIds?.length) {
    const categories = await requestConfig(context).categories();
    stored.categoryIds = conditions.categoryIds.map((categoryId, index) => {
      const rowId = parseGlobalId(categoryId, 'TicketCategory', ['input', 'conditions', 'categoryIds', String(index)]);
      if (!categories.has(rowId)) throw ValidationError.at(['input', 'conditions', 'categoryIds', String(index)], 'is not a category of this tenant');
      return rowId;
    });
  }
  return stored;
}
