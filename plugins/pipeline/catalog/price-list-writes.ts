import { z } from 'zod';
import type { Context, Prisma } from '../../../src/plugin-api.ts';
import { ConflictError, NotFoundError, ValidationError, viewerOf } from '../../../src/plugin-api.ts';
import { priceListCreated, pricesSet } from '../events.ts';
import { globalIdOf, parseGlobalId } from '../ids.ts';
import { text } from '../inputs.ts';
import { amountSchema, currencySchema } from '../money.ts';
import { upsertPrices } from '../store/price-writes.ts';

export const MAX_PRICES_PER_CALL = 500;

export const createPriceListSchema = z.object({ name: text(100), currency: currencySchema, isDefault: z.boolean().nullish() });
export const setPricesSchema = z.object({
  priceListId: z.string(),
  prices: z
    .array(z.object({ productId: z.string(), unitPrice: amountSchema.nullish() }))
    .min(1, 'must have at least one price')
    .max(MAX_PRICES_PER_CALL, `must have at most ${MAX_PRICES_PER_CALL} prices`),
});

type PriceListRow = Prisma.PriceListModel;

/** Creates an empty price list; made the default, it takes over from the previous default of its currency. */
export function createPriceList(context: Context, input: z.output<typeof createPriceListSchema>): Promise<PriceListRow> {
  const tenantId = viewerOf(context).tenantId;
  return context.mutate(async (db) => {
    const existing = await db.priceList.findUnique({ where: { tenantId_name: { tenantId, name: input.name } }, select: { id: true } });
    if (existing) throw new ConflictError(`A price list is already called ${input.name}`, globalIdOf('PriceList', existing.id));
    if (input.isDefault) await db.priceList.updateMany({ where: { tenantId, currency: input.currency, isDefault: true }, data: { isDefault: false } });
    const created = await db.priceList.create({ data: { tenantId, name: input.name, currency: input.currency, isDefault: input.isDefault ?? false } });
    await context.events.emit(priceListCreated, { subjectId: globalIdOf('PriceList', created.id), payload: { name: created.name, currency: created.currency, isDefault: created.isDefault } });
    return created;
  });
}

/** Sets or removes (unit price null) products' prices in a price list: known products only, each named once. */
export function setPrices(context: Context, input: z.output<typeof setPricesSchema>): Promise<PriceListRow> {
  const tenantId = viewerOf(context).tenantId;
  const priceListId = parseGlobalId(input.priceListId, 'PriceList', ['input', 'priceListId']);
  const productIds = input.prices.map((price, index) => parseGlobalId(price.productId, 'Product', ['input', 'prices', String(index), 'productId']));
  productIds.forEach((id, index) => {
    if (productIds.indexOf(id) !== index) throw ValidationError.at(['input', 'prices', String(index), 'productId'], 'is listed twice');
  });
  return context.mutate(async (db) => {
    const list = await db.priceList.findUnique({ where: { tenantId_id: { tenantId, id: priceListId } } });
    if (!list) throw new NotFoundError('PriceList', input.priceListId);
    const known = new Set((await db.product.findMany({ where: { tenantId, id: { in: productIds } }, select: { id: true } })).map((product) => product.id));
    const missing = productIds.findIndex((id) => !known.has(id));
    if (missing >= 0) throw new NotFoundError('Product', input.prices[missing]!.productId);

    const removed = productIds.filter((_id, index) => input.prices[index]!.unitPrice == null);
    const set = input.prices.flatMap((price, index) => (price.unitPrice == null ? [] : [{ productId: productIds[index]!, unitPrice: price.unitPrice }]));
    if (removed.length > 0) await db.price.deleteMany({ where: { tenantId, priceListId, productId: { in: removed } } });
    if (set.length > 0) await upsertPrices(db, tenantId, priceListId, set, context.clock.now());
    await context.events.emit(pricesSet, {
      subjectId: globalIdOf('PriceList', list.id),
      payload: { priceList: list.name, currency: list.currency, set: set.length, removed: removed.length },
    });
    return list;
  });
}
