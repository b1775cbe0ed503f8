import { createContextCache } from '@pothos/core';
import DataLoader from 'dataloader';
import type { Context, KeysetRequest } from '../../src/plugin-api.ts';
import { countInteractions, readInteractionPages, type InteractionFilter } from './store/interaction-pages.ts';
import type { InteractionRow } from './store/interaction-rows.ts';

/** One page request of `Customer.interactions`: its filters and its keyset window. */
export interface PageRequest extends KeysetRequest {
  filter: InteractionFilter;
}

/**
 * Pages of many customers' interactions, and their counts, each in one statement: the customers
 * of a list page are asked for together, so a page of 100 customers with their latest interactions
 * costs two statements, not two hundred. Keyed per request.
 */
export const interactionPages = createContextCache((context: Context) => ({
  page: new DataLoader<{ customerId: string; request: PageRequest }, InteractionRow[], string>(
    (keys) => batchBySameRequest(keys, (customerIds, request) => readInteractionPages(context, customerIds, request.filter, request)),
    { cacheKeyFn: (key) => JSON.stringify(key) },
  ),
  count: new DataLoader<{ customerId: string; request: InteractionFilter }, number, string>(
    (keys) => batchBySameRequest(keys, (customerIds, filter) => countInteractions(context, customerIds, filter)),
    { cacheKeyFn: (key) => JSON.stringify(key) },
  ),
}));

/** Customers asked for with the same arguments share a statement; the answers go back in key order. */
async function batchBySameRequest<Request, Result>(
  keys: readonly { customerId: string; request: Request }[],
  load: (customerIds: string[], request: Request) => Promise<Map<string, Result>>,
): Promise<Result[]> {
  const groups = new Map<string, { request: Request; customerIds: string[] }>();
  for (const key of keys) {
    const shape = JSON.stringify(key.request);
    const group = groups.get(shape) ?? { request: key.request, customerIds: [] };
    group.customerIds.push(key.customerId);
    groups.set(shape, group);
  }
  const answers = new Map<string, Map<string, Result>>();
  await Promise.all([...groups].map(async ([shape, group]) => answers.set(shape, await load([...new Set(group.customerIds)], group.request))));
  return keys.map((key) => answers.get(JSON.stringify(key.request))!.get(key.customerId)!);
}
