import { z } from 'zod';
import type { Builder, Context } from '../../../src/plugin-api.ts';
import { ConflictError, parseInput, ValidationError, viewerOf } from '../../../src/plugin-api.ts';
import { queueSaved } from '../events.ts';
import { asUuid, globalIdOf } from '../ids.ts';
import { configChanged, configEvent, MANAGE, MANAGE_ERRORS, requireConfigRow, text } from './config-kit.ts';
import { requestConfig, type QueueRow } from './service-config.ts';

const READ = { permission: 'tickets:read' } as const;

const queueFields = {
  name: text(100),
  description: text(1_000).nullish(),
  isDefault: z.boolean().nullish(),
  escalationQueueId: z.union([z.string(), z.number()]).nullish(),
  active: z.boolean().nullish(),
};
const createSchema = z.object(queueFields);
const updateSchema = z.object({ ...queueFields, id: z.union([z.string(), z.number()]), name: queueFields.name.nullish() });

/** `TicketQueue`: a team's queue of tickets, where breached tickets of it escalate to, and its management. */
export function registerQueue(builder: Builder): void {
  builder.prismaNode('TicketQueue', {
    id: { field: 'id' },
    nullable: true,
    findUnique: (id, context) => ({ tenantId_id: { tenantId: viewerOf(context).tenantId, id: asUuid(id) } }),
    authScopes: READ,
    description: 'A team and its queue of tickets.',
    fields: (t) => ({
      name: t.exposeString('name', { description: 'The team as agents know it, e.g. "Claims – level 2".' }),
      description: t.exposeString('description', { nullable: true, description: 'What the queue handles; null when none.' }),
      isDefault: t.exposeBoolean('isDefault', { description: 'Tickets no routing rule sends elsewhere come here.' }),
      active: t.exposeBoolean('active', { description: 'An inactive queue takes no new tickets.' }),
      escalationQueue: t.relation('escalationQueue', { nullable: true, description: 'Where this queue’s tickets go when they breach their SLA.' }),
    }),
  });

  const QueueInput = (name: string, forUpdate: boolean) =>
    builder.inputType(name, {
      description: forUpdate ? 'Only the fields given change.' : 'A new queue: a team that works tickets.',
      fields: (t) => ({
        ...(forUpdate ? { id: t.id({ required: true, description: 'The queue (global id).' }) } : {}),
        name: t.string({ required: !forUpdate, description: 'Unique in the tenant.' }),
        description: t.string({ description: 'What the queue handles.' }),
        isDefault: t.boolean({ description: 'Makes this the default queue (the previous default stops being it).' }),
        escalationQueueId: t.id({ description: 'Where breached tickets go; null keeps them here.' }),
        active: t.boolean({ description: 'False stops routing and assignment to it (default true on creation).' }),
      }),
    });
  const CreateInput = QueueInput('CreateTicketQueueInput', false);
  const UpdateInput = QueueInput('UpdateTicketQueueInput', true);
  const Payload = builder.objectRef<{ queue: QueueRow }>('TicketQueuePayload').implement({
    description: 'The queue a mutation created or changed.',
    fields: (t) => ({ queue: t.field({ type: 'TicketQueue', description: 'The queue as stored.', resolve: (payload) => payload.queue }) }),
  });

  builder.queryField('ticketQueues', (t) =>
    t.prismaField({
      type: ['TicketQueue'],
      authScopes: READ,
      description: 'The service queues, by name.',
      args: { includeInactive: t.arg.boolean({ defaultValue: false, description: 'Also list inactive queues.' }) },
      resolve: (query, _root, args, context) =>
        context.db.ticketQueue.findMany({ ...query, relationLoadStrategy: 'query', where: { tenantId: viewerOf(context).tenantId, ...(args.includeInactive ? {} : { active: true }) }, orderBy: [{ name: 'asc' }, { id: 'asc' }] }),
    }),
  );

  builder.mutationFields((t) => ({
    createTicketQueue: t.field({
      type: Payload,
      authScopes: MANAGE,
      errors: { types: MANAGE_ERRORS },
      description: 'Creates a queue; a name already used is a ConflictError.',
      args: { input: t.arg({ type: CreateInput, required: true, description: 'The queue to create.' }) },
      resolve: async (_root, args, context) => ({ queue: await saveQueue(context, null, parseInput(createSchema, args.input)) }),
    }),
    updateTicketQueue: t.field({
      type: Payload,
      authScopes: MANAGE,
      errors: { types: MANAGE_ERRORS },
      description: 'Only the fields given change; `escalationQueueId: null` removes the escalation queue.',
      args: { input: t.arg({ type: UpdateInput, required: true, description: 'The queue and the fields to change.' }) },
      resolve: async (_root, args, context) => {
        const input = parseInput(updateSchema, args.input);
        return { queue: await saveQueue(context, input.id, input, Object.keys(args.input)) };
      },
    }),
  }));
}

type QueueInput = z.output<typeof createSchema> | z.output<typeof updateSchema>;

async function saveQueue(context: Context, id: string | number | null, input: Partial<QueueInput>, given?: string[]): Promise<QueueRow> {
  const tenantId = viewerOf(context).tenantId;
  const queue = await context.mutate(async (db) => {
    const queues = await requestConfig(context).queues();
    const current = id === null ? null : await requireConfigRow(queues, id, 'TicketQueue', ['input', 'id']);
    const has = (field: string) => (given ? given.includes(field) : input[field as keyof QueueInput] != null);

    let escalationQueueId = current?.escalationQueueId ?? null;
    if (has('escalationQueueId')) {
      escalationQueueId = input.escalationQueueId == null ? null : (await requireConfigRow(queues, input.escalationQueueId, 'TicketQueue', ['input', 'escalationQueueId'])).id;
      if (current && escalationQueueId === current.id) throw ValidationError.at(['input', 'escalationQueueId'], 'must be another queue');
    }
    const name = input.name ?? current?.name;
    const clash = [...queues.values()].find((other) => other.name.toLowerCase() === name!.toLowerCase() && other.id !== current?.id);
    if (clash) throw new ConflictError(`A queue is already named "${clash.name}"`, globalIdOf('TicketQueue', clash.id));
    const isDefault = input.isDefault ?? current?.isDefault ?? false;
    const active = input.active ?? current?.active ?? true;
    if (isDefault && !active) throw ValidationError.at(['input', 'active'], 'the default queue must stay active: make another queue the default first');
    if (current?.isDefault && input.isDefault === false) throw ValidationError.at(['input', 'isDefault'], 'make another queue the default instead');

    if (isDefault && !current?.isDefault) await db.ticketQueue.updateMany({ where: { tenantId, isDefault: true }, data: { isDefault: false } });
    const data = { name: name!, description: has('description') ? (input.description ?? null) : (current?.description ?? null), isDefault, active, escalationQueueId };
    const saved = current
      ? await db.ticketQueue.update({ where: { tenantId_id: { tenantId, id: current.id } }, data })
      : await db.ticketQueue.create({ data: { tenantId, ...data } });
    await context.events.emit(queueSaved, configEvent('TicketQueue', saved.id, { name: saved.name, created: !current }));
    return saved;
  });
  configChanged(context);
  return queue;
}
