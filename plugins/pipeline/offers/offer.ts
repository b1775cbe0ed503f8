import type { Builder } from '../../../src/plugin-api.ts';
import { READ } from '../access.ts';
import type { PipelineEnums } from '../enums.ts';
import { asUuid } from '../ids.ts';
import { lineTotal, offerTotals } from './offer-totals.ts';
import { viewerOf } from '../../../src/plugin-api.ts';

const LINE_ORDER = { orderBy: [{ position: 'asc' as const }] };

/** `Offer` (a quote attached to an opportunity) and its `OfferLine`s. */
export function registerOffer(builder: Builder, enums: PipelineEnums): void {
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

  builder.prismaNode('Offer', {
    id: { field: 'id' },
    nullable: true,
    findUnique: (id, context) => ({ tenantId_id: { tenantId: viewerOf(context).tenantId, id: asUuid(id) } }),
    authScopes: READ,
    description: 'A quote for an opportunity: products at the prices of a price list, less the customer\'s discounts. Its totals are computed from its lines.',
    fields: (t) => ({
      opportunity: t.relation('opportunity', { description: 'The deal it is for.' }),
      priceList: t.relation('priceList', { description: 'Where its unit prices came from.' }),
      currency: t.exposeString('currency', { description: 'ISO 4217 code of every amount on it (that of its opportunity and price list).' }),
      status: t.field({ type: enums.OfferStatus, description: 'Where it is: DRAFT, SENT, ACCEPTED or REJECTED.', resolve: (offer) => offer.status }),
      validUntil: t.expose('validUntil', { type: 'Date', nullable: true, description: 'The last day it can be accepted (a calendar date); null for no limit.' }),
      note: t.exposeString('note', { nullable: true, description: 'Free words for the customer or the team; null when none.' }),
      sentAt: t.expose('sentAt', { type: 'DateTime', nullable: true, description: 'When it was marked SENT, UTC; null while a draft.' }),
      decidedAt: t.expose('decidedAt', { type: 'DateTime', nullable: true, description: 'When it was accepted or rejected.' }),
      lines: t.relation('lines', { description: 'Its products, in the order given.', query: LINE_ORDER }),
      subtotal: t.string({ description: 'Before discounts.', select: { lines: LINE_ORDER }, resolve: (offer) => offerTotals(offer.lines).subtotal }),
      discountTotal: t.string({ description: 'What the discounts take off the subtotal, as decimal text.', select: { lines: LINE_ORDER }, resolve: (offer) => offerTotals(offer.lines).discount }),
      total: t.string({ description: 'What the customer pays: the sum of the line totals.', select: { lines: LINE_ORDER }, resolve: (offer) => offerTotals(offer.lines).total }),
      createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When it was drawn up, UTC.' }),
      updatedAt: t.expose('updatedAt', { type: 'DateTime', description: 'When it last changed, UTC.' }),
    }),
  });
}
