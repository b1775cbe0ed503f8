import { createContextCache } from '@pothos/core';
import type { Context, KeysetRequest } from '../../src/plugin-api.ts';
import { perCustomerLoader } from '../../src/plugin-api.ts';
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
  page: perCustomerLoader<PageRequest, InteractionRow[]>((customerIds, request) => readInteractionPages(context, customerIds, request.filter, request), []),
  count: perCustomerLoader<InteractionFilter, number>((customerIds, filter) => countInteractions(context, customerIds, filter), 0),
}));
