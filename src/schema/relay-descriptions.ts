/**
 * Descriptions of what @pothos/plugin-relay generates for every connection (its Connection and
 * Edge types, PageInfo, the paging arguments) and for `Node`, `node` and `nodes`, given through
 * its documented options so the contract explains them once, the same way everywhere.
 */
export const relayDescriptions = {
  nodeTypeOptions: { description: 'A record that can be fetched again by its global id alone, with `node(id:)` or `nodes(ids:)`.' },
  idFieldOptions: { description: 'Global id: opaque, stable, unique across every type; pass it back as is.' },
  nodeQueryOptions: {
    description: 'The record with this global id, of whatever type; null when it does not exist or belongs to another tenant.',
    args: { id: { description: 'A global id, as any `id` field returns it.' } },
  },
  nodesQueryOptions: {
    description: 'The records with these global ids, in the order asked; null in the place of each one that does not exist or belongs to another tenant.',
    args: { ids: { description: 'Global ids, as `id` fields return them; at most one page (NEXO_MAX_PAGE_SIZE, 100 by default).' } },
  },
  pageInfoTypeOptions: { description: 'Where this page sits in the whole list, and the cursors to ask for the pages around it.' },
  hasNextPageFieldOptions: { description: 'Whether more items follow the last one on this page (ask with `after: endCursor`).' },
  hasPreviousPageFieldOptions: { description: 'Whether items come before the first one on this page (ask with `before: startCursor`).' },
  startCursorFieldOptions: { description: "The first item's cursor; null when the page is empty." },
  endCursorFieldOptions: { description: "The last item's cursor; null when the page is empty." },
  defaultConnectionTypeOptions: { description: 'One page of a list, in the list’s order, with where it sits among the rest.' },
  pageInfoFieldOptions: { description: 'Whether pages come before or after this one, and the cursors to ask for them.' },
  edgesFieldOptions: { description: 'The items on this page, each with its cursor, in the list’s order.' },
  defaultEdgeTypeOptions: { description: 'One item of a page, with the cursor that marks its place in the list.' },
  nodeFieldOptions: { description: 'The item itself.' },
  cursorFieldOptions: { description: "Opaque marker of this item's place in the list: pass it as `after` or `before` to page from here." },
  firstArgOptions: { description: 'How many items to return from the start (or after `after`); at most the page size limit (NEXO_MAX_PAGE_SIZE, 100 by default).' },
  afterArgOptions: { description: 'Return items after the one with this cursor (an `endCursor` or an edge `cursor`).' },
  lastArgOptions: { description: 'How many items to return from the end (or before `before`); at most the page size limit (NEXO_MAX_PAGE_SIZE, 100 by default).' },
  beforeArgOptions: { description: 'Return items before the one with this cursor (a `startCursor` or an edge `cursor`).' },
} as const;
