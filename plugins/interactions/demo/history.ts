import type { Audience } from '../../profile/plugin.ts';
import type { SeedCustomer } from '../../profile/plugin.ts';
import { basket } from './baskets.ts';
import type { Calendar, Rhythm, Season } from './calendar.ts';
import {
  CALL_CENTER_AGENTS, CAMPAIGNS, COMPLAINTS, CURRENCY_OF_COUNTRY, BUSINESS_INQUIRIES, INQUIRIES, OTHER_EVENTS, PAYMENT_METHODS,
  SALES_REPS, SERVICES, STORE_STAFF, STORES, UTC_OFFSET_HOURS, type Currency,
} from './catalog.ts';
import type { DemoRandom, Weighted } from './random.ts';

type Channel =
  | 'POINT_OF_SALE' | 'COMPLAINT_DESK' | 'CALL_CENTER_INBOUND' | 'CALL_CENTER_OUTBOUND' | 'EMAIL' | 'WEB' | 'MOBILE_APP'
  | 'CHAT' | 'SMS' | 'SOCIAL' | 'IVR' | 'LOYALTY_PROGRAM' | 'SATISFACTION_SURVEY' | 'FIELD_VISIT';
type Kind = 'PURCHASE' | 'INQUIRY' | 'COMPLAINT' | 'VISIT' | 'CAMPAIGN_RESPONSE' | 'SURVEY_RESPONSE' | 'SERVICE' | 'OTHER';

/** A row exactly as it goes into the Interaction table. */
export interface InteractionRow {
  id: string;
  tenantId: string;
  customerId: string;
  channel: Channel;
  direction: 'INBOUND' | 'OUTBOUND';
  kind: Kind;
  occurredAt: string;
  summary: string | null;
  agentId: string | null;
  metadata: Record<string, unknown>;
  amount: string | null;
  currency: string | null;
  /** JSON text: node-postgres would turn an array into a PostgreSQL array. */
  productLines: string | null;
  surveyScore: number | null;
  source: string;
  externalId: string;
  recordedAt: string;
}

type Segment = 'keyAccount' | 'buyer' | 'former' | 'staff' | 'prospect' | 'supplier' | 'businessKey' | 'business' | 'businessProspect';

/** Primary interactions over two years for a customer active all that time; the follow-ups come on top. */
const BASE_COUNT: Record<Segment, number> = {
  keyAccount: 84, buyer: 20, former: 14, staff: 11, prospect: 4, supplier: 2, businessKey: 180, business: 38, businessProspect: 6,
};

const MIXES: Record<Segment, Weighted<Kind>> = {
  keyAccount: [['PURCHASE', 52], ['INQUIRY', 9], ['VISIT', 8], ['CAMPAIGN_RESPONSE', 12], ['SERVICE', 12], ['OTHER', 3], ['COMPLAINT', 0.5]],
  buyer: [['PURCHASE', 48], ['INQUIRY', 10], ['VISIT', 9], ['CAMPAIGN_RESPONSE', 15], ['SERVICE', 9], ['OTHER', 6], ['COMPLAINT', 0.5]],
  former: [['PURCHASE', 42], ['INQUIRY', 12], ['VISIT', 8], ['CAMPAIGN_RESPONSE', 12], ['SERVICE', 10], ['OTHER', 6], ['COMPLAINT', 2]],
  staff: [['PURCHASE', 40], ['INQUIRY', 10], ['VISIT', 15], ['CAMPAIGN_RESPONSE', 15], ['SERVICE', 10], ['OTHER', 10]],
  prospect: [['CAMPAIGN_RESPONSE', 38], ['INQUIRY', 22], ['VISIT', 18], ['OTHER', 14], ['PURCHASE', 8]],
  supplier: [['INQUIRY', 50], ['OTHER', 30], ['VISIT', 20]],
  businessKey: [['PURCHASE', 42], ['INQUIRY', 16], ['VISIT', 16], ['SERVICE', 16], ['CAMPAIGN_RESPONSE', 6], ['COMPLAINT', 1]],
  business: [['PURCHASE', 40], ['INQUIRY', 18], ['VISIT', 14], ['SERVICE', 14], ['CAMPAIGN_RESPONSE', 10], ['COMPLAINT', 1]],
  businessProspect: [['INQUIRY', 45], ['VISIT', 30], ['CAMPAIGN_RESPONSE', 25]],
};

const NPS: Weighted<number> = [[10, 25], [9, 22], [8, 18], [7, 12], [6, 7], [5, 5], [4, 3], [3, 3], [2, 2], [1, 1], [0, 2]];
const AFTER_COMPLAINT: Weighted<number> = [[0, 10], [1, 8], [2, 10], [3, 12], [4, 12], [5, 12], [6, 10], [7, 10], [8, 8], [9, 5], [10, 3]];

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const MAX_PER_CUSTOMER = 900;

interface Draft {
  channel: Channel;
  direction: 'INBOUND' | 'OUTBOUND';
  kind: Kind;
  at: Date;
  summary: string;
  agentId?: string | null;
  metadata?: Record<string, unknown>;
  amountCents?: number;
  currency?: Currency;
  productLines?: unknown[] | null;
  surveyScore?: number;
  source: string;
  externalId: string;
}

/**
 * Writes a customer's contacts with the company: a long-tailed number of them (a few for most,
 * hundreds for key accounts), placed on the calendar by channel and season, with complaints,
 * surveys and callbacks following the purchases that caused them.
 */
export class HistoryWriter {
  readonly #tenantId: string;
  readonly #random: DemoRandom;
  readonly #calendar: Calendar;
  readonly #sequences = new Map<string, number>();

  constructor(tenantId: string, random: DemoRandom, calendar: Calendar) {
    this.#tenantId = tenantId;
    this.#random = random;
    this.#calendar = calendar;
  }

  historyOf(customer: SeedCustomer): InteractionRow[] {
    const random = this.#random;
    const segment = segmentOf(customer);
    const start = Math.max(customer.createdAt.getTime(), this.#calendar.start);
    // Lost and lapsed customers stopped coming when their lifecycle changed.
    const end = customer.lifecycle === 'ACTIVE' ? this.#calendar.end : Math.max(start, customer.lifecycleChangedAt.getTime());
    const share = (end - start) / (this.#calendar.end - this.#calendar.start);
    const count = Math.min(MAX_PER_CUSTOMER, Math.round(BASE_COUNT[segment] * share * random.spread(1.05)));

    const drafts: Draft[] = [];
    const context = new CustomerContext(customer, start, end);
    for (let index = 0; index < count; index++) {
      const kind = random.weighted(MIXES[segment]);
      const draft = this.#primary(kind, context);
      if (!draft) continue;
      drafts.push(draft);
      if (kind === 'PURCHASE') drafts.push(...this.#afterPurchase(draft, context));
    }
    if (customer.lifecycle !== 'ACTIVE') drafts.push(...this.#winBack(context));
    return drafts.map((draft) => this.#row(customer, draft));
  }

  #primary(kind: Kind, context: CustomerContext): Draft | null {
    switch (kind) {
      case 'PURCHASE':
        return this.#purchase(context);
      case 'INQUIRY':
        return this.#inquiry(context);
      case 'VISIT':
        return this.#visit(context);
      case 'CAMPAIGN_RESPONSE':
        return this.#campaignResponse(context);
      case 'SERVICE':
        return this.#service(context);
      case 'COMPLAINT':
        return this.#complaint(context, null, context.start, context.end);
      default:
        return this.#other(context);
    }
  }

  #purchase(context: CustomerContext): Draft | null {
    const random = this.#random;
    const { business, store } = context;
    const channel: Channel = business
      ? random.weighted([['EMAIL', 35], ['WEB', 25], ['FIELD_VISIT', 25], ['CALL_CENTER_INBOUND', 15]])
      : store
        ? random.weighted([['POINT_OF_SALE', 60], ['WEB', 25], ['MOBILE_APP', 15]])
        : random.weighted([['WEB', 60], ['MOBILE_APP', 40]]);
    const at = this.#when(context, channel, 'sales');
    if (!at) return null;
    const items = basket(random, context.currency, business);
    // Some tills send the ticket total without its lines.
    const withLines = !(channel === 'POINT_OF_SALE' && random.chance(0.08));
    const common = {
      channel,
      kind: 'PURCHASE' as const,
      at,
      amountCents: items.amountCents,
      currency: context.currency,
      productLines: withLines ? items.lines : null,
    };
    const unitsText = `${items.units} item${items.units === 1 ? '' : 's'}`;
    if (business) {
      const order = this.#next('erp', 'SO-', 6);
      const first = items.lines[0]!.name.toLowerCase();
      return {
        ...common,
        direction: channel === 'FIELD_VISIT' ? 'OUTBOUND' : 'INBOUND',
        summary: `Order ${order}: ${items.units} units of ${first}${items.lines.length > 1 ? ` and ${items.lines.length - 1} more` : ''}`,
        agentId: channel === 'WEB' ? null : context.owner(random),
        metadata: { purchaseOrder: `PO-${random.int(10_000, 99_999)}`, paymentTerms: random.pick(['30 days', '60 days', 'prepaid']) },
        source: 'erp',
        externalId: order,
      };
    }
    if (channel === 'POINT_OF_SALE') {
      const store = context.store!;
      return {
        ...common,
        direction: 'INBOUND',
        summary: `Bought ${unitsText} at ${store}`,
        agentId: random.chance(0.6) ? random.pick(STORE_STAFF) : null,
        metadata: { store, till: `T${random.int(1, 6)}`, paymentMethod: random.weighted(PAYMENT_METHODS) },
        source: 'pos',
        externalId: this.#next('pos', `TCK-${storeCode(store)}-`, 7),
      };
    }
    const order = this.#next('ecommerce', 'ORD-', 7);
    return {
      ...common,
      direction: 'INBOUND',
      summary: `${channel === 'WEB' ? 'Online' : 'App'} order ${order}: ${unitsText}`,
      metadata: {
        device: channel === 'WEB' ? random.weighted([['desktop', 55], ['mobile', 38], ['tablet', 7]]) : random.weighted([['ios', 55], ['android', 45]]),
        delivery: context.store ? random.weighted([['home', 70], ['store-pickup', 30]]) : 'home',
      },
      source: 'ecommerce',
      externalId: order,
    };
  }

  /** Complaints cluster in the days after a purchase; surveys and callbacks follow. */
  #afterPurchase(purchase: Draft, context: CustomerContext): Draft[] {
    const random = this.#random;
    const drafts: Draft[] = [];
    const online = purchase.channel !== 'POINT_OF_SALE';
    const bought = purchase.at.getTime();
    let complaint: Draft | null = null;
    if (random.chance(context.business ? 0.05 : online ? 0.08 : 0.04)) {
      const latest = bought + DAY_MS + Math.min(30 * DAY_MS, random.exponential(5 * DAY_MS));
      complaint = this.#complaint(context, purchase, bought + 2 * HOUR_MS, latest);
      if (complaint) drafts.push(complaint);
    }
    if (complaint && random.chance(0.45)) {
      const at = this.#when(context, 'CALL_CENTER_OUTBOUND', 'flat', complaint.at.getTime() + HOUR_MS, complaint.at.getTime() + 3 * DAY_MS);
      if (at) {
        drafts.push({
          channel: 'CALL_CENTER_OUTBOUND', direction: 'OUTBOUND', kind: 'SERVICE', at,
          summary: 'Called back about the complaint', agentId: random.pick(CALL_CENTER_AGENTS),
          metadata: { relatedExternalId: complaint.externalId, outcome: random.weighted([['resolved', 60], ['refund', 25], ['replacement', 15]]) },
          source: 'callcenter', externalId: this.#next('callcenter', 'CALL-', 7),
        });
      }
    }
    if (random.chance(context.business ? 0.04 : complaint ? 0.35 : 0.13)) {
      const from = (complaint ?? purchase).at.getTime() + DAY_MS;
      const at = this.#when(context, 'SATISFACTION_SURVEY', 'flat', from, from + 7 * DAY_MS);
      if (at) {
        const score = random.weighted(complaint ? AFTER_COMPLAINT : NPS);
        drafts.push({
          channel: 'SATISFACTION_SURVEY', direction: 'INBOUND', kind: 'SURVEY_RESPONSE', at,
          summary: `Post-purchase survey: ${score}/10`, surveyScore: score,
          metadata: { survey: 'post-purchase-nps', relatedExternalId: purchase.externalId },
          source: 'survey', externalId: this.#next('survey', 'SRV-', 7),
        });
      }
    }
    return drafts;
  }

  #complaint(context: CustomerContext, purchase: Draft | null, from: number, to: number): Draft | null {
    const random = this.#random;
    const online = purchase ? purchase.channel !== 'POINT_OF_SALE' : !context.store || random.chance(0.5);
    const channel: Channel = online
      ? random.weighted([['EMAIL', 35], ['CALL_CENTER_INBOUND', 35], ['CHAT', 15], ['SOCIAL', 15]])
      : random.weighted([['COMPLAINT_DESK', 55], ['CALL_CENTER_INBOUND', 30], ['SOCIAL', 15]]);
    const at = this.#when(context, channel, 'flat', from, to);
    if (!at) return null;
    const reason = random.pick(COMPLAINTS.filter((candidate) => candidate.online === online));
    return {
      channel, direction: 'INBOUND', kind: 'COMPLAINT', at,
      summary: reason.summary,
      agentId: channel === 'COMPLAINT_DESK' ? random.pick(STORE_STAFF) : channel === 'SOCIAL' ? null : random.pick(CALL_CENTER_AGENTS),
      metadata: { category: reason.category, ...(purchase ? { relatedSource: purchase.source, relatedExternalId: purchase.externalId } : {}) },
      source: channel === 'COMPLAINT_DESK' ? 'servicedesk' : channel === 'SOCIAL' ? 'social' : 'callcenter',
      externalId: channel === 'COMPLAINT_DESK' ? this.#next('servicedesk', 'INC-', 6) : channel === 'SOCIAL' ? this.#next('social', 'MSG-', 8) : this.#next('callcenter', 'CALL-', 7),
    };
  }

  #inquiry(context: CustomerContext): Draft | null {
    const random = this.#random;
    const channel: Channel = context.business
      ? random.weighted([['EMAIL', 50], ['CALL_CENTER_INBOUND', 35], ['WEB', 15]])
      : random.weighted([['CALL_CENTER_INBOUND', 35], ['CHAT', 25], ['EMAIL', 20], ['SOCIAL', 10], ['IVR', 10]]);
    const at = this.#when(context, channel, 'flat');
    if (!at) return null;
    if (channel === 'IVR') {
      return { channel, direction: 'INBOUND', kind: 'INQUIRY', at, summary: 'Checked an order status in the phone menu', metadata: { menu: 'order-status' }, source: 'callcenter', externalId: this.#next('callcenter', 'CALL-', 7) };
    }
    const phone = channel === 'CALL_CENTER_INBOUND';
    return {
      channel, direction: 'INBOUND', kind: 'INQUIRY', at,
      summary: random.pick(context.business ? BUSINESS_INQUIRIES : INQUIRIES),
      agentId: channel === 'SOCIAL' || channel === 'WEB' ? null : context.business && !phone ? context.owner(random) : random.pick(CALL_CENTER_AGENTS),
      metadata: phone ? { queue: random.pick(['orders', 'returns', 'products', 'loyalty']), durationSeconds: Math.round(60 + random.exponential(240)) } : {},
      source: phone ? 'callcenter' : channel === 'CHAT' ? 'chat' : channel === 'SOCIAL' ? 'social' : 'helpdesk',
      externalId: phone ? this.#next('callcenter', 'CALL-', 7) : channel === 'CHAT' ? this.#next('chat', 'CHT-', 7) : channel === 'SOCIAL' ? this.#next('social', 'MSG-', 8) : this.#next('helpdesk', 'TKT-', 6),
    };
  }

  #visit(context: CustomerContext): Draft | null {
    const random = this.#random;
    if (context.business) {
      const at = this.#when(context, 'FIELD_VISIT', 'flat');
      if (!at) return null;
      const agentId = context.owner(random);
      return {
        channel: 'FIELD_VISIT', direction: 'OUTBOUND', kind: 'VISIT', at,
        summary: random.pick(['Account review meeting', 'Presented the new catalogue', 'Visited to discuss the next order', 'Quarterly business review']),
        agentId, metadata: { durationMinutes: random.pick([30, 45, 60, 90]) }, source: 'crm', externalId: this.#next('crm', 'VIS-', 6),
      };
    }
    const channel: Channel = context.store ? random.weighted([['POINT_OF_SALE', 55], ['WEB', 30], ['MOBILE_APP', 15]]) : random.weighted([['WEB', 65], ['MOBILE_APP', 35]]);
    const at = this.#when(context, channel, 'campaigns');
    if (!at) return null;
    const inStore = channel === 'POINT_OF_SALE';
    return {
      channel, direction: 'INBOUND', kind: 'VISIT', at,
      summary: inStore ? `Visited ${context.store} without buying` : `Browsed the ${channel === 'WEB' ? 'online shop' : 'app'} for ${random.int(2, 25)} minutes`,
      metadata: inStore ? { store: context.store } : { pages: random.int(2, 30) },
      source: inStore ? 'pos' : 'web',
      externalId: inStore ? this.#next('pos', 'VST-', 7) : this.#next('web', 'SES-', 8),
    };
  }

  #campaignResponse(context: CustomerContext): Draft | null {
    const random = this.#random;
    const channel: Channel = context.business ? 'EMAIL' : random.weighted([['EMAIL', 50], ['SMS', 18], ['SOCIAL', 20], ['MOBILE_APP', 12]]);
    const at = this.#when(context, channel, 'campaigns');
    if (!at) return null;
    const campaign = context.business ? { slug: 'b2b-newsletter', summary: 'Clicked the business newsletter' } : random.weighted(CAMPAIGNS);
    return {
      channel, direction: 'INBOUND', kind: 'CAMPAIGN_RESPONSE', at, summary: campaign.summary,
      metadata: { campaign: `${campaign.slug}-${at.toISOString().slice(0, 7)}` },
      source: 'marketing', externalId: this.#next('marketing', 'RSP-', 8),
    };
  }

  #service(context: CustomerContext): Draft | null {
    const random = this.#random;
    let { summary, channel } = context.business
      ? random.weighted([[{ summary: 'Sent a copy of an invoice', channel: 'EMAIL' as Channel }, 40], [{ summary: 'Delivery scheduled by phone', channel: 'CALL_CENTER_OUTBOUND' as Channel }, 60]])
      : random.weighted(SERVICES);
    if (channel === 'POINT_OF_SALE' && !context.store) ({ summary, channel } = { summary: 'Order changed over chat', channel: 'CHAT' });
    const at = this.#when(context, channel, 'flat');
    if (!at) return null;
    const outbound = channel === 'CALL_CENTER_OUTBOUND' || channel === 'EMAIL';
    const staffed = channel === 'CALL_CENTER_OUTBOUND' || channel === 'CHAT';
    return {
      channel, direction: outbound ? 'OUTBOUND' : 'INBOUND', kind: 'SERVICE', at, summary,
      agentId: channel === 'POINT_OF_SALE' ? random.pick(STORE_STAFF) : channel === 'EMAIL' ? context.owner(random) : staffed ? random.pick(CALL_CENTER_AGENTS) : null,
      metadata: channel === 'POINT_OF_SALE' ? { store: context.store } : channel === 'LOYALTY_PROGRAM' ? { points: random.int(1, 40) * 50 } : {},
      source: channel === 'LOYALTY_PROGRAM' ? 'loyalty' : channel === 'POINT_OF_SALE' ? 'pos' : channel === 'CHAT' ? 'chat' : channel === 'EMAIL' ? 'helpdesk' : 'callcenter',
      externalId: channel === 'LOYALTY_PROGRAM'
        ? this.#next('loyalty', 'LOY-', 8)
        : channel === 'POINT_OF_SALE' ? this.#next('pos', 'SRV-', 7) : channel === 'CHAT' ? this.#next('chat', 'CHT-', 7) : channel === 'EMAIL' ? this.#next('helpdesk', 'TKT-', 6) : this.#next('callcenter', 'CALL-', 7),
    };
  }

  #other(context: CustomerContext): Draft | null {
    const { summary, channel } = this.#random.weighted(OTHER_EVENTS);
    const at = this.#when(context, channel, 'flat');
    if (!at) return null;
    return { channel, direction: 'INBOUND', kind: 'OTHER', at, summary, source: 'web', externalId: this.#next('web', 'EVT-', 8) };
  }

  /** After a customer was lost: the odd call trying to win them back. */
  #winBack(context: CustomerContext): Draft[] {
    const random = this.#random;
    const drafts: Draft[] = [];
    const calls = random.weighted([[0, 50], [1, 35], [2, 15]]);
    for (let call = 0; call < calls; call++) {
      const at = this.#when(context, 'CALL_CENTER_OUTBOUND', 'flat', context.end + DAY_MS, this.#calendar.end);
      if (!at) break;
      drafts.push({
        channel: 'CALL_CENTER_OUTBOUND', direction: 'OUTBOUND', kind: 'SERVICE', at,
        summary: random.pick(['Win-back call: not interested', 'Win-back call: no answer', 'Win-back call: offered a welcome-back discount']),
        agentId: random.pick(CALL_CENTER_AGENTS), metadata: { campaign: 'win-back' },
        source: 'callcenter', externalId: this.#next('callcenter', 'CALL-', 7),
      });
    }
    return drafts;
  }

  #when(context: CustomerContext, channel: Channel, season: Season, from = context.start, to = context.end): Date | null {
    return this.#calendar.draw(this.#random, rhythmOf(channel), season, from, to, context.utcOffset);
  }

  /** Each system numbers its records in order, with the gaps real systems have. */
  #next(source: string, prefix: string, digits: number): string {
    const sequence = (this.#sequences.get(source) ?? 10 ** (digits - 1)) + this.#random.int(1, 3);
    this.#sequences.set(source, sequence);
    return `${prefix}${sequence}`;
  }

  #row(customer: SeedCustomer, draft: Draft): InteractionRow {
    const occurredAt = draft.at.toISOString();
    return {
      id: this.#random.uuidV7(draft.at),
      tenantId: this.#tenantId,
      customerId: customer.id,
      channel: draft.channel,
      direction: draft.direction,
      kind: draft.kind,
      occurredAt,
      summary: draft.summary,
      agentId: draft.agentId ?? null,
      metadata: draft.metadata ?? {},
      amount: draft.amountCents === undefined ? null : (draft.amountCents / 100).toFixed(2),
      currency: draft.currency ?? null,
      productLines: draft.productLines ? JSON.stringify(draft.productLines) : null,
      surveyScore: draft.surveyScore ?? null,
      source: draft.source,
      externalId: draft.externalId,
      recordedAt: occurredAt,
    };
  }
}

/** What the generators need to know about the customer, worked out once. */
class CustomerContext {
  readonly business: boolean;
  readonly currency: Currency;
  readonly utcOffset: number;
  /** The shop the customer buys in, if the retailer has one in their country. */
  readonly store: string | null;
  readonly start: number;
  readonly end: number;
  readonly #ownerId: string | null;

  constructor(customer: SeedCustomer, start: number, end: number) {
    this.business = customer.kind === 'ORGANIZATION';
    this.currency = CURRENCY_OF_COUNTRY[customer.country ?? 'ES'] ?? 'EUR';
    this.utcOffset = UTC_OFFSET_HOURS[customer.country ?? 'ES'] ?? -1;
    const stores = STORES[customer.country ?? 'ES'];
    this.store = customer.preferredStore ?? (stores ? stores[hashOf(customer.id) % stores.length]! : null);
    this.start = start;
    this.end = end;
    this.#ownerId = customer.ownerId;
  }

  owner(random: DemoRandom): string {
    return this.#ownerId ?? random.pick(SALES_REPS);
  }
}

function segmentOf(customer: SeedCustomer): Segment {
  const has = (audience: Audience) => customer.audiences.includes(audience);
  if (customer.kind === 'ORGANIZATION') {
    if (has('KEY_ACCOUNT')) return 'businessKey';
    if (has('CUSTOMER') || has('FORMER_CUSTOMER')) return 'business';
    if (has('PROSPECT') || has('PRESCRIBER')) return 'businessProspect';
    return 'supplier';
  }
  if (has('KEY_ACCOUNT')) return 'keyAccount';
  if (has('CUSTOMER')) return 'buyer';
  if (has('FORMER_CUSTOMER')) return 'former';
  if (has('EMPLOYEE') || has('PRESCRIBER')) return 'staff';
  if (has('PROSPECT')) return 'prospect';
  return 'supplier';
}

function rhythmOf(channel: Channel): Rhythm {
  switch (channel) {
    case 'POINT_OF_SALE':
    case 'COMPLAINT_DESK':
      return 'store';
    case 'CALL_CENTER_INBOUND':
    case 'CALL_CENTER_OUTBOUND':
      return 'callCenter';
    case 'FIELD_VISIT':
      return 'office';
    default:
      return 'online';
  }
}

/** "Madrid Gran Vía" → "MGV": the store's code on its tickets. */
function storeCode(store: string): string {
  return store
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .split(/[\s']+/)
    .map((word) => word[0]!.toUpperCase())
    .join('')
    .slice(0, 4);
}

function hashOf(text: string): number {
  let hash = 0;
  for (let index = 0; index < text.length; index++) hash = (hash * 31 + text.charCodeAt(index)) >>> 0;
  return hash;
}
