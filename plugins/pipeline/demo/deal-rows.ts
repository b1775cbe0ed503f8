import type { OfferStatus, OpportunityStage } from '../store/enums.ts';
import { offerTotals } from '../offers/offer-totals.ts';
import { DEFAULT_PROBABILITY, isClosed, STAGES } from '../stages.ts';
import { CURRENCY_OF_COUNTRY, centsText, convertedCents } from './catalog.ts';
import type { DemoCatalog } from './catalog-rows.ts';
import type { SeedCustomer } from './customers.ts';
import { dealOwner, expectedCloseOf, walkDeal, type DealPath } from './deals.ts';
import { DAY, type DemoDraws } from './random.ts';
import { REP_IDS, SALES_REPS } from './team.ts';
import { DEAL_THEMES, NEXT_STEPS } from './themes.ts';

export interface OpportunityRow {
  id: string;
  tenantId: string;
  customerId: string;
  name: string;
  stage: OpportunityStage;
  amount: string | null;
  currency: string;
  expectedCloseDate: string;
  ownerId: string;
  probability: number | null;
  nextStep: string | null;
  lostReason: string | null;
  lostNote: string | null;
  closedAt: string | null;
  stageEnteredAt: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface OfferRow {
  id: string;
  tenantId: string;
  opportunityId: string;
  priceListId: string;
  currency: string;
  status: OfferStatus;
  validUntil: string;
  note: string | null;
  sentAt: string | null;
  decidedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface OfferLineRow {
  id: string;
  tenantId: string;
  offerId: string;
  position: number;
  productId: string;
  description: string;
  quantity: string;
  unitPrice: string;
  discountPercent: string;
}

export interface DemoDeal {
  row: OpportunityRow;
  customer: SeedCustomer;
  path: DealPath;
  offer: { row: OfferRow; lines: OfferLineRow[]; total: string } | null;
}

const OFFER_STAGE = STAGES.indexOf('OFFER_DEVELOPMENT');
const BASE_EUROS = { keyAccount: 30_000, organization: 9_000, person: 1_500 };

const dateOnly = (date: Date) => date.toISOString().slice(0, 10);
const decimal = (text: string) => ({ toFixed: (digits: number) => Number(text).toFixed(digits) });

/**
 * A deal for a customer: its walk through the stages, its amount (the total of its offer once it
 * got to offer development, an estimate before), its offer with lines priced from the currency's
 * price list less the customer's discounts, accepted when won and rejected when lost after it.
 */
export function buildDeal(draws: DemoDraws, tenantId: string, customer: SeedCustomer, createdAt: Date, now: Date, catalog: DemoCatalog): DemoDeal {
  const path = walkDeal(draws, createdAt, now);
  const ownerId = dealOwner(draws, customer, SALES_REPS, REP_IDS);
  const theme = draws.pick(DEAL_THEMES);
  const currency = CURRENCY_OF_COUNTRY[customer.country ?? ''] ?? 'EUR';
  const size = customer.kind === 'PERSON' ? BASE_EUROS.person : customer.audiences.includes('KEY_ACCOUNT') ? BASE_EUROS.keyAccount : BASE_EUROS.organization;
  const euros = size * draws.spread(0.7);
  const id = draws.uuidV7(createdAt);
  const last = path.moves.at(-1)!;

  const offerMove = path.moves.findIndex((move) => STAGES.indexOf(move.to) >= OFFER_STAGE && move.to !== 'CLOSED_LOST');
  const offerWindow = offerMove < 0 ? null : { from: path.moves[offerMove]!.at, until: path.moves[offerMove + 1]?.at ?? now };
  const offer = offerWindow ? buildOffer(draws, { tenantId, opportunityId: id, customer, skus: theme.skus, currency, euros, window: offerWindow, path, catalog }) : null;

  let amount: string | null = offer?.total ?? centsText(convertedCents(euros, currency));
  const early = STAGES.indexOf(path.moves.find((move) => move.to !== 'CLOSED_LOST' && move.to !== 'CLOSED_WON')?.to ?? 'PROSPECT') < 2;
  if (!offer && path.stage !== 'CLOSED_WON' && early && draws.chance(0.35)) amount = null;

  const open = !isClosed(path.stage);
  const probability = open && draws.chance(0.12) ? Math.min(95, Math.max(5, DEFAULT_PROBABILITY[path.stage] + draws.pick([-15, -10, -5, 5, 10, 15]))) : null;
  return {
    customer,
    path,
    offer,
    row: {
      id,
      tenantId,
      customerId: customer.id,
      name: `${theme.name} – ${customer.displayName}`.slice(0, 200),
      stage: path.stage,
      amount,
      currency,
      expectedCloseDate: dateOnly(expectedCloseOf(draws, path, now)),
      ownerId,
      probability,
      nextStep: open && draws.chance(0.7) ? draws.pick(NEXT_STEPS) : null,
      lostReason: path.lostReason,
      lostNote: path.lostReason && draws.chance(0.3) ? 'Told us on the phone' : null,
      closedAt: path.closedAt?.toISOString() ?? null,
      stageEnteredAt: last.at.toISOString(),
      version: path.moves.length,
      createdAt: createdAt.toISOString(),
      updatedAt: (offer?.row.decidedAt && offer.row.decidedAt > last.at.toISOString() ? offer.row.decidedAt : last.at.toISOString()),
    },
  };
}

interface OfferPlan {
  tenantId: string;
  opportunityId: string;
  customer: SeedCustomer;
  skus: readonly string[];
  currency: string;
  euros: number;
  /** From entering offer development to the next move (or the end of the history). */
  window: { from: Date; until: Date };
  path: DealPath;
  catalog: DemoCatalog;
}

/** Written early in the window, sent a little later, decided when the deal closed. */
function buildOffer(draws: DemoDraws, plan: OfferPlan): NonNullable<DemoDeal['offer']> {
  const { tenantId, opportunityId, customer, skus, currency, euros, window, path, catalog } = plan;
  const span = window.until.getTime() - window.from.getTime();
  const createdAt = new Date(window.from.getTime() + Math.floor(span * 0.3 * draws.next()));
  const offerId = draws.uuidV7(createdAt);
  const offered = skus.filter((sku) => catalog.productBySku.get(sku)!.availability !== 'DISCONTINUED');
  const chosen = offered.filter((_sku, index) => index === 0 || draws.chance(0.6));
  const lines = chosen.map((sku, index) => {
    const product = catalog.productBySku.get(sku)!;
    const unitCents = catalog.priceOf(currency, sku);
    const share = (euros / chosen.length) * (currency === 'EUR' ? 1 : convertedCents(100, currency) / 10_000);
    const quantity = Math.max(1, Math.round((share * 100) / unitCents));
    return {
      id: draws.uuidV7(createdAt),
      tenantId,
      offerId,
      position: index + 1,
      productId: product.id,
      description: product.name,
      quantity: String(quantity),
      unitPrice: centsText(unitCents),
      discountPercent: catalog.discountOf(customer.id, product.id),
    };
  });
  const total = offerTotals(lines.map((line) => ({ quantity: decimal(line.quantity), unitPrice: decimal(line.unitPrice), discountPercent: decimal(line.discountPercent) }))).total;

  const sentAt = new Date(createdAt.getTime() + Math.floor((window.until.getTime() - createdAt.getTime()) * 0.5 * draws.next()));
  const decided = path.stage === 'CLOSED_WON' || (path.stage === 'CLOSED_LOST' && draws.chance(0.7));
  const status: OfferStatus = decided ? (path.stage === 'CLOSED_WON' ? 'ACCEPTED' : 'REJECTED') : draws.chance(0.7) ? 'SENT' : 'DRAFT';
  const decidedAt = decided ? path.closedAt! : null;
  const validUntil = new Date(Math.max(createdAt.getTime() + 30 * DAY, decidedAt?.getTime() ?? 0));
  const sent = status !== 'DRAFT';
  return {
    total,
    lines,
    row: {
      id: offerId,
      tenantId,
      opportunityId,
      priceListId: catalog.priceListOf(currency).id,
      currency,
      status,
      validUntil: dateOnly(validUntil),
      note: null,
      sentAt: sent ? sentAt.toISOString() : null,
      decidedAt: decidedAt?.toISOString() ?? null,
      createdAt: createdAt.toISOString(),
      updatedAt: (decidedAt ?? (sent ? sentAt : createdAt)).toISOString(),
    },
  };
}
