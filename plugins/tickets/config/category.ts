import { z } from 'zod';
import type { Builder } from '../../../src/plugin-api.ts';
import { ConflictError, parseInput, ValidationError, viewerOf } from '../../../src/plugin-api.ts';
import { TicketKind } from '../store/enums.ts';
import type { TicketEnums } from '../enums.ts';
import { categorySaved } from '../events.ts';
import { asUuid, globalIdOf } from '../ids.ts';
import { configChanged, configEvent, MANAGE, MANAGE_ERRORS, requireConfigRow, text } from './config-kit.ts';
import { lineageOf, requestConfig, type CategoryRow } from './service-config.ts';

const READ = { permission: 'tickets:read' } as const;
/** Kind, then at most four levels beneath it. */
const MAX_DEPTH = 4;

const createSchema = z.object({
  kind: z.enum(TicketKind),
  parentId: z.union([z.string(), z.number()]).nullish(),
  name: text(100),
  script: text(10_000).nullish(),
});
const updateSchema = z.object({
  id: z.union([z.string(), z.number()]),
  name: text(100).nullish(),
  script: text(10_000).nullish(),
  active: z.boolean().nullish(),
});

/** `TicketCategory`: the tenant's typification tree beneath the four kinds, with each category's service script. */
export function registerCategory(builder: Builder, enums: TicketEnums): void {
  builder.prismaNode('TicketCategory', {
    id: { field: 'id' },
    nullable: true,
    findUnique: (id, context) => ({ tenantId_id: { tenantId: viewerOf(context).tenantId, id: asUuid(id) } }),
    authScopes: READ,
    description: 'A category of the typification: under a kind (query, complaint, claim, request), possibly under another category.',
    fields: (t) => ({
      kind: t.field({ type: enums.Kind, description: 'The root it belongs under; its tickets take this kind.', resolve: (category) => category.kind }),
      name: t.exposeString('name', { description: 'As agents see it, e.g. "Broken screen"; unique among its siblings.' }),
      path: t.stringList({
        description: 'Names from the top category down to this one.',
        resolve: async (category, _args, context) => lineageOf(await requestConfig(context).categories(), category.id).map((row) => row.name).reverse(),
      }),
      parent: t.relation('parent', { nullable: true, description: 'The category above it; null for a top category.' }),
      children: t.relation('children', { description: 'The categories directly beneath it, by name (inactive ones included).', query: { orderBy: [{ name: 'asc' }, { id: 'asc' }] } }),
      script: t.exposeString('script', { nullable: true, description: 'The protocol an agent follows for tickets of this category.' }),
      active: t.exposeBoolean('active', { description: 'An inactive category takes no new tickets.' }),
    }),
  });

  const CreateInput = builder.inputType('CreateTicketCategoryInput', {
    description: 'A new category of the typification.',
    fields: (t) => ({
      kind: t.field({ type: enums.Kind, required: true, description: 'The root it goes under.' }),
      parentId: t.id({ description: 'A category of the same kind; none for a top category.' }),
      name: t.string({ required: true, description: 'Unique among its siblings.' }),
      script: t.string({ description: 'The service protocol (plain text or Markdown).' }),
    }),
  });
  const UpdateInput = builder.inputType('UpdateTicketCategoryInput', {
    description: 'Only the fields given change.',
    fields: (t) => ({
      id: t.id({ required: true, description: 'The category (global id).' }),
      name: t.string({ description: 'Unique among its siblings.' }),
      script: t.string({ description: 'The service protocol; null removes it.' }),
      active: t.boolean({ description: 'False stops new tickets from taking it; existing tickets keep it.' }),
    }),
  });
  const Payload = builder.objectRef<{ category: CategoryRow }>('TicketCategoryPayload').implement({
    description: 'The category a mutation created or changed.',
    fields: (t) => ({ category: t.field({ type: 'TicketCategory', description: 'The category as stored.', resolve: (payload) => payload.category }) }),
  });

  builder.queryField('ticketCategories', (t) =>
    t.prismaField({
      type: ['TicketCategory'],
      authScopes: READ,
      description: 'The typification, flat: every category with its parent, by kind and name.',
      args: {
        kind: t.arg({ type: enums.Kind, description: 'Only the categories under this root; all when absent.' }),
        includeInactive: t.arg.boolean({ defaultValue: false, description: 'Also list inactive categories.' }),
      },
      resolve: (query, _root, args, context) =>
        context.db.ticketCategory.findMany({
          ...query,
          relationLoadStrategy: 'query',
          where: { tenantId: viewerOf(context).tenantId, ...(args.kind ? { kind: args.kind } : {}), ...(args.includeInactive ? {} : { active: true }) },
          orderBy: [{ kind: 'asc' }, { name: 'asc' }, { id: 'asc' }],
        }),
    }),
  );

  builder.mutationFields((t) => ({
    createTicketCategory: t.field({
      type: Payload,
      authScopes: MANAGE,
      errors: { types: MANAGE_ERRORS },
      description: 'Adds a category to the typification, at the top of its kind or under a parent of the same kind.',
      args: { input: t.arg({ type: CreateInput, required: true, description: 'The category to add.' }) },
      resolve: async (_root, args, context) => {
        const input = parseInput(createSchema, args.input);
        const category = await context.mutate(async (db) => {
          const categories = await requestConfig(context).categories();
          const parent = input.parentId == null ? null : await requireConfigRow(categories, input.parentId, 'TicketCategory', ['input', 'parentId']);
          if (parent && parent.kind !== input.kind) throw ValidationError.at(['input', 'parentId'], `is a ${parent.kind} category, not a ${input.kind} one`);
          if (parent && lineageOf(categories, parent.id).length >= MAX_DEPTH) throw ValidationError.at(['input', 'parentId'], `categories nest at most ${MAX_DEPTH} deep`);
          assertUniqueAmongSiblings(categories, { kind: input.kind, parentId: parent?.id ?? null, name: input.name, id: null });
          const saved = await db.ticketCategory.create({
            data: { tenantId: viewerOf(context).tenantId, kind: input.kind, parentId: parent?.id ?? null, name: input.name, script: input.script ?? null },
          });
          await context.events.emit(categorySaved, configEvent('TicketCategory', saved.id, { name: saved.name, kind: saved.kind, created: true }));
          return saved;
        });
        configChanged(context);
        return { category };
      },
    }),
    updateTicketCategory: t.field({
      type: Payload,
      authScopes: MANAGE,
      errors: { types: MANAGE_ERRORS },
      description: 'Renames, rewrites the script of, or (de)activates a category; its kind and place in the tree stay.',
      args: { input: t.arg({ type: UpdateInput, required: true, description: 'The category and the fields to change.' }) },
      resolve: async (_root, args, context) => {
        const input = parseInput(updateSchema, args.input);
        const given = Object.keys(args.input);
        const category = await context.mutate(async (db) => {
          const categories = await requestConfig(context).categories();
          const current = await requireConfigRow(categories, input.id, 'TicketCategory', ['input', 'id']);
          const name = input.name ?? current.name;
          assertUniqueAmongSiblings(categories, { kind: current.kind, parentId: current.parentId, name, id: current.id });
          const saved = await db.ticketCategory.update({
            where: { tenantId_id: { tenantId: viewerOf(context).tenantId, id: current.id } },
            data: { name, script: given.includes('script') ? (input.script ?? null) : current.script, active: input.active ?? current.active },
          });
          await context.events.emit(categorySaved, configEvent('TicketCategory', saved.id, { name: saved.name, kind: saved.kind, created: false }));
          return saved;
        });
        configChanged(context);
        return { category };
      },
    }),
  }));
}

function assertUniqueAmongSiblings(categories: ReadonlyMap<string, CategoryRow>, wanted: { kind: string; parentId: string | null; name: string; id: string | null }): void {
  const clash = [...categories.values()].find(
    (other) => other.kind === wanted.kind && other.parentId === wanted.parentId && other.name.toLowerCase() === wanted.name.toLowerCase() && other.id !== wanted.id,
  );
  if (clash) throw new ConflictError(`A sibling category is already named "${clash.name}"`, globalIdOf('TicketCategory', clash.id));
}
