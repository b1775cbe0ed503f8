import type { Builder, PluginComposition } from '../../../src/plugin-api.ts';
import { registerCustomerMerge } from './customer-merge-node.ts';
import { registerMergeCustomers } from './merge-customers.ts';
import { registerMergePreview } from './merge-preview.ts';
import { registerMergeTypes } from './merge-types.ts';
import { registerMergedRecords } from './merged-records.ts';
import { registerUnmergeCustomers } from './unmerge-customers.ts';

/** Merges and unmerges of customers: the mutations, the `CustomerMerge` node and list, and `Customer.mergedRecords`. */
export function registerMerging(builder: Builder, composition: PluginComposition): void {
  const types = registerMergeTypes(builder);
  registerCustomerMerge(builder, types);
  registerMergeCustomers(builder, composition, types, registerMergePreview(builder, types));
  registerUnmergeCustomers(builder, composition);
  registerMergedRecords(builder);
}
