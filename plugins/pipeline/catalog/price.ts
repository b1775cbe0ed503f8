import type { Builder } from '../../../src/plugin-api.ts';
import { READ } from '../access.ts';
import { moneyText } from '../money.ts';

/** `Price`: a product's unit price in one price list. */
export function registerPrice(builder: Builder): void {
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
}
