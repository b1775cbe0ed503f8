import { z } from 'zod';
import type { Builder } from '../../../src/plugin-api.ts';
import { ConflictError, ForbiddenError, newRowId, NotFoundError, parseInput, ValidationError, viewerOf } from '../../../src/plugin-api.ts';
import { MANAGE, READ } from '../access.ts';
import { priceListCreated, pricesSet } from '../events.ts';
import { asUuid, globalIdOf, parseGlobalId } from '../ids.ts';
import { text } from '../inputs.ts';
import { amountSchema, currencySchema, moneyText } from '../money.ts';

const MANAGE_ERRORS = [ValidationError, NotFoundError, ConflictError, ForbiddenError];
export const MAX_PRICES_PER_CALL = 500;

const createPriceListSchema = z.object({ name: text(100), currency: currencySchema, isDefault: z.boolean().nullish() });
const setPricesSchema = z.object({
  priceListId: z.string(),
  prices: z
    .array(z.object({ productId: z.string(), unitPrice: amountSchema.nullish() }))
    .min(1, 'must have at least one price')
    .max(MAX_PRICES_PER_CALL, `must have at most ${MAX_PRICES_PER_CALL} prices`),
});

/** Price lists (one currency each) and their prices; offers take their unit prices from one. */
export function registerPriceList(builder: Builder): void {
  builder.prismaObject('Price', {
    authScopes: READ,
    description: "A product's unit price in a price list.",
    fields: (t) => ({
      product: t.relation('product', { description: 'The product priced.' }),
      priceList: t.relation('priceList', { description: 'The list this price belongs to.' }),
      unitPrice: t.string({ description: 'Decimal text in the price list currency, e.g. "19.90".', resolve: (price) => moneyText(price.unitPrice)! }),
      updatedAt: t.expose('updatedAt', { type: 'DateTime', description: 'When it was last set, UTC.' }),
    }),
  });

  builder.prismaNode('PriceList', {
    id: { field: 'id' },
    nullable: true,
    findUnique: (id, context) => ({ tenantId_id: { tenantId: viewerOf(context).tenantId, id: asUuid(id) } }),
    authScopes: READ,
    description: 'Unit prices in one currency.',
    fields: (t) => ({
      name: t.exposeString('name', { description: 'Unique in the tenant, e.g. "Retail 2026".' }),
      currency: t.exposeString('currency', { description: 'ISO 4217.' }),
      isDefault: t.exposeBoolean('isDefault', { description: 'The list offers in this currency use unless told otherwise.' }),
      prices: t.relatedConnection('prices', { cursor: 'id', totalCount: true, description: 'Its prices, by product name.', query: { orderBy: [{ product: { name: 'asc' } }, { id: 'asc' }] } }),
      createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When it was created, UTC.' }),
    }),
  });

  builder.queryField('priceLists', (t) =>
    t.prismaField({
      type: ['PriceList'],
      authScopes: READ,
      description: 'Every price list, by currency then name.',
      resolve: (query, _root, _args, context) => context.db.priceList.findMany({ ...query, relationLoadStrategy: 'query', where: { tenantId: viewerOf(context).tenantId }, orderBy: [{ currency: 'asc' }, { name: 'asc' }] }),
    }),
  );

  const CreatePriceListInput = builder.inputType('CreatePriceListInput', {
    description: "A new price list.",
    fields: (t) => ({
      name: t.string({ required: true, description: 'Unique in the tenant.' }),
      currency: t.string({ required: true, description: 'ISO 4217 in capitals.' }),
      isDefault: t.boolean({ description: 'Make it the default for its currency (the previous default stops being one).' }),
    }),
  });
  const PriceInput = builder.inputType('PriceInput', {
    description: "One product's unit price in a list.",
    fields: (t) => ({
      productId: t.id({ required: true, description: 'The product (global id).' }),
      unitPrice: t.string({ description: 'Decimal text, at most 2 decimals; null removes the product from the list.' }),
    }),
  });
  const SetPricesInput = builder.inputType('SetPricesInput', {
    description: "Prices to set or remove in one price list.",
    fields: (t) => ({ priceListId: t.id({ required: true, description: 'The price list (global id).' }), prices: t.field({ type: [PriceInput], required: true, description: `At most ${MAX_PRICES_PER_CALL}.`, extensions: { maxItems: MAX_PRICES_PER_CALL } }) }),
  });
  const PriceListPayload = builder.objectRef<{ priceList: object }>('PriceListPayload').implement({
    description: 'The price list a mutation created or changed.',
    fields: (t) => ({ priceList: t.field({ type: 'PriceList', description: 'The price list as stored.', resolve: (payload) => payload.priceList }) }),
  });

  builder.mutationFields((t) => ({
    createPriceList: t.field({
      type: PriceListPayload,
      authScopes: MANAGE,
      errors: { types: MANAGE_ERRORS },
      description: 'Creates an empty price list in one currency; a name already used is a ConflictError.',
      args: { input: t.arg({ type: CreatePriceListInput, required: true, description: 'The name, currency and whether it is the default.' }) },
      resolve: async (_root, args, context) => {
        const input = parseInput(createPriceListSchema, args.input);
        const tenantId = viewerOf(context).tenantId;
        const priceList = await context.mutate(async (db) => {
          const existing = await db.priceList.findUnique({ where: { tenantId_name: { tenantId, name: input.name } }, select: { id: true } });
          if (existing) throw new ConflictError(`A price list is already called ${input.name}`, globalIdOf('PriceList', existing.id));
          if (input.isDefault) await db.priceList.updateMany({ where: { tenantId, currency: input.currency, isDefault: true }, data: { isDefault: false } });
          const created = await db.priceList.create({ data: { tenantId, name: input.name, currency: input.currency, isDefault: input.isDefault ?? false } });
          await context.events.emit(priceListCreated, { subjectId: globalIdOf('PriceList', created.id), payload: { name: created.name, currency: created.currency, isDefault: created.isDefault } });
          return created;
        });
        return { priceList };
      },
    }),
    setPrices: t.field({
      type: PriceListPayload,
      authScopes: MANAGE,
      errors: { types: MANAGE_ERRORS },
      description: "Sets or removes products' unit prices in a price list. Offers already written keep the prices they were written with.",
      args: { input: t.arg({ type: SetPricesInput, required: true, description: 'The price list and the prices to set or remove.' }) },
      resolve: async (_root, args, context) => {
        const input = parseInput(setPricesSchema, args.input);
        const tenantId = viewerOf(context).tenantId;
        const priceListId = parseGlobalId(input.priceListId, 'PriceList', ['input', 'priceListId']);
        const productIds = input.prices.map((price, index) => parseGlobalId(price.productId, 'Product', ['input', 'prices', String(index), 'productId']));
        productIds.forEach((id, index) => {
          if (productIds.indexOf(id) !== index) throw ValidationError.at(['input', 'prices', String(index), 'productId'], 'is listed twice');
        });
        const priceList = await context.mutate(async (db) => {
          const list = await db.priceList.findUnique({ where: { tenantId_id: { tenantId, id: priceListId } } });
          if (!list) throw new NotFoundError('PriceList', input.priceListId);
          const known = new Set((await db.product.findMany({ where: { tenantId, id: { in: productIds } }, select: { id: true } })).map((product) => product.id));
          const missing = productIds.findIndex((id) => !known.has(id));
          if (missing >= 0) throw new NotFoundError('Product', input.prices[missing]!.productId);

          const removed = productIds.filter((_id, index) => input.prices[index]!.unitPrice == null);
          const set = input.prices.flatMap((price, index) => (price.unitPrice == null ? [] : [{ productId: productIds[index]!, unitPrice: price.unitPrice }]));
          if (removed.length > 0) await db.price.deleteMany({ where: { tenantId, priceListId, productId: { in: removed } } });
          if (set.length > 0) {
            // One statement for the whole set, however many prices it has.
            await db.$executeRawUnsafe(
              `INSERT INTO "Price" (id, "tenantId", "priceListId", "productId", "unitPrice", "updatedAt")
               SELECT p.id, $1, $2::uuid, p."productId", p."unitPrice", $6::timestamp(3)
               FROM unnest($3::uuid[], $4::numeric[], $5::uuid[]) AS p("productId", "unitPrice", id)
               ON CONFLICT ("tenantId", "priceListId", "productId") DO UPDATE SET "unitPrice" = excluded."unitPrice", "updatedAt" = excluded."updatedAt"`,
              tenantId,
              priceListId,
              set.map((price) => price.productId),
              set.map((price) => price.unitPrice),
              set.map(() => newRowId()),
              context.clock.now().toISOString(),
            );
          }
          await context.events.emit(pricesSet, {
            subjectId: globalIdOf('PriceList', list.id),
            payload: { priceList: list.name, currency: list.currency, set: set.length, removed: removed.length },
          });
          return list;
        });
        return { priceList };
      },
    }),
  }));
}
