import { createContextCache } from '@pothos/core';
import DataLoader from 'dataloader';
import type { Builder, Context } from '../../../src/plugin-api.ts';
import { viewerOf } from '../../../src/plugin-api.ts';
import { customerAliases, customerGlobalId, type CustomerAlias } from '../../profile/plugin.ts';
import { mergesInForceInto, type CustomerMergeRow } from '../store/merge-records.ts';
import { READ } from './access.ts';

interface MergedRecord {
  alias: CustomerAlias;
  merge: CustomerMergeRow;
}

/**
 * The records merged into each customer of a request, with the merge that made each one an alias,
 * in two statements for the whole request: the aliases (profile), then the merges in force into
 * the customers or their aliases (an alias of an alias was merged into the one it was merged into).
 */
const mergedRecordsLoader = createContextCache(
  (context: Context) =>
    new DataLoader<string, MergedRecord[]>(async (customerIds) => {
      const aliases = await customerAliases(context, customerIds);
      const merges = await mergesInForceInto(context.sql, viewerOf(context).tenantId, [...customerIds, ...aliases.map((alias) => alias.id)]);
      const records = new Map<string, MergedRecord[]>(customerIds.map((id) => [id, []]));
      for (const alias of aliases) {
        // Newest first: the merge in force that lists the alias.
        const merge = merges.find((candidate) => candidate.mergedIds.includes(alias.id));
        if (merge) records.get(alias.mergedIntoId)?.push({ alias, merge });
      }
      return customerIds.map((id) => records.get(id)!);
    }),
);

/** `Customer.mergedRecords`: what says that a customer answers for other ids. */
export function registerMergedRecords(builder: Builder): void {
  const MergedRecordRef = builder.objectRef<MergedRecord>('MergedRecord').implement({
    description: 'A record merged into this customer: its id is an alias that now answers this customer.',
    fields: (t) => ({
      id: t.id({ description: 'The global id the record had, which now resolves to the customer it was merged into.', resolve: (record) => customerGlobalId(record.alias) }),
      displayName: t.string({ description: 'Its name when it was merged.', resolve: (record) => record.alias.displayName }),
      mergedAt: t.field({ type: 'DateTime', description: 'When it was merged, UTC.', resolve: (record) => record.merge.mergedAt }),
      merge: t.field({ type: 'CustomerMerge', description: 'The merge that made it an alias (undo it with `unmergeCustomers`).', resolve: (record) => record.merge }),
    }),
  });

  builder.interfaceField('Customer', 'mergedRecords', (t) =>
    t.field({
      type: [MergedRecordRef],
      authScopes: READ,
      description: 'The records merged into this customer, oldest merge first: `node(id)` of any of their ids answers this customer. Empty for a customer nothing was merged into.',
      resolve: async (customer, _args, context) => {
        const records = await mergedRecordsLoader(context).load((customer as { id: string }).id);
        return [...records].sort((a, b) => a.merge.mergedAt.getTime() - b.merge.mergedAt.getTime() || a.alias.id.localeCompare(b.alias.id));
      },
    }),
  );
}
