import type { Builder } from '../../src/plugin-api.ts';
import { Audience, CustomerKind, Lifecycle } from './store/enums.ts';
import { countCustomers, customerPage } from './store/customer-pages.ts';
import { loadCustomerView } from './store/customer-view.ts';
import { customerByExternalRef } from './store/external-refs.ts';
import { z } from 'zod';
import { parseCustomerGlobalId } from './customer-ids.ts';

const READ = { permission: 'profile:read' } as const;

/** `customer`, `customerByExternalRef` and the `customers` list with its filters and orders. */
export function registerCustomerQueries(builder: Builder): void {
  const CustomerKindEnum = builder.enumType(CustomerKind, {
    name: 'CustomerKind',
    description: 'Whether a customer is a person or an organization.',
    values: { PERSON: { description: 'An individual (`Person`).' }, ORGANIZATION: { description: 'A company or institution (`Organization`).' } },
  });
  const OrderField = builder.enumType('CustomerOrderField', {
    description: 'What a customer list is sorted by (ties are broken by id).',
    values: {
      DISPLAY_NAME: { description: 'Alphabetically by display name.' },
      CREATED_AT: { description: 'By when the profile was created.' },
      UPDATED_AT: { description: 'By when the profile last changed.' },
    } as const,
  });
  const Direction = builder.enumType('OrderDirection', {
    description: 'Sort direction.',
    values: { ASC: { description: 'Smallest, oldest or A first.' }, DESC: { description: 'Largest, newest or Z first.' } } as const,
  });

  const CustomerFilter = builder.inputType('CustomerFilter', {
    description: 'All given conditions must hold.',
    fields: (t) => ({
      kind: t.field({ type: CustomerKindEnum, description: 'Only people, or only organizations.' }),
      audiences: t.field({ type: [Audience], description: 'Customers in any of these audiences.' }),
      lifecycle: t.field({ type: [Lifecycle], description: 'Customers in any of these lifecycle states.' }),
      country: t.field({ type: 'CountryCode', description: 'Only customers of this country (ISO 3166-1 alpha-2).' }),
      ownerId: t.string({ description: 'Only customers owned by this user (token subject).' }),
      updatedAfter: t.field({ type: 'DateTime', description: 'Only customers changed after this instant.' }),
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
    description: 'How to sort customers.',
    fields: (t) => ({
      field: t.field({ type: OrderField, required: true, description: 'What to sort by.' }),
      direction: t.field({ type: Direction, defaultValue: 'ASC', description: 'Ascending unless given.' }),
    }),
  });

  builder.queryFields((t) => ({
    customer: t.field({
      type: 'Customer',
      nullable: true,
      authScopes: READ,
      description: 'A person or organization by its global id; null when there is none in your tenant.',
      args: { id: t.arg.id({ required: true, description: 'Global id of a Person or Organization.' }) },
      resolve: async (_root, args, context, info) => {
        const { id, kind } = parseCustomerGlobalId(String(args.id), ['id']);
        return loadCustomerView(context, info, id, kind);
      },
    }),
    customerByExternalRef: t.field({
      type: 'Customer',
      nullable: true,
      authScopes: READ,
      description: "The customer another system knows by `externalId` (e.g. source \"pos\", the point of sale's id).",
      args: {
        source: t.arg.string({ required: true, description: 'The other system, e.g. "pos".' }),
        externalId: t.arg.string({ required: true, description: "The customer's id in that system." }),
      },
      resolve: (_root, args, context) => customerByExternalRef(context, args.source, args.externalId),
    }),
    customers: t.connection(
      {
        type: 'Customer',
        authScopes: READ,
        description: 'Customers of your tenant, filtered and ordered; page with `first`/`after`.',
        args: {
          filter: t.arg({ type: CustomerFilter, description: 'Which customers; every customer not archived when absent.' }),
          orderBy: t.arg({ type: CustomerOrder, description: 'Sort order; by display name, ascending, when absent.' }),
        },
        resolve: async (_root, args, context, info) => {
          const page = await customerPage(context, args, info);
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

