import type { z } from 'zod';
import type { Context, Prisma, TenantDb } from '../../../src/plugin-api.ts';
import type { OfferStatus } from '../store/enums.ts';
import { ConflictError, NotFoundError, ValidationError, viewerOf } from '../../../src/plugin-api.ts';
import { assertMayChange } from '../access.ts';
import { offerCreated, offerRevised, offerStatusChanged, opportunityUpdated } from '../events.ts';
import { globalIdOf, parseGlobalId } from '../ids.ts';
import { lockOpportunity, opportunityEventTarget, type OpportunityWithCustomer } from '../opportunities/opportunity-writes.ts';
import { isClosed } from '../stages.ts';
import type { createOfferSchema, reviseOfferSchema, setOfferStatusSchema } from './offer-inputs.ts';
import { priceLines } from './offer-lines.ts';
import { offerTotals } from './offer-totals.ts';

type OfferRow = Prisma.OfferModel;

/** Which status an offer may move to from each: a sent offer may be taken back to draft to revise it. */
const NEXT_STATUSES: Record<OfferStatus, readonly OfferStatus[]> = {
  DRAFT: ['SENT'],
  SENT: ['ACCEPTED', 'REJECTED', 'DRAFT'],
  ACCEPTED: [],
  REJECTED: [],
};

/** Draws up a DRAFT offer for an open opportunity, in its currency, each line priced from the price list less the customer's discounts. */
export function createOffer(context: Context, input: z.output<typeof createOfferSchema>): Promise<OfferRow> {
  return context.mutate(async (db) => {
    const opportunity = await openOpportunityFor(context, db, input.opportunityId, ['input', 'opportunityId']);
    const priceList = await priceListFor(context, db, opportunity, input.priceListId ?? null);
    const lines = await priceLines(context, db, input.lines, priceList, opportunity.customerId, ['input', 'lines']);
    const created = await db.offer.create({
      data: {
        tenantId: viewerOf(context).tenantId,
        opportunityId: opportunity.id,
        priceListId: priceList.id,
        currency: priceList.currency,
        validUntil: input.validUntil ?? null,
        note: input.note ?? null,
        lines: { create: lines },
      },
      include: { lines: true },
    });
    await context.events.emit(offerCreated, {
      ...offerEventTarget(created, opportunity),
      payload: { opportunityId: globalIdOf('Opportunity', opportunity.id), currency: created.currency, total: offerTotals(created.lines).total, lines: lines.length },
    });
    return created;
  });
}

/** Rewrites a DRAFT offer's lines (priced again), validity and note; `raw` says which of validity and note were sent. */
export function reviseOffer(context: Context, input: z.output<typeof reviseOfferSchema>, raw: object): Promise<OfferRow> {
  return context.mutate(async (db) => {
    const { offer: current, opportunity } = await lockOffer(context, db, input.id);
    if (current.status !== 'DRAFT') throw new ConflictError(`The offer is ${current.status}: only a DRAFT offer can be revised (set it back to DRAFT first if it was SENT)`);
    const priceList = await db.priceList.findUniqueOrThrow({ where: { id: current.priceListId } });
    const lines = await priceLines(context, db, input.lines, priceList, opportunity.customerId, ['input', 'lines']);
    await db.offerLine.deleteMany({ where: { offerId: current.id } });
    const revised = await db.offer.update({
      where: { id: current.id },
      data: {
        ...('validUntil' in raw ? { validUntil: input.validUntil ?? null } : {}),
        ...('note' in raw ? { note: input.note ?? null } : {}),
        lines: { create: lines },
      },
      include: { lines: true },
    });
    await context.events.emit(offerRevised, {
      ...offerEventTarget(revised, opportunity),
      payload: { opportunityId: globalIdOf('Opportunity', opportunity.id), currency: revised.currency, total: offerTotals(revised.lines).total, lines: lines.length },
    });
    return revised;
  });
}

/** Moves an offer along DRAFT → SENT → ACCEPTED or REJECTED (or back to DRAFT); accepting settles the deal's amount. */
export function setOfferStatus(context: Context, input: z.output<typeof setOfferStatusSchema>): Promise<OfferRow> {
  return context.mutate(async (db) => {
    const { offer: current, opportunity } = await lockOffer(context, db, input.id);
    if (!NEXT_STATUSES[current.status].includes(input.status)) {
      throw new ConflictError(`An offer that is ${current.status} cannot become ${input.status} (allowed: ${NEXT_STATUSES[current.status].join(', ') || 'none'})`);
    }
    const now = context.clock.now();
    const total = offerTotals(current.lines).total;
    if (input.status === 'ACCEPTED') await acceptInto(context, db, current, opportunity, total, now);
    const updated = await db.offer.update({
      where: { id: current.id },
      data: {
        status: input.status,
        ...(input.status === 'SENT' ? { sentAt: now } : {}),
        ...(input.status === 'ACCEPTED' || input.status === 'REJECTED' ? { decidedAt: now } : {}),
        ...(input.status === 'DRAFT' ? { sentAt: null } : {}),
      },
    });
    await context.events.emit(offerStatusChanged, {
      ...offerEventTarget(updated, opportunity),
      payload: { opportunityId: globalIdOf('Opportunity', opportunity.id), from: current.status, to: updated.status, currency: updated.currency, total },
    });
    return updated;
  });
}

type OfferWithLines = Prisma.OfferModel & { lines: Prisma.OfferLineModel[] };

function offerEventTarget(offer: { id: string }, opportunity: OpportunityWithCustomer) {
  return { ...opportunityEventTarget(opportunity), subjectId: globalIdOf('Offer', offer.id) };
}

/** An opportunity an offer may be written for: open, and the viewer's to change. */
async function openOpportunityFor(context: Context, db: TenantDb, globalId: string, path: string[]): Promise<OpportunityWithCustomer> {
  const opportunity = await lockOpportunity(context, db, globalId, path);
  assertMayChange(context, opportunity.ownerId, 'opportunity');
  if (isClosed(opportunity.stage)) throw new ConflictError(`The opportunity is ${opportunity.stage}: offers are for open opportunities`, globalId);
  return opportunity;
}

async function priceListFor(context: Context, db: TenantDb, opportunity: OpportunityWithCustomer, globalId: string | null) {
  const tenantId = viewerOf(context).tenantId;
  if (globalId === null) {
    const list = await db.priceList.findFirst({ where: { tenantId, currency: opportunity.currency, isDefault: true } });
    if (!list) throw ValidationError.at(['input', 'priceListId'], `is required: there is no default price list in ${opportunity.currency}`);
    return list;
  }
  const id = parseGlobalId(globalId, 'PriceList', ['input', 'priceListId']);
  const list = await db.priceList.findUnique({ where: { tenantId_id: { tenantId, id } } });
  if (!list) throw new NotFoundError('PriceList', globalId);
  if (list.currency !== opportunity.currency) throw ValidationError.at(['input', 'priceListId'], `is in ${list.currency}, the opportunity in ${opportunity.currency}`);
  return list;
}

/** Loads an offer with its lines for a change, its opportunity locked: offers of one deal change one at a time. */
async function lockOffer(context: Context, db: TenantDb, globalId: string): Promise<{ offer: OfferWithLines; opportunity: OpportunityWithCustomer }> {
  const id = parseGlobalId(globalId, 'Offer', ['input', 'id']);
  const tenantId = viewerOf(context).tenantId;
  const found = await db.offer.findUnique({ where: { tenantId_id: { tenantId, id } }, select: { opportunityId: true } });
  if (!found) throw new NotFoundError('Offer', globalId);
  const opportunity = await lockOpportunity(context, db, globalIdOf('Opportunity', found.opportunityId), ['input', 'id']);
  assertMayChange(context, opportunity.ownerId, 'opportunity');
  const offer = await db.offer.findUniqueOrThrow({ where: { id }, include: { lines: { orderBy: { position: 'asc' } } } });
  return { offer, opportunity };
}

/** Accepting an offer settles the deal's amount: its total, in its currency. */
async function acceptInto(context: Context, db: TenantDb, offer: OfferWithLines, opportunity: OpportunityWithCustomer, total: string, now: Date): Promise<void> {
  const offerId = globalIdOf('Offer', offer.id);
  if (isClosed(opportunity.stage)) throw new ConflictError(`The opportunity is ${opportunity.stage}: reopen it before accepting an offer`, offerId);
  if (offer.currency !== opportunity.currency) throw new ConflictError(`The offer is in ${offer.currency}, the opportunity now in ${opportunity.currency}`, offerId);
  if (offer.validUntil && offer.validUntil.toISOString().slice(0, 10) < now.toISOString().slice(0, 10)) {
    throw new ConflictError(`The offer expired on ${offer.validUntil.toISOString().slice(0, 10)}: revise it or draw up a new one`, offerId);
  }
  const accepted = await db.offer.findFirst({ where: { opportunityId: opportunity.id, status: 'ACCEPTED' }, select: { id: true } });
  if (accepted) throw new ConflictError('Another offer of this opportunity is already accepted', globalIdOf('Offer', accepted.id));
  await db.opportunity.update({ where: { id: opportunity.id }, data: { amount: total, version: { increment: 1 } } });
  await context.events.emit(opportunityUpdated, { ...opportunityEventTarget(opportunity), payload: { name: opportunity.name, changed: ['amount'] } });
}

