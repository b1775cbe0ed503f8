import type { SeedContext } from '../../src/plugin-api.ts';
import { buildActivities } from './demo/activity-rows.ts';
import { buildCatalog } from './demo/catalog-rows.ts';
import { dealWeight, readCustomers } from './demo/customers.ts';
import { buildDeal, type DemoDeal } from './demo/deal-rows.ts';
import { buildEvents } from './demo/event-rows.ts';
import { buildLeads } from './demo/lead-rows.ts';
import { DAY, DemoDraws } from './demo/random.ts';

/** A few hundred deals for the 2,300-customer demo tenant; the same share of any other size. */
const DEALS_PER_CUSTOMER = 0.17;
const HISTORY_DAYS = 720;

/**
 * The sales area's demo data for one tenant: the catalog with a price list per currency and key
 * accounts' discounts, deals spread over two years with their full stage history (so the forecast,
 * the win rate and the funnel mean something), offers with lines, leads, the agenda, and the
 * events of all of it so customers' timelines tell the story. Everything is drawn from the
 * plugin's seeded faker and dated relative to `context.now`.
 */
export async function seedPipeline(context: SeedContext): Promise<void> {
  const { tenantId, now } = context;
  const draws = new DemoDraws(context.faker);
  const customers = await readCustomers(context);
  const since = new Date(now.getTime() - HISTORY_DAYS * DAY);
  const catalog = buildCatalog(draws, tenantId, customers, since);

  const candidates = customers.filter((customer) => dealWeight(customer) > 0);
  const cumulative: number[] = [];
  let sum = 0;
  for (const customer of candidates) cumulative.push((sum += dealWeight(customer)));
  const dealCount = candidates.length === 0 ? 0 : Math.max(1, Math.round(context.customers * DEALS_PER_CUSTOMER));
  const deals: DemoDeal[] = [];
  for (let index = 0; index < dealCount; index++) {
    const customer = candidates[firstAbove(cumulative, draws.next() * sum)] ?? candidates.at(-1)!;
    // More deals lately than two years ago: a growing B2B side.
    const daysAgo = HISTORY_DAYS * Math.pow(draws.next(), 1.8);
    const createdAt = draws.workingTime(new Date(Math.max(now.getTime() - daysAgo * DAY, customer.createdAt.getTime() + DAY)), 0);
    if (createdAt.getTime() >= now.getTime()) continue;
    deals.push(buildDeal(draws, tenantId, customer, createdAt, now, catalog));
  }
  const leads = buildLeads(draws, context.faker, tenantId, deals, customers, now);
  const activities = buildActivities(draws, tenantId, deals, now);

  await context.insert('products', 'Product', catalog.products);
  await context.insert('price lists', 'PriceList', catalog.priceLists);
  await context.insert('prices', 'Price', catalog.prices);
  await context.insert('customer discounts', 'CustomerDiscount', catalog.discounts);
  await context.insert('opportunities', 'Opportunity', deals.map((deal) => deal.row));
  await context.insert(
    'stage changes',
    'OpportunityStageChange',
    deals.flatMap((deal) =>
      deal.path.moves.map((move) => ({ id: draws.uuidV7(move.at), tenantId, opportunityId: deal.row.id, fromStage: move.from, toStage: move.to, changedAt: move.at.toISOString(), actorId: deal.row.ownerId })),
    ),
  );
  await context.insert('offers', 'Offer', deals.flatMap((deal) => (deal.offer ? [deal.offer.row] : [])));
  await context.insert('offer lines', 'OfferLine', deals.flatMap((deal) => deal.offer?.lines ?? []));
  await context.insert('leads', 'Lead', leads);
  await context.insert('sales activities', 'SalesActivity', activities);

  const byId = new Map(customers.map((customer) => [customer.id, customer]));
  await context.insertEvents('sales events', buildEvents(deals, leads, activities, byId));
}

/** The first position whose running total exceeds `target` (binary search: tenants have up to tens of thousands of customers). */
function firstAbove(cumulative: readonly number[], target: number): number {
  let low = 0;
  let high = cumulative.length - 1;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (cumulative[middle]! <= target) low = middle + 1;
    else high = middle;
  }
  return low;
}
