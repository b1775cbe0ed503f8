import type { Builder, Prisma } from '../../../src/plugin-api.ts';
import { ConflictError, ForbiddenError, NotFoundError, parseInput, ValidationError, viewerOf } from '../../../src/plugin-api.ts';
import { READ, WRITE } from '../access.ts';
import type { PipelineEnums } from '../enums.ts';
import { asUuid } from '../ids.ts';
import { createOfferSchema, registerOfferInputs, reviseOfferSchema, setOfferStatusSchema } from './offer-inputs.ts';
import { createOffer, reviseOffer, setOfferStatus } from './offer-lifecycle.ts';
import { offerTotals } from './offer-totals.ts';

const LINE_ORDER = { orderBy: [{ position: 'asc' as const }] };
const WRITE_ERRORS = [ValidationError, NotFoundError, ConflictError, ForbiddenError];

/**
 * `Offer` (a quote attached to an opportunity) and the mutations that draw it up, revise it and
 * move it along its statuses (their rules are in offer-lifecycle.ts).
 */
export function registerOffer(builder: Builder, enums: PipelineEnums): void {
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

  const inputs = registerOfferInputs(builder, enums);
  const OfferPayload = builder.objectRef<{ offer: Prisma.OfferModel }>('OfferPayload').implement({
    description: 'The offer a mutation created or changed.',
    fields: (t) => ({ offer: t.field({ type: 'Offer', description: 'The offer as stored, with its lines and totals.', resolve: (payload) => payload.offer }) }),
  });

  builder.mutationFields((t) => ({
    createOffer: t.field({
      type: OfferPayload,
      authScopes: WRITE,
      errors: { types: WRITE_ERRORS },
      description: 'Draws up a DRAFT offer for an open opportunity, in its currency, pricing each line from the price list less the customer\'s discounts.',
      args: { input: t.arg({ type: inputs.CreateOfferInput, required: true, description: 'The opportunity and the lines to offer.' }) },
      resolve: async (_root, args, context) => ({ offer: await createOffer(context, parseInput(createOfferSchema, args.input)) }),
    }),
    reviseOffer: t.field({
      type: OfferPayload,
      authScopes: WRITE,
      errors: { types: WRITE_ERRORS },
      description: "Rewrites a DRAFT offer's lines, validity and note, pricing the lines again; a SENT or decided offer is a ConflictError.",
      args: { input: t.arg({ type: inputs.ReviseOfferInput, required: true, description: 'The offer and its new lines.' }) },
      resolve: async (_root, args, context) => ({ offer: await reviseOffer(context, parseInput(reviseOfferSchema, args.input), args.input) }),
    }),
    setOfferStatus: t.field({
      type: OfferPayload,
      authScopes: WRITE,
      errors: { types: WRITE_ERRORS },
      description:
        'DRAFT → SENT → ACCEPTED or REJECTED (or back to DRAFT to revise). Accepting needs an open opportunity in the offer\'s currency and an offer still valid; ' +
        "it makes the offer's total the opportunity's amount.",
      args: { input: t.arg({ type: inputs.SetOfferStatusInput, required: true, description: 'The offer and its new status.' }) },
      resolve: async (_root, args, context) => ({ offer: await setOfferStatus(context, parseInput(setOfferStatusSchema, args.input)) }),
    }),
  }));
}
