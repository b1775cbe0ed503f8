import type { Builder } from '../../src/plugin-api.ts';
import { Audience, CustomerKind, Lifecycle, selectedFieldNames } from '../../src/plugin-api.ts';
import { countCustomers, customerPage } from './customer-list.ts';
import { loadCustomerView } from './customer-view.ts';
import { z } from 'zod';
import { parseCustomerGlobalId } from './customer-ids.ts';

const READ = { permission: 'profile:read' } as const;

/** `customer`, `customerByExternalRef` and the `customers` list with its filters and orders. */
export function registerCustomerQueries(builder: Builder): void {
  const CustomerKindEnum = builder.enumType(CustomerKind, { name: 'CustomerKind' });
  const OrderField = builder.enumType('CustomerOrderField', { values: ['DISPLAY_NAME', 'CREATED_AT', 'UPDATED_AT'] as const });
  const Direction = builder.enumType('OrderDirection', { values: ['ASC', 'DESC'] as const });

  const CustomerFilter = builder.inputType('CustomerFilter', {
    description: 'All given conditions must hold.',
    fields: (t) => ({
      kind: t.field({ type: CustomerKindEnum }),
      audiences: t.field({ type: [Audience], description: 'Customers in any of these audiences.' }),
      lifecycle: t.field({ type: [Lifecycle], description: 'Customers in any of these lifecycle states.' }),
      country: t.field({ type: 'CountryCode' }),
      ownerId: t.string(),
      updatedAfter: t.field({ type: 'DateTime' }),
      search: t.string({
        description: 'Matches names, e-mails and phones (case-insensitive, part of a word is enough).',
        validate: z
          .string()
          .trim()
          .min(2, 'must have at least 2 characters')
          .max(100, 'must be at most 100 characters')
          .refine((value) => !value.includes('\u0000'), 'must not contain NUL characters'),
      }),
      includeArchived: t.boolean({ description: 'Archived customers are left out unless this is true.' }),
    }),
  });

  const CustomerOrder = builder.inputType('CustomerOrder', {
    fields: (t) => ({
      field: t.field({ type: OrderField, required: true }),
      direction: t.field({ type: Direction, defaultValue: 'ASC' }),
    }),
  });

  builder.queryFields((t) => ({
    customer: t.prismaField({
      type: 'Customer',
      nullable: true,
      authScopes: READ,
      description: 'A person or organization by its global id; null when there is none in your tenant.',
      args: { id: t.arg.id({ required: true }) },
      // Pothos turns the selected relations into `include`s, which Prisma answers with one joined query.
      resolve: async (query, _root, args, context, info) => {
        const { id, kind } = parseCustomerGlobalId(String(args.id), ['id']);
        return loadCustomerView(context, info, query, id, kind);
      },
    }),
    customerByExternalRef: t.field({
      type: 'Customer',
      nullable: true,
      authScopes: READ,
      description: "The customer another system knows by `externalId` (e.g. source \"pos\", the point of sale's id).",
      args: { source: t.arg.string({ required: true }), externalId: t.arg.string({ required: true }) },
      resolve: async (_root, args, context) => {
        const ref = await context.db.externalRef.findUnique({
          where: { tenantId_source_externalId: { tenantId: context.viewer!.tenantId, source: args.source, externalId: args.externalId } },
          select: { customer: true },
        });
        return ref?.customer ?? null;
      },
    }),
    customers: t.connection(
      {
        type: 'Customer',
        authScopes: READ,
        description: 'Customers of your tenant, filtered and ordered; page with `first`/`after`.',
        args: {
          filter: t.arg({ type: CustomerFilter }),
          orderBy: t.arg({ type: CustomerOrder }),
        },
        resolve: async (_root, args, context, info) => {
          const page = await customerPage(context, args, selectedFieldNames(info, ['edges', 'node']));
          // Counted only when asked for: the count reads every matching row, the page only 50.
          return { ...page, countAll: () => countCustomers(context, args.filter) };
        },
      },
      {
        name: 'CustomerConnection',
        fields: (connection) => ({
          totalCount: connection.int({ resolve: (page) => (page as unknown as { countAll: () => Promise<number> }).countAll() }),
        }),
      },
      { name: 'CustomerEdge' },
    ),
  }));
}

