import type { Builder, Context, Prisma } from '../../../src/plugin-api.ts';
import { ValidationError, viewerOf } from '../../../src/plugin-api.ts';
import { decodeCustomerId, loadCustomer, type MergeableField } from '../../profile/plugin.ts';
import type { MovedCount } from '../store/merge-records.ts';
import { READ } from './access.ts';
import { asUuid } from './merge-ids.ts';
import type { MergeTypes } from './merge-types.ts';

/** `CustomerMerge`: a merge of customers into one, in force or undone, and the `customerMerges` list. */
export function registerCustomerMerge(builder: Builder, types: MergeTypes): void {
  builder.prismaNode('CustomerMerge', {
    id: { field: 'id' },
    nullable: true,
    findUnique: (id, context) => ({ tenantId_id: { tenantId: viewerOf(context).tenantId, id: asUuid(id) } }),
    authScopes: READ,
    description: 'Customers merged into one (the survivor); the merged records became aliases. It can be undone (`unmergeCustomers`).',
    fields: (t) => ({
      survivor: t.field({
        type: 'Customer',
        description: 'The customer that remained.',
        resolve: async (merge, _args, context) => (await loadCustomer(context, merge.survivorId))!,
      }),
      mergedCustomers: t.field({
        type: ['Customer'],
        description: 'The records merged into the survivor, in the order given: archived aliases while the merge is in force.',
        resolve: async (merge, _args, context) => (await Promise.all(merge.mergedIds.map((id) => loadCustomer(context, id)))).filter((customer) => customer !== null),
      }),
      fieldChoices: t.field({
        type: [types.MergeFieldSource],
        description: 'The fields the merge was asked to take from a given customer.',
        resolve: (merge) => Object.entries((merge.fieldChoices ?? {}) as Record<string, string>).map(([field, customerId]) => ({ field: field as MergeableField, customerId })),
      }),
      moved: t.field({
        type: [types.MergeMoveCount],
        description: 'Per area and kind of row, how many rows the merge moved or settled.',
        resolve: (merge) => merge.moved as unknown as MovedCount[],
      }),
      status: t.field({ type: types.MergeStatus, description: 'In force, or undone.', resolve: (merge) => merge.status }),
      mergedAt: t.expose('mergedAt', { type: 'DateTime', description: 'When the customers were merged, UTC.' }),
      mergedBy: t.exposeString('mergedBy', { description: 'The user who merged them.' }),
      unmergedAt: t.expose('unmergedAt', { type: 'DateTime', nullable: true, description: 'When the merge was undone, UTC; null while it is in force.' }),
      unmergedBy: t.exposeString('unmergedBy', { nullable: true, description: 'The user who undid it; null while it is in force.' }),
    }),
  });

  const CustomerMergeFilter = builder.inputType('CustomerMergeFilter', {
    description: 'Which merges.',
    fields: (t) => ({
      customerId: t.id({ description: 'Only merges this customer took part in, as survivor or merged record (global id).' }),
      status: t.field({ type: types.MergeStatus, description: 'Only merges in force, or only undone ones.' }),
    }),
  });

  builder.queryField('customerMerges', (t) =>
    t.prismaConnection(
      {
        type: 'CustomerMerge',
        cursor: 'id',
        authScopes: READ,
        description: 'The merges of your tenant, newest first. A filter id that is not a customer id is a VALIDATION error.',
        args: { filter: t.arg({ type: CustomerMergeFilter, description: 'Which merges; all of them when absent.' }) },
        resolve: (query, _root, args, context) =>
          context.db.customerMerge.findMany({ ...query, where: mergesWhere(context, args.filter), orderBy: [{ mergedAt: 'desc' }, { id: 'desc' }] }),
        totalCount: (_connection, args, context) => context.db.customerMerge.count({ where: mergesWhere(context, args.filter) }),
      },
      { name: 'CustomerMergeConnection' },
      { name: 'CustomerMergeEdge' },
    ),
  );
}

function mergesWhere(context: Context, filter: { customerId?: string | number | null; status?: 'MERGED' | 'UNMERGED' | null } | null | undefined): Prisma.CustomerMergeWhereInput {
  const where: Prisma.CustomerMergeWhereInput = { tenantId: viewerOf(context).tenantId };
  if (filter?.customerId != null) {
    const customer = decodeCustomerId(String(filter.customerId));
    if (!customer) throw ValidationError.at(['filter', 'customerId'], 'is not a customer id');
    where.OR = [{ survivorId: customer.id }, { mergedIds: { has: customer.id } }];
  }
  if (filter?.status) where.status = filter.status;
  return where;
}
