import { z } from 'zod';
import type { Context, FieldError, TenantDb } from '../../../src/plugin-api.ts';
import { NotFoundError, ValidationError, viewerOf } from '../../../src/plugin-api.ts';
import { parseGlobalId } from '../ids.ts';
import { percentSchema } from '../money.ts';

export const MAX_LINES = 200;

export const lineSchema = z.object({
  productId: z.string(),
  quantity: z
    .string()
    .trim()
    .refine((text) => /^\d{1,9}(\.\d{1,3})?$/.test(text) && Number(text) > 0, 'must be a decimal number above 0 with at most 3 decimals, e.g. "2" or "1.5"'),
  discountPercent: percentSchema.nullish(),
});

export const linesSchema = z.array(lineSchema).min(1, 'must have at least one line').max(MAX_LINES, `must have at most ${MAX_LINES} lines`);

export interface LineRow {
  position: number;
  productId: string;
  description: string;
  quantity: string;
  unitPrice: string;
  discountPercent: string;
}

/**
 * Prices the lines from the price list and the customer's discounts, in three statements whatever
 * the number of lines. Refuses, all at once, products that do not exist, are discontinued or have
 * no price in the list.
 */
export async function priceLines(
  context: Context,
  db: TenantDb,
  lines: readonly z.output<typeof lineSchema>[],
  priceList: { id: string; name: string },
  customerId: string,
  at: string[],
): Promise<LineRow[]> {
  const tenantId = viewerOf(context).tenantId;
  const productIds = lines.map((line, index) => parseGlobalId(line.productId, 'Product', [...at, String(index), 'productId']));
  const [products, prices, discounts] = await Promise.all([
    db.product.findMany({ where: { tenantId, id: { in: productIds } }, select: { id: true, name: true, availability: true } }),
    db.price.findMany({ where: { tenantId, priceListId: priceList.id, productId: { in: productIds } }, select: { productId: true, unitPrice: true } }),
    db.customerDiscount.findMany({ where: { tenantId, customerId, OR: [{ productId: null }, { productId: { in: productIds } }] } }),
  ]);
  const productById = new Map(products.map((product) => [product.id, product]));
  const priceByProduct = new Map(prices.map((price) => [price.productId, price.unitPrice.toFixed(2)]));
  const discountByProduct = new Map(discounts.map((discount) => [discount.productId, discount.percent.toFixed(2)]));

  const missing = productIds.findIndex((id) => !productById.has(id));
  if (missing >= 0) throw new NotFoundError('Product', lines[missing]!.productId);
  const errors: FieldError[] = [];
  productIds.forEach((id, index) => {
    const product = productById.get(id)!;
    if (product.availability === 'DISCONTINUED') errors.push({ path: [...at, String(index), 'productId'], message: `${product.name} is discontinued and cannot be offered` });
    else if (!priceByProduct.has(id)) errors.push({ path: [...at, String(index), 'productId'], message: `${product.name} has no price in the price list ${priceList.name}` });
  });
  if (errors.length > 0) throw new ValidationError(errors);

  return lines.map((line, index) => {
    const productId = productIds[index]!;
    return {
      position: index + 1,
      productId,
      description: productById.get(productId)!.name,
      quantity: line.quantity,
      unitPrice: priceByProduct.get(productId)!,
      // A discount given for the line wins; else the customer's for the product, else their general one.
      discountPercent: line.discountPercent ?? discountByProduct.get(productId) ?? discountByProduct.get(null) ?? '0.00',
    };
  });
}
