import { CURRENCY_RATES, DEMO_PRODUCTS, PRICE_LIST_NAMES, centsText, convertedCents } from './catalog.ts';
import type { SeedCustomer } from './customers.ts';
import type { DemoDraws } from './random.ts';

export interface ProductRow {
  id: string;
  tenantId: string;
  sku: string;
  name: string;
  description: string | null;
  unit: string;
  availability: string;
  stockQuantity: number | null;
  createdAt: string;
  updatedAt: string;
}

export interface DemoCatalog {
  products: ProductRow[];
  productBySku: ReadonlyMap<string, ProductRow>;
  priceLists: { id: string; tenantId: string; name: string; currency: string; isDefault: boolean; createdAt: string }[];
  prices: { id: string; tenantId: string; priceListId: string; productId: string; unitPrice: string; updatedAt: string }[];
  /** Unit price in cents per currency and SKU. */
  priceOf(currency: string, sku: string): number;
  priceListOf(currency: string): { id: string; name: string };
  /** Negotiated discounts, as rows and by customer: `null` is the customer's general discount. */
  discounts: { id: string; tenantId: string; customerId: string; productId: string | null; percent: string; updatedAt: string }[];
  discountOf(customerId: string, productId: string): string;
}

/** The catalog, one default price list per currency the customers use, and key accounts' negotiated discounts. */
export function buildCatalog(draws: DemoDraws, tenantId: string, customers: readonly SeedCustomer[], since: Date): DemoCatalog {
  const at = since.toISOString();
  const products = DEMO_PRODUCTS.map((product) => ({
    id: draws.uuidV7(since),
    tenantId,
    sku: product.sku,
    name: product.name,
    description: null,
    unit: product.unit,
    availability: product.availability,
    stockQuantity: product.stockQuantity,
    createdAt: at,
    updatedAt: at,
  }));
  const productBySku = new Map(products.map((product) => [product.sku, product]));
  const currencies = Object.keys(CURRENCY_RATES);
  const priceLists = currencies.map((currency) => ({ id: draws.uuidV7(since), tenantId, name: PRICE_LIST_NAMES[currency]!, currency, isDefault: true, createdAt: at }));
  const listByCurrency = new Map(priceLists.map((list) => [list.currency, list]));
  const cents = new Map<string, number>();
  const prices = priceLists.flatMap((list) =>
    DEMO_PRODUCTS.map((product) => {
      const unitPrice = convertedCents(product.price, list.currency);
      cents.set(`${list.currency}:${product.sku}`, unitPrice);
      return { id: draws.uuidV7(since), tenantId, priceListId: list.id, productId: productBySku.get(product.sku)!.id, unitPrice: centsText(unitPrice), updatedAt: at };
    }),
  );

  const discounts: DemoCatalog['discounts'] = [];
  const discountByKey = new Map<string, string>();
  for (const customer of customers) {
    if (customer.kind !== 'ORGANIZATION' || !customer.audiences.includes('KEY_ACCOUNT')) continue;
    if (draws.chance(0.6)) {
      const percent = `${draws.int(4, 12)}.${draws.pick(['00', '50'])}`;
      discounts.push({ id: draws.uuidV7(since), tenantId, customerId: customer.id, productId: null, percent, updatedAt: at });
      discountByKey.set(`${customer.id}:`, percent);
    }
    if (draws.chance(0.25)) {
      const product = draws.pick(products.filter((candidate) => candidate.availability !== 'DISCONTINUED'));
      const percent = `${draws.int(10, 20)}.00`;
      discounts.push({ id: draws.uuidV7(since), tenantId, customerId: customer.id, productId: product.id, percent, updatedAt: at });
      discountByKey.set(`${customer.id}:${product.id}`, percent);
    }
  }

  return {
    products,
    productBySku,
    priceLists,
    prices,
    priceOf: (currency, sku) => cents.get(`${currency}:${sku}`)!,
    priceListOf: (currency) => listByCurrency.get(currency)!,
    discounts,
    discountOf: (customerId, productId) => discountByKey.get(`${customerId}:${productId}`) ?? discountByKey.get(`${customerId}:`) ?? '0.00',
  };
}
