import { BUSINESS_PRODUCTS, PRICE_LISTS, RETAIL_PRODUCTS, type Currency, type Product } from './catalog.ts';
import type { DemoRandom, Weighted } from './random.ts';

export interface BasketLine {
  sku: string;
  name: string;
  quantity: number;
  unitPrice: string;
}

export interface Basket {
  lines: BasketLine[];
  /** Exactly the sum of quantity × unit price, in cents. */
  amountCents: number;
  units: number;
}

const RETAIL_LINES: Weighted<number> = [[1, 45], [2, 25], [3, 14], [4, 8], [5, 4], [6, 2], [8, 2]];
const BUSINESS_LINES: Weighted<number> = [[1, 40], [2, 30], [3, 20], [4, 10]];

/** What one purchase contains, priced in the customer's currency. */
export function basket(random: DemoRandom, currency: Currency, business: boolean): Basket {
  const products = business ? BUSINESS_PRODUCTS : RETAIL_PRODUCTS;
  const count = random.weighted(business ? BUSINESS_LINES : RETAIL_LINES);
  const chosen = new Set<Product>();
  while (chosen.size < count) chosen.add(random.weighted(products.map((product) => [product, product.weight] as const)));
  const lines: BasketLine[] = [];
  let amountCents = 0;
  let units = 0;
  for (const product of chosen) {
    const quantity = business ? Math.max(5, Math.round(25 * random.spread(0.8) / 5) * 5) : random.weighted([[1, 80], [2, 15], [3, 5]] as const);
    const priceCents = localPrice(product.priceCents, currency);
    lines.push({ sku: product.sku, name: product.name, quantity, unitPrice: (priceCents / 100).toFixed(2) });
    amountCents += quantity * priceCents;
    units += quantity;
  }
  return { lines, amountCents, units };
}

function localPrice(euroCents: number, currency: Currency): number {
  const { rate, roundTo } = PRICE_LISTS[currency];
  return Math.max(roundTo, Math.round((euroCents * rate) / roundTo) * roundTo);
}
