import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateOffer, CreateOpportunity, CreatePriceList, CreateProduct, MoveOpportunity, ReviseOffer, SetCustomerDiscount, SetOfferStatus, SetPrices, UpdateProduct,
} from '../../../tests/documents/pipeline.ts';
import { startTestServer, type TestServer, type TokenRequest } from '../../../tests/support/server.ts';
import { globalId } from './support.ts';

// The catalog with its availability and price lists, negotiated discounts, and offers whose
// totals are computed from their lines — to the cent, by the hand computation written below.

let server: TestServer;
let customerId: string;

const REP: TokenRequest = { tenant: 'demo', roles: ['sales'], subject: 'rep-offer-olga' };
const MANAGER: TokenRequest = { tenant: 'demo', roles: ['sales-manager'], subject: 'manager-offer-elena' };

const products = { coffee: '', ham: '', old: '', unpriced: '' };
let eurList: string;
let usdList: string;


async function product(sku: string, name: string): Promise<string> {
  const result = await server.graphql(CreateProduct, { input: { sku, name, unit: 'unit' } }, { as: MANAGER });
  const payload = result.data!.createProduct;
  if (payload.__typename !== 'ProductPayload') throw new Error(JSON.stringify(payload));
  return payload.product.id;
}

async function priceList(name: string, currency: string): Promise<string> {
  const result = await server.graphql(CreatePriceList, { input: { name, currency } }, { as: MANAGER });
  const payload = result.data!.createPriceList;
  if (payload.__typename !== 'PriceListPayload') throw new Error(JSON.stringify(payload));
  return payload.priceList.id;
}

beforeAll(async () => {
  server = await startTestServer();
  const { rows } = await server.owner.query(`SELECT id::text FROM "Customer" WHERE "tenantId" = 'demo' AND kind = 'ORGANIZATION' AND "archivedAt" IS NULL ORDER BY id DESC LIMIT 1`);
  customerId = globalId('Organization', rows[0].id);
  products.coffee = await product('TEST-COFFEE', 'Coffee subscription');
  products.ham = await product('TEST-HAM', 'Iberian ham');
  products.old = await product('TEST-OLD', 'Last year gift box');
  products.unpriced = await product('TEST-UNPRICED', 'Not in any list');
  eurList = await priceList('Test list EUR', 'EUR');
  usdList = await priceList('Test list USD', 'USD');
  const prices = await server.graphql(
    SetPrices,
    { input: { priceListId: eurList, prices: [{ productId: products.coffee, unitPrice: '19.99' }, { productId: products.ham, unitPrice: '100.01' }, { productId: products.old, unitPrice: '5' }] } },
    { as: MANAGER },
  );
  expect(prices.data!.setPrices).toMatchObject({ priceList: { prices: { totalCount: 3 } } });
  await server.graphql(SetPrices, { input: { priceListId: usdList, prices: [{ productId: products.coffee, unitPrice: '22' }] } }, { as: MANAGER });
  await server.graphql(UpdateProduct, { input: { id: products.old, availability: 'DISCONTINUED' } }, { as: MANAGER });
  for (const [productId, percent] of [[null, '10'], [products.ham, '12.5']] as const) {
    const discount = await server.graphql(SetCustomerDiscount, { input: { customerId, productId, percent } }, { as: MANAGER });
    expect(discount.data!.setCustomerDiscount.__typename).toBe('SetCustomerDiscountPayload');
  }
});
afterAll(() => server?.stop());

async function openDeal(stage = 'OFFER_DEVELOPMENT'): Promise<string> {
  const result = await server.graphql(CreateOpportunity, { input: { customerId, name: 'Office coffee and ham', currency: 'EUR', expectedCloseDate: '2027-06-30', stage: stage as never } }, { as: REP });
  const payload = result.data!.createOpportunity;
  if (payload.__typename !== 'OpportunityPayload') throw new Error(JSON.stringify(payload));
  return payload.opportunity.id;
}

// 3 × 19.99 less the general 10 %, 1.5 × 100.01 less 12.5 % for ham, 2 × 19.99 with the discount waived.
const LINES = () => [
  { productId: products.coffee, quantity: '3' },
  { productId: products.ham, quantity: '1.5' },
  { productId: products.coffee, quantity: '2', discountPercent: '0' },
];

async function draft(opportunityId: string, extra: Record<string, unknown> = {}) {
  const result = await server.graphql(CreateOffer, { input: { opportunityId, priceListId: eurList, lines: LINES(), ...extra } as never }, { as: REP });
  const payload = result.data!.createOffer;
  if (payload.__typename !== 'OfferPayload') throw new Error(JSON.stringify(payload));
  return payload.offer;
}

async function footprint() {
  const { rows } = await server.owner.query(
    `SELECT (SELECT count(*)::int FROM "Offer") AS offers, (SELECT count(*)::int FROM "OfferLine") AS lines,
            (SELECT count(*)::int FROM "OutboxEvent" WHERE topic LIKE 'offer.%') AS events,
            (SELECT md5(string_agg(o::text, '|' ORDER BY o.id)) FROM "Offer" o) AS "offerRows",
            (SELECT md5(string_agg(o::text, '|' ORDER BY o.id)) FROM "Opportunity" o) AS "opportunityRows"`,
  );
  return rows[0];
}

describe('an offer', () => {
  it('prices its lines from the price list less the customer\'s discounts, and adds them up to the cent', async () => {
    const offer = await draft(await openDeal());
    expect(offer.lines).toEqual([
      // 59.97 × 0.9 = 53.973
      { position: 1, description: 'Coffee subscription', quantity: '3', unitPrice: '19.99', discountPercent: '10.00', total: '53.97', product: { sku: 'TEST-COFFEE' } },
      // 150.015 × 0.875 = 131.263125
      { position: 2, description: 'Iberian ham', quantity: '1.5', unitPrice: '100.01', discountPercent: '12.50', total: '131.26', product: { sku: 'TEST-HAM' } },
      { position: 3, description: 'Coffee subscription', quantity: '2', unitPrice: '19.99', discountPercent: '0.00', total: '39.98', product: { sku: 'TEST-COFFEE' } },
    ]);
    // 59.97 + 150.02 (150.015 rounded half up) + 39.98; 53.97 + 131.26 + 39.98.
    expect(offer).toMatchObject({ status: 'DRAFT', currency: 'EUR', subtotal: '249.97', total: '225.21', discountTotal: '24.76', priceList: { name: 'Test list EUR' } });
  });

  it('keeps the prices it was written with when the price list changes', async () => {
    const offer = await draft(await openDeal());
    await server.graphql(SetPrices, { input: { priceListId: eurList, prices: [{ productId: products.ham, unitPrice: '120' }] } }, { as: MANAGER });
    const read = await server.graphql(`query($id: ID!) { node(id: $id) { ... on Offer { total lines { unitPrice } } } }`, { id: offer.id }, { as: REP });
    expect(read.data!.node).toEqual({ total: '225.21', lines: [{ unitPrice: '19.99' }, { unitPrice: '100.01' }, { unitPrice: '19.99' }] });
    await server.graphql(SetPrices, { input: { priceListId: eurList, prices: [{ productId: products.ham, unitPrice: '100.01' }] } }, { as: MANAGER });
  });

  it('refuses discontinued and unpriced products, a list in another currency and unknown products, writing nothing', async () => {
    const opportunityId = await openDeal();
    const before = await footprint();
    const refused = await server.graphql(
      CreateOffer,
      { input: { opportunityId, priceListId: eurList, lines: [{ productId: products.old, quantity: '1' }, { productId: products.coffee, quantity: '1' }, { productId: products.unpriced, quantity: '1' }] } },
      { as: REP },
    );
    expect(refused.data!.createOffer).toMatchObject({
      __typename: 'ValidationError',
      fieldErrors: [
        { path: ['input', 'lines', '0', 'productId'], message: expect.stringMatching(/discontinued/) },
        { path: ['input', 'lines', '2', 'productId'], message: expect.stringMatching(/no price in the price list Test list EUR/) },
      ],
    });
    const usd = await server.graphql(CreateOffer, { input: { opportunityId, priceListId: usdList, lines: [{ productId: products.coffee, quantity: '1' }] } }, { as: REP });
    expect(usd.data!.createOffer).toMatchObject({ __typename: 'ValidationError', fieldErrors: [{ path: ['input', 'priceListId'], message: 'is in USD, the opportunity in EUR' }] });
    const unknown = globalId('Product', '00000000-0000-7000-8000-000000000000');
    const missing = await server.graphql(CreateOffer, { input: { opportunityId, priceListId: eurList, lines: [{ productId: unknown, quantity: '1' }] } }, { as: REP });
    expect(missing.data!.createOffer).toMatchObject({ __typename: 'NotFoundError', id: unknown });
    const badQuantity = await server.graphql(CreateOffer, { input: { opportunityId, priceListId: eurList, lines: [{ productId: products.coffee, quantity: '0' }] } }, { as: REP });
    expect(badQuantity.data!.createOffer).toMatchObject({ __typename: 'ValidationError', fieldErrors: [{ path: ['input', 'lines', '0', 'quantity'] }] });
    expect(await footprint()).toEqual(before);
  });

  it('uses the default list of the currency when none is named', async () => {
    const opportunityId = await openDeal();
    const result = await server.graphql(CreateOffer, { input: { opportunityId, lines: [{ productId: products.coffee, quantity: '1' }] } }, { as: REP });
    // The seeded EUR default list does not carry the test products.
    expect(result.data!.createOffer).toMatchObject({ __typename: 'ValidationError', fieldErrors: [{ message: expect.stringMatching(/no price in the price list Tarifa general 2026/) }] });
  });

  it('goes DRAFT → SENT → ACCEPTED, and accepting makes its total the amount of the deal', async () => {
    const opportunityId = await openDeal();
    const offer = await draft(opportunityId);
    const revised = await server.graphql(ReviseOffer, { input: { id: offer.id, lines: [{ productId: products.coffee, quantity: '10' }] } }, { as: REP });
    // 199.90 less 10 %.
    expect(revised.data!.reviseOffer).toMatchObject({ offer: { status: 'DRAFT', subtotal: '199.90', total: '179.91', lines: [{ position: 1, quantity: '10' }] } });

    const sent = await server.graphql(SetOfferStatus, { input: { id: offer.id, status: 'SENT' } }, { as: REP });
    expect(sent.data!.setOfferStatus).toMatchObject({ offer: { status: 'SENT', sentAt: expect.any(String) } });
    const lateRevision = await server.graphql(ReviseOffer, { input: { id: offer.id, lines: LINES() } }, { as: REP });
    expect(lateRevision.data!.reviseOffer).toMatchObject({ __typename: 'ConflictError' });

    const accepted = await server.graphql(SetOfferStatus, { input: { id: offer.id, status: 'ACCEPTED' } }, { as: REP });
    expect(accepted.data!.setOfferStatus).toMatchObject({ offer: { status: 'ACCEPTED', decidedAt: expect.any(String), opportunity: { amount: '179.91', version: 2 } } });
    const { rows } = await server.owner.query(`SELECT topic, payload FROM "OutboxEvent" WHERE "subjectId" = $1 ORDER BY id`, [offer.id]);
    expect(rows.map((row) => [row.topic, row.payload.to ?? null, row.payload.total])).toEqual([
      ['offer.created', null, '225.21'],
      ['offer.revised', null, '179.91'],
      ['offer.statusChanged', 'SENT', '179.91'],
      ['offer.statusChanged', 'ACCEPTED', '179.91'],
    ]);

    const before = await footprint();
    const second = await draft(opportunityId);
    await server.graphql(SetOfferStatus, { input: { id: second.id, status: 'SENT' } }, { as: REP });
    const afterSecond = await footprint();
    const competing = await server.graphql(SetOfferStatus, { input: { id: second.id, status: 'ACCEPTED' } }, { as: REP });
    expect(competing.data!.setOfferStatus).toMatchObject({ __typename: 'ConflictError', existingId: offer.id });
    const undo = await server.graphql(SetOfferStatus, { input: { id: offer.id, status: 'DRAFT' } }, { as: REP });
    expect(undo.data!.setOfferStatus).toMatchObject({ __typename: 'ConflictError', message: expect.stringMatching(/ACCEPTED cannot become DRAFT/) });
    expect(await footprint()).toEqual(afterSecond);
    expect(afterSecond.offers).toBe(before.offers + 1);
  });

  it('cannot be accepted once expired, nor written for a closed deal', async () => {
    const opportunityId = await openDeal('NEGOTIATION');
    const offer = await draft(opportunityId, { validUntil: '2026-01-31' });
    await server.graphql(SetOfferStatus, { input: { id: offer.id, status: 'SENT' } }, { as: REP });
    const expired = await server.graphql(SetOfferStatus, { input: { id: offer.id, status: 'ACCEPTED' } }, { as: REP });
    expect(expired.data!.setOfferStatus).toMatchObject({ __typename: 'ConflictError', message: expect.stringMatching(/expired on 2026-01-31/) });
    await server.graphql(MoveOpportunity, { input: { id: opportunityId, stage: 'CLOSED_LOST', lostReason: 'PRICE' } }, { as: REP });
    const before = await footprint();
    const late = await server.graphql(CreateOffer, { input: { opportunityId, priceListId: eurList, lines: LINES() } }, { as: REP });
    expect(late.data!.createOffer).toMatchObject({ __typename: 'ConflictError' });
    const rejected = await server.graphql(SetOfferStatus, { input: { id: offer.id, status: 'REJECTED' } }, { as: REP });
    expect(rejected.data!.setOfferStatus).toMatchObject({ offer: { status: 'REJECTED' } });
    expect((await footprint()).offers).toBe(before.offers);
  });
});

describe('the catalog', () => {
  it('is kept by managers only', async () => {
    const rep = await server.graphql(CreateProduct, { input: { sku: 'REP-PRODUCT', name: 'Nope' } }, { as: REP });
    expect(rep.data!.createProduct).toMatchObject({ __typename: 'ForbiddenError' });
    const prices = await server.graphql(SetPrices, { input: { priceListId: eurList, prices: [{ productId: products.coffee, unitPrice: '0.01' }] } }, { as: REP });
    expect(prices.data!.setPrices).toMatchObject({ __typename: 'ForbiddenError' });
    const discount = await server.graphql(SetCustomerDiscount, { input: { customerId, percent: '99' } }, { as: REP });
    expect(discount.data!.setCustomerDiscount).toMatchObject({ __typename: 'ForbiddenError' });
  });

  it('refuses a SKU twice, naming the product that has it', async () => {
    const again = await server.graphql(CreateProduct, { input: { sku: 'TEST-COFFEE', name: 'Again' } }, { as: MANAGER });
    expect(again.data!.createProduct).toMatchObject({ __typename: 'ConflictError', existingId: products.coffee });
  });

  it('lists available products by default and discontinued ones when asked', async () => {
    const query = `query($filter: ProductFilter) { products(first: 10, filter: $filter) { edges { node { sku availability prices { unitPrice priceList { currency } } } } } }`;
    const available = await server.graphql(query, { filter: { search: 'test-' } }, { as: REP });
    expect(available.data!.products.edges.map((edge: { node: { sku: string } }) => edge.node.sku).sort()).toEqual(['TEST-COFFEE', 'TEST-HAM', 'TEST-UNPRICED']);
    const coffee = available.data!.products.edges.find((edge: { node: { sku: string } }) => edge.node.sku === 'TEST-COFFEE').node;
    expect(coffee.prices).toEqual(expect.arrayContaining([{ unitPrice: '19.99', priceList: { currency: 'EUR' } }, { unitPrice: '22.00', priceList: { currency: 'USD' } }]));
    const discontinued = await server.graphql(query, { filter: { search: 'test-', availability: ['DISCONTINUED'] } }, { as: REP });
    expect(discontinued.data!.products.edges.map((edge: { node: { sku: string } }) => edge.node.sku)).toEqual(['TEST-OLD']);
  });
});
