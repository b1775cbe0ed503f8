import type { Builder, Context, Prisma } from '../../src/plugin-api.ts';
import { Audience, CustomerKind, Lifecycle } from '../../src/plugin-api.ts';
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
      resolve: async (query, _root, args, context) => {
        const { id, kind } = parseCustomerGlobalId(String(args.id), ['id']);
        return context.db.customer.findFirst({ ...query, where: { id, kind, tenantId: context.viewer!.tenantId } });
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
    customers: t.prismaConnection(
      {
        type: 'Customer',
        cursor: 'id',
        authScopes: READ,
        description: 'Customers of your tenant, filtered and ordered; page with `first`/`after`.',
        args: {
          filter: t.arg({ type: CustomerFilter }),
          orderBy: t.arg({ type: CustomerOrder }),
        },
        resolve: (query, _root, args, context) =>
          context.db.customer.findMany({
            ...query,
            // Joined relations would be built for every matching row before the page is cut
            // (36 ms of PostgreSQL per page measured); one batched query per relation is cheaper.
            relationLoadStrategy: 'query',
            where: customerWhere(args.filter, context),
            orderBy: customerOrder(args.orderBy),
          }),
        totalCount: (_connection, args, context) => context.db.customer.count({ where: customerWhere(args.filter, context) }),
      },
      { name: 'CustomerConnection' },
      { name: 'CustomerEdge' },
    ),
  }));
}

interface CustomerFilterArgs {
  kind?: CustomerKind | null;
  audiences?: Audience[] | null;
  lifecycle?: Lifecycle[] | null;
  country?: string | null;
  ownerId?: string | null;
  updatedAfter?: Date | null;
  search?: string | null;
  includeArchived?: boolean | null;
}

function customerWhere(filter: CustomerFilterArgs | null | undefined, context: Context): Prisma.CustomerWhereInput {
  const where: Prisma.CustomerWhereInput = { tenantId: context.viewer!.tenantId };
  if (!filter?.includeArchived) where.archivedAt = null;
  if (!filter) return where;
  if (filter.kind) where.kind = filter.kind;
  if (filter.audiences?.length) where.audiences = { hasSome: filter.audiences };
  if (filter.lifecycle?.length) where.lifecycle = { in: filter.lifecycle };
  if (filter.country) where.country = filter.country.toUpperCase();
  if (filter.ownerId) where.ownerId = filter.ownerId;
  if (filter.updatedAfter) where.updatedAt = { gt: filter.updatedAfter };
  if (filter.search) where.OR = searchConditions(filter.search.trim());
  return where;
}

/** Names by substring; e-mails and phones through their contact points (phones by their digits). */
function searchConditions(rawSearch: string): Prisma.CustomerWhereInput[] {
  // LIKE wildcards in the text are literal characters to the user, not patterns.
  const search = rawSearch.replace(/[\\%_]/g, (character) => `\\${character}`);
  const conditions: Prisma.CustomerWhereInput[] = [
    { displayName: { contains: search, mode: 'insensitive' } },
    { legalName: { contains: search, mode: 'insensitive' } },
    { contactPoints: { some: { kind: 'EMAIL', value: { contains: search.toLowerCase() } } } },
  ];
  const digits = search.replace(/[^\d]/g, '');
  if (digits.length >= 4 && /^[\d\s+().-]+$/.test(search)) {
    conditions.push({ contactPoints: { some: { kind: 'PHONE', value: { contains: digits } } } });
  }
  return conditions;
}

function customerOrder(order: { field: 'DISPLAY_NAME' | 'CREATED_AT' | 'UPDATED_AT'; direction?: 'ASC' | 'DESC' | null } | null | undefined): Prisma.CustomerOrderByWithRelationInput[] {
  const direction = order?.direction === 'DESC' ? 'desc' : 'asc';
  const column = { DISPLAY_NAME: 'displayName', CREATED_AT: 'createdAt', UPDATED_AT: 'updatedAt' }[order?.field ?? 'DISPLAY_NAME'];
  // The id breaks ties, so keyset pages never skip or repeat customers with equal names or dates.
  return [{ [column]: direction }, { id: direction }];
}

