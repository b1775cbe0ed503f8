import { createContextCache } from '@pothos/core';
import DataLoader from 'dataloader';
import type { Builder, Context } from '../../src/plugin-api.ts';
import type { InteractionChannel } from './store/enums.ts';
import { readAlong, valueReadAlong } from '../../src/plugin-api.ts';
import type { InteractionEnums } from './enums.ts';
import { factRowsExpression, factRowsFromJson, readFactRows, type FactRow } from './store/interaction-facts.ts';

const READ = { permission: 'interactions:read' } as const;

export interface PurchaseTotal {
  currency: string;
  total: string;
  average: string;
  count: number;
}

export interface ChannelActivity {
  channel: InteractionChannel;
  last30Days: number;
  last90Days: number;
  last365Days: number;
  total: number;
  lastAt: Date;
}

export interface InteractionFacts {
  lastInteractionAt: Date | null;
  lastPurchaseAt: Date | null;
  interactionCount: number;
  purchaseCount: number;
  purchaseTotals: PurchaseTotal[];
  byChannel: ChannelActivity[];
}

/**
 * `Customer.interactionFacts`: figures derived from the customer's interactions. They are computed
 * when read, relative to the request's clock, so they are always current; the customers of a page
 * are computed together in one statement.
 */
export function registerInteractionFacts(builder: Builder, enums: InteractionEnums): void {
  const PurchaseTotalRef = builder.objectRef<PurchaseTotal>('PurchaseTotal').implement({
    description: "The customer's purchases in one currency.",
    fields: (t) => ({
      currency: t.exposeString('currency', { description: 'ISO 4217.' }),
      total: t.exposeString('total', { description: 'Sum of the amounts, as a decimal, e.g. "1249.90".' }),
      average: t.exposeString('average', { description: 'Average amount, rounded to the cent.' }),
      count: t.exposeInt('count', { description: 'Purchases with an amount in this currency.' }),
    }),
  });

  const ChannelActivityRef = builder.objectRef<ChannelActivity>('ChannelActivity').implement({
    description: 'How often the customer was in contact on one channel.',
    fields: (t) => ({
      channel: t.field({ type: enums.Channel, description: 'The channel these counts are for.', resolve: (activity) => activity.channel }),
      last30Days: t.exposeInt('last30Days', { description: 'Contacts in the 30 days up to now.' }),
      last90Days: t.exposeInt('last90Days', { description: 'Contacts in the 90 days up to now.' }),
      last365Days: t.exposeInt('last365Days', { description: 'Contacts in the 365 days up to now.' }),
      total: t.exposeInt('total', { description: 'Contacts ever recorded on the channel.' }),
      lastAt: t.expose('lastAt', { type: 'DateTime', description: 'The latest contact on this channel.' }),
    }),
  });

  const FactsRef = builder.objectRef<InteractionFacts>('InteractionFacts').implement({
    description: "Figures derived from a customer's interactions, current at the time of the request.",
    fields: (t) => ({
      lastInteractionAt: t.expose('lastInteractionAt', { type: 'DateTime', nullable: true, description: 'The latest contact on any channel; null when there has been none.' }),
      lastPurchaseAt: t.expose('lastPurchaseAt', { type: 'DateTime', nullable: true, description: 'The latest PURCHASE; null when the customer never bought.' }),
      interactionCount: t.exposeInt('interactionCount', { description: 'Contacts ever recorded, on every channel.' }),
      purchaseCount: t.exposeInt('purchaseCount', { description: 'Purchases, with or without an amount.' }),
      purchaseTotals: t.field({
        type: [PurchaseTotalRef],
        description: 'Total and average purchase value per currency, the most used currency first.',
        resolve: (facts) => facts.purchaseTotals,
      }),
      byChannel: t.field({
        type: [ChannelActivityRef],
        description: 'Contacts per channel in the last 30, 90 and 365 days and overall; channels never used are left out. Busiest first.',
        resolve: (facts) => facts.byChannel,
      }),
    }),
  });

  builder.interfaceField('Customer', 'interactionFacts', (t) =>
    t.field({
      type: FactsRef,
      authScopes: READ,
      description: 'Last contact, last purchase, purchase value and contacts per channel, computed from the interactions when asked.',
      // customer(id) reads them in its own statement (read-along.ts); a page's customers together, by the loader.
      extensions: readAlong({ expression: (_args, context, parent, parameter) => factRowsExpression(`${parent}.id`, parameter(context.clock.now().toISOString())), read: factsFromJson }),
      resolve: (customer, _args, context, info) => valueReadAlong<InteractionFacts>(customer, info)?.value ?? factsLoader(context).load((customer as { id: string }).id),
    }),
  );
}

const factsLoader = createContextCache((context: Context) => new DataLoader<string, InteractionFacts>(async (customerIds) => assembleFacts(await readFactRows(context, customerIds), customerIds)));

/** The facts from the read-along value of one customer. */
function factsFromJson(value: unknown): InteractionFacts {
  const rows = factRowsFromJson(value);
  return assembleFacts(rows, rows.length ? [rows[0]!.customerId] : ['none'])[0]!;
}

/** The facts of each customer in `ids`, in that order, from their fact rows. */
function assembleFacts(rows: readonly FactRow[], ids: readonly string[]): InteractionFacts[] {
  const facts = new Map<string, InteractionFacts>(ids.map((id) => [id, emptyFacts()]));
  for (const row of rows) {
    const customer = facts.get(row.customerId);
    if (!customer) continue;
    if (row.part === 'channel') {
      customer.interactionCount += row.total;
      customer.lastInteractionAt = later(customer.lastInteractionAt, row.lastAt);
      customer.byChannel.push({
        channel: row.key as InteractionChannel,
        last30Days: row.last30Days,
        last90Days: row.last90Days,
        last365Days: row.last365Days,
        total: row.total,
        lastAt: row.lastAt,
      });
    } else {
      customer.purchaseCount += row.total;
      customer.lastPurchaseAt = later(customer.lastPurchaseAt, row.lastAt);
      // Purchases recorded without an amount count as purchases but have no value to add up.
      if (row.key !== null && row.sum !== null && row.average !== null) {
        customer.purchaseTotals.push({ currency: row.key, total: row.sum, average: row.average, count: row.total });
      }
    }
  }
  for (const customer of facts.values()) {
    customer.byChannel.sort((a, b) => b.total - a.total || a.channel.localeCompare(b.channel));
    customer.purchaseTotals.sort((a, b) => b.count - a.count || a.currency.localeCompare(b.currency));
  }
  return ids.map((id) => facts.get(id)!);
}

function emptyFacts(): InteractionFacts {
  return { lastInteractionAt: null, lastPurchaseAt: null, interactionCount: 0, purchaseCount: 0, purchaseTotals: [], byChannel: [] };
}

function later(current: Date | null, candidate: Date): Date {
  return current === null || candidate > current ? candidate : current;
}
