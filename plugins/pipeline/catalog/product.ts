import { z } from 'zod';
import type { Builder, Context, Prisma } from '../../../src/plugin-api.ts';
import type { ProductAvailability } from '../store/enums.ts';
import { ConflictError, ForbiddenError, NotFoundError, parseInput, ValidationError, viewerOf } from '../../../src/plugin-api.ts';
import { ProductAvailability as Availability } from '../store/enums.ts';
import { MANAGE, READ } from '../access.ts';
import type { PipelineEnums } from '../enums.ts';
import { productCreated, productUpdated } from '../events.ts';
import { asUuid, globalIdOf, parseGlobalId } from '../ids.ts';
import { given, text } from '../inputs.ts';

const MANAGE_ERRORS = [ValidationError, NotFoundError, ConflictError, ForbiddenError];

const productFields = {
  name: text(200),
  description: text(2000).nullish(),
  unit: text(30).nullish(),
  availability: z.enum(Availability).nullish(),
  stockQuantity: z.number().int().min(0, 'must be at least 0').nullish(),
};
const createProductSchema = z.object({ sku: text(64).regex(/^[A-Za-z0-9][A-Za-z0-9._\/-]*$/, 'must be letters, digits, ".", "_", "/" or "-"'), ...productFields });
const updateProductSchema = z.object({ id: z.string(), ...productFields, name: productFields.name.nullish() });
const searchSchema = z.string().trim().min(2, 'must have at least 2 characters').max(100, 'must be at most 100 characters');

/** `Product`: what the sales force can offer, whether it is available, and its prices. */
export function registerProduct(builder: Builder, enums: PipelineEnums): void {
  builder.prismaNode('Product', {
    id: { field: 'id' },
    nullable: true,
    findUnique: (id, context) => ({ tenantId_id: { tenantId: viewerOf(context).tenantId, id: asUuid(id) } }),
    authScopes: READ,
    description: 'A product or service of the catalog.',
    fields: (t) => ({
      sku: t.exposeString('sku', { description: 'The stock-keeping unit: unique in the tenant.' }),
      name: t.exposeString('name', { description: 'The name shown on offers.' }),
      description: t.exposeString('description', { nullable: true, description: 'Longer free text about it; null when none.' }),
      unit: t.exposeString('unit', { description: 'What one is: "unit", "kg", "month" …' }),
      availability: t.field({ type: enums.Availability, description: 'Whether it can be promised, and whether it can still be offered.', resolve: (product) => product.availability }),
      stockQuantity: t.exposeInt('stockQuantity', { nullable: true, description: 'Units in stock, where the catalog tracks them.' }),
      prices: t.relation('prices', { description: 'Its price in each price list that has it.', query: { orderBy: [{ priceList: { name: 'asc' } }] } }),
      createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When it was added to the catalog, UTC.' }),
      updatedAt: t.expose('updatedAt', { type: 'DateTime', description: 'When it last changed, UTC.' }),
    }),
  });

  const ProductFilter = builder.inputType('ProductFilter', {
    description: 'Which products; every condition given must hold.',
    fields: (t) => ({
      search: t.string({ description: 'Part of the name or SKU (at least 2 characters).' }),
      availability: t.field({ type: [enums.Availability], description: 'Default: everything but DISCONTINUED.' }),
    }),
  });

  builder.queryField('products', (t) =>
    t.prismaConnection(
      {
        type: 'Product',
        cursor: 'id',
        authScopes: READ,
        description: 'The catalog, by name.',
        args: { filter: t.arg({ type: ProductFilter, description: 'Which products; all but DISCONTINUED ones when absent.' }) },
        resolve: (query, _root, args, context) => context.db.product.findMany({ ...query, relationLoadStrategy: 'query', where: productWhere(args.filter, context), orderBy: [{ name: 'asc' }, { id: 'asc' }] }),
        totalCount: (_connection, args, context) => context.db.product.count({ where: productWhere(args.filter, context) }),
      },
      { name: 'ProductConnection' },
      { name: 'ProductEdge' },
    ),
  );

  const productInputFields = (t: Parameters<Parameters<typeof builder.inputType>[1]['fields']>[0]) => ({
    description: t.string({ description: 'Longer free text about the product.' }),
    unit: t.string({ description: 'Default "unit".' }),
    availability: t.field({ type: enums.Availability, description: 'Default AVAILABLE.' }),
    stockQuantity: t.int({ description: 'Units in stock, at least 0, where the catalog tracks them.' }),
  });
  const CreateProductInput = builder.inputType('CreateProductInput', {
    description: 'A new product or service of the catalog.',
    fields: (t) => ({
      sku: t.string({ required: true, description: 'The stock-keeping unit: unique in the tenant, never changes.' }),
      name: t.string({ required: true, description: 'The name shown on offers.' }),
      ...productInputFields(t),
    }),
  });
  const UpdateProductInput = builder.inputType('UpdateProductInput', {
    description: 'Only the fields given change; null clears description and stockQuantity. The SKU never changes.',
    fields: (t) => ({
      id: t.id({ required: true, description: 'The product (global id).' }),
      name: t.string({ description: 'The name shown on offers.' }),
      ...productInputFields(t),
    }),
  });
  const ProductPayload = builder.objectRef<{ product: object }>('ProductPayload').implement({
    description: 'The product a mutation created or changed.',
    fields: (t) => ({ product: t.field({ type: 'Product', description: 'The product as stored.', resolve: (payload) => payload.product }) }),
  });

  builder.mutationFields((t) => ({
    createProduct: t.field({
      type: ProductPayload,
      authScopes: MANAGE,
      errors: { types: MANAGE_ERRORS },
      description: 'Adds a product to the catalog; a SKU already used is a ConflictError.',
      args: { input: t.arg({ type: CreateProductInput, required: true, description: 'The product to add.' }) },
      resolve: async (_root, args, context) => {
        const input = parseInput(createProductSchema, args.input);
        const tenantId = viewerOf(context).tenantId;
        const product = await context.mutate(async (db) => {
          const existing = await db.product.findUnique({ where: { tenantId_sku: { tenantId, sku: input.sku } }, select: { id: true } });
          if (existing) throw new ConflictError(`The SKU ${input.sku} is already in the catalog`, globalIdOf('Product', existing.id));
          const created = await db.product.create({
            data: {
              tenantId,
              sku: input.sku,
              name: input.name,
              description: input.description ?? null,
              unit: input.unit ?? 'unit',
              availability: input.availability ?? 'AVAILABLE',
              stockQuantity: input.stockQuantity ?? null,
            },
          });
          await context.events.emit(productCreated, { subjectId: globalIdOf('Product', created.id), payload: { sku: created.sku, name: created.name, availability: created.availability } });
          return created;
        });
        return { product };
      },
    }),
    updateProduct: t.field({
      type: ProductPayload,
      authScopes: MANAGE,
      errors: { types: MANAGE_ERRORS },
      description: 'Changes the details or the availability of a product; a DISCONTINUED product can no longer be offered.',
      args: { input: t.arg({ type: UpdateProductInput, required: true, description: 'The product and the fields to change.' }) },
      resolve: async (_root, args, context) => {
        const input = parseInput(updateProductSchema, args.input);
        const raw = args.input as object;
        const id = parseGlobalId(input.id, 'Product', ['input', 'id']);
        const product = await context.mutate(async (db) => {
          const current = await db.product.findUnique({ where: { tenantId_id: { tenantId: viewerOf(context).tenantId, id } } });
          if (!current) throw new NotFoundError('Product', input.id);
          const changes: Prisma.ProductUpdateInput = {};
          for (const field of ['name', 'unit', 'availability'] as const) {
            if (!given(raw, field)) continue;
            if (input[field] == null) throw ValidationError.at(['input', field], 'cannot be cleared');
            if (input[field] !== current[field]) (changes as Record<string, unknown>)[field] = input[field];
          }
          for (const field of ['description', 'stockQuantity'] as const) {
            if (given(raw, field) && (input[field] ?? null) !== current[field]) (changes as Record<string, unknown>)[field] = input[field] ?? null;
          }
          const changed = Object.keys(changes).sort();
          if (changed.length === 0) return current;
          const updated = await db.product.update({ where: { id }, data: changes });
          await context.events.emit(productUpdated, { subjectId: globalIdOf('Product', id), payload: { sku: updated.sku, changed } });
          return updated;
        });
        return { product };
      },
    }),
  }));
}

function productWhere(filter: { search?: string | null; availability?: readonly ProductAvailability[] | null } | null | undefined, context: Context): Prisma.ProductWhereInput {
  const where: Prisma.ProductWhereInput = { tenantId: viewerOf(context).tenantId };
  where.availability = filter?.availability?.length ? { in: [...filter.availability] } : { not: 'DISCONTINUED' };
  if (filter?.search != null) {
    const search = parseInput(searchSchema, filter.search, ['filter', 'search']).replace(/[\\%_]/g, (character) => `\\${character}`);
    where.OR = [{ name: { contains: search, mode: 'insensitive' } }, { sku: { contains: search, mode: 'insensitive' } }];
  }
  return where;
}
