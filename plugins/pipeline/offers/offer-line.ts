import type { Builder } from '../../../src/plugin-api.ts';
import { READ } from '../access.ts';
import { lineTotal } from './offer-totals.ts';

/** `OfferLine`: one product on an offer, as it was priced when written. */
export function registerOfferLine(builder: Builder): void {
  builder.prismaObject('OfferLine', {
    authScopes: READ,
    description: 'One product on an offer, with the price and discount it was written with.',
    fields: (t) => ({
      position: t.exposeInt('position', { description: 'From 1, in the order given.' }),
      product: t.relation('product', { description: 'The product offered.' }),
      description: t.exposeString('description', { description: "The product's name when the line was written." }),
      quantity: t.string({ description: 'Decimal text, up to 3 decimals.', resolve: (line) => line.quantity.toFixed(3).replace(/\.?0+$/, '') }),
      unitPrice: t.string({ description: 'From the price list when the line was written.', resolve: (line) => line.unitPrice.toFixed(2) }),
      discountPercent: t.string({ description: "The customer's negotiated discount for the product, or the one given for the line.", resolve: (line) => line.discountPercent.toFixed(2) }),
      total: t.string({ description: 'quantity × unit price × (100 − discount) %, rounded to the cent.', resolve: (line) => lineTotal(line) }),
    }),
  });
}
