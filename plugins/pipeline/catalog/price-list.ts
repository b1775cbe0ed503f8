import type { Builder, Prisma } from '../../../src/plugin-api.ts';
import { ConflictError, ForbiddenError, NotFoundError, parseInput, ValidationError, viewerOf } from '../../../src/plugin-api.ts';
import { MANAGE, READ } from '../access.ts';
import { asUuid } from '../ids.ts';
import { createPriceList, createPriceListSchema, MAX_PRICES_PER_CALL, setPrices, setPricesSchema } from './price-list-writes.ts';

const MANAGE_ERRORS = [ValidationError, NotFoundError, ConflictError, ForbiddenError];

/** `PriceList` (one currency each) with its prices, the `priceLists` query and the mutations that keep them; offers take their unit prices from one. */
export function registerPriceList(builder: Builder): void {
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
  const PriceListPayload = builder.objectRef<{ priceList: Prisma.PriceListModel }>('PriceListPayload').implement({
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
      resolve: async (_root, args, context) => ({ priceList: await createPriceList(context, parseInput(createPriceListSchema, args.input)) }),
    }),
    setPrices: t.field({
      type: PriceListPayload,
      authScopes: MANAGE,
      errors: { types: MANAGE_ERRORS },
      description: "Sets or removes products' unit prices in a price list. Offers already written keep the prices they were written with.",
      args: { input: t.arg({ type: SetPricesInput, required: true, description: 'The price list and the prices to set or remove.' }) },
      resolve: async (_root, args, context) => ({ priceList: await setPrices(context, parseInput(setPricesSchema, args.input)) }),
    }),
  }));
}
