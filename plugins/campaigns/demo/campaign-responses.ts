import type { Faker } from '@faker-js/faker';
import { demoPrice, demoUtcOffsetHours, type ImportedInteraction } from '../../interactions/plugin.ts';
import type { CustomerKind } from '../../profile/plugin.ts';
import { CHANNELS } from '../channels.ts';
import type { RunDecision } from '../store/run-decisions.ts';
import type { CampaignChannel } from '../store/enums.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** How the people a demo campaign reached answered it. */
export interface DemoResponse {
  /**
   * The share of contacted customers who buy because of the campaign: the true incremental
   * conversion rate, on top of what everyone (control included) buys anyway in the demo's history.
   */
  uplift: number;
  /** What such a purchase is worth, in euros (drawn evenly between the two; charged in the customer's currency). */
  basket: readonly [number, number];
}

/** What a contact on each channel draws from the people it reaches, besides purchases. */
const ANSWERS: Readonly<Record<CampaignChannel, readonly { summary: string; share: number }[]>> = {
  EMAIL: [
    { summary: 'Opened the e-mail', share: 0.32 },
    { summary: 'Clicked through the e-mail', share: 0.06 },
  ],
  SMS: [{ summary: 'Followed the link in the text message', share: 0.09 }],
  PHONE: [{ summary: 'Talked the offer over with the agent', share: 0.45 }],
  POST: [{ summary: 'Brought the catalogue to the store', share: 0.05 }],
  WEB: [{ summary: 'Clicked the banner', share: 0.02 }],
  MOBILE_APP: [{ summary: 'Opened the in-app message', share: 0.22 }],
};

/** The response that comes right before a purchase the campaign caused, per channel. */
const LEADS_TO_PURCHASE: Readonly<Record<CampaignChannel, string>> = {
  EMAIL: 'Clicked through the e-mail',
  SMS: 'Followed the link in the text message',
  PHONE: 'Talked the offer over with the agent',
  POST: 'Brought the catalogue to the store',
  WEB: 'Clicked the banner',
  MOBILE_APP: 'Opened the in-app message',
};

/** Where a purchase a campaign caused is made: in a store after a call or a catalogue, online otherwise. */
const PURCHASE_CHANNEL: Readonly<Record<CampaignChannel, 'POINT_OF_SALE' | 'WEB'>> = {
  EMAIL: 'WEB',
  SMS: 'WEB',
  PHONE: 'POINT_OF_SALE',
  POST: 'POINT_OF_SALE',
  WEB: 'WEB',
  MOBILE_APP: 'WEB',
};

/** The source of the demo's campaign responses and the purchases they led to. */
export const DEMO_RESPONSE_SOURCE = 'demo-campaign-responses';

/** A customer of the demo as its responses need them. */
export interface DemoCustomer {
  kind: CustomerKind;
  country: string | null;
}

export interface RunOfDemo {
  campaignId: string;
  campaignName: string;
  runId: string;
  windowDays: number;
  /** The campaign's coupon, quoted by the purchases it causes; null: they carry its id. */
  responseCode: string | null;
  response: DemoResponse;
}

/**
 * The responses and purchases of one run's contacted customers, drawn from the seeded generator
 * in the decisions' order: each contact is answered at its channel's rates within days, and a
 * customer buys because of the campaign at its uplift, within three quarters of its window, after
 * a response on one of the channels that reached them, quoting its coupon where it has one. The control group draws nothing: what it
 * buys is the history everyone has. Nothing happens after `until` (the demo's present).
 */
export function drawRunResponses(
  faker: Faker,
  run: RunOfDemo,
  decisions: readonly RunDecision[],
  customers: ReadonlyMap<string, DemoCustomer>,
  until: Date,
): ImportedInteraction[] {
  const drawn: ImportedInteraction[] = [];
  const contactsOf = new Map<string, RunDecision[]>();
  for (const decision of decisions) {
    if (decision.outcome !== 'CONTACTED') continue;
    contactsOf.set(decision.customerId, [...(contactsOf.get(decision.customerId) ?? []), decision]);
  }
  for (const [customerId, contacts] of contactsOf) {
    const customer = customers.get(customerId);
    if (!customer) continue;
    const { kind } = customer;
    const add = (externalId: string, occurredAt: Date, input: Omit<ImportedInteraction['input'], 'occurredAt' | 'source' | 'externalId' | 'direction'>) => {
      if (occurredAt.getTime() <= until.getTime()) {
        drawn.push({ customer: { id: customerId, kind }, input: { ...input, direction: 'INBOUND', occurredAt, source: DEMO_RESPONSE_SOURCE, externalId: `${run.runId}:${customerId}:${externalId}` } });
      }
    };
    const response = (channel: CampaignChannel, summary: string) => ({
      channel: CHANNELS[channel].interactionChannel,
      kind: 'CAMPAIGN_RESPONSE' as const,
      summary: `${summary} of "${run.campaignName}"`,
      metadata: { campaignId: run.campaignId, runId: run.runId },
    });
    // A call is answered while it lasts; anything else within days of the contact.
    const answeredAt = (contact: RunDecision) =>
      new Date(contact.decidedAt.getTime() + (contact.channel === 'PHONE' ? faker.number.int({ min: 2 * MINUTE, max: 20 * MINUTE }) : faker.number.int({ min: 10 * MINUTE, max: 3 * DAY })));
    for (const contact of contacts) {
      for (const answer of ANSWERS[contact.channel]) {
        if (faker.number.float() >= answer.share) continue;
        add(`${contact.channel}:${answer.summary}`, answeredAt(contact), response(contact.channel, answer.summary));
      }
    }
    if (faker.number.float() >= run.response.uplift) continue;
    const through = faker.helpers.arrayElement(contacts);
    const purchaseChannel = PURCHASE_CHANNEL[through.channel];
    const drawnAt = new Date(through.decidedAt.getTime() + faker.number.int({ min: 2 * HOUR, max: Math.floor(run.windowDays * 0.75 * DAY) }));
    const boughtAt = purchaseChannel === 'POINT_OF_SALE' ? duringOpeningHours(drawnAt, demoUtcOffsetHours(customer.country)) : drawnAt;
    const respondedAt =
      through.channel === 'PHONE' ? answeredAt(through) : new Date(Math.max(through.decidedAt.getTime() + MINUTE, boughtAt.getTime() - faker.number.int({ min: 5 * MINUTE, max: 2 * HOUR })));
    const euros = faker.number.float({ min: run.response.basket[0], max: run.response.basket[1], fractionDigits: 2 });
    add(`${through.channel}:led to purchase`, respondedAt, response(through.channel, LEADS_TO_PURCHASE[through.channel]));
    add('purchase', boughtAt, {
      channel: purchaseChannel,
      kind: 'PURCHASE',
      summary: `Bought after "${run.campaignName}"`,
      ...demoPrice(customer.country, euros),
      metadata: run.responseCode ? { responseCode: run.responseCode } : { campaignId: run.campaignId },
    });
  }
  return drawn.sort((a, b) => new Date(a.input.occurredAt).getTime() - new Date(b.input.occurredAt).getTime());
}

/** The instant moved forward into a shop's opening hours (10:00 to 20:00 local, Monday to Saturday). */
function duringOpeningHours(at: Date, utcOffsetHours: number): Date {
  const local = new Date(at.getTime() - utcOffsetHours * HOUR);
  const hour = local.getUTCHours();
  if (hour < 10) local.setUTCHours(10);
  else if (hour >= 20) local.setTime(local.getTime() + DAY - (hour - 10) * HOUR);
  if (local.getUTCDay() === 0) local.setTime(local.getTime() + DAY);
  return new Date(local.getTime() + utcOffsetHours * HOUR);
}
