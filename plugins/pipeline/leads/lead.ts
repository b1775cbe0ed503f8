import { z } from 'zod';
import type { Builder, Context, LeadSource, LeadStatus, Prisma } from '../../../src/plugin-api.ts';
import { filterList, parseInput, viewerOf } from '../../../src/plugin-api.ts';
import { READ } from '../access.ts';
import type { PipelineEnums } from '../enums.ts';
import { asUuid } from '../ids.ts';
import { moneyText } from '../money.ts';

export type LeadRow = Prisma.LeadModel;

/** How a lead is named in lists: the company, else the person, else the address. */
export function leadContactName(lead: Pick<LeadRow, 'companyName' | 'firstName' | 'lastName' | 'email' | 'phone'>): string | null {
  const person = [lead.firstName, lead.lastName].filter(Boolean).join(' ');
  return lead.companyName ?? (person || null) ?? lead.email ?? lead.phone;
}

const searchSchema = z.string().trim().min(2, 'must have at least 2 characters').max(100, 'must be at most 100 characters');

/** `Lead` and the `leads` list. */
export function registerLead(builder: Builder, enums: PipelineEnums): void {
  builder.prismaNode('Lead', {
    id: { field: 'id' },
    nullable: true,
    findUnique: (id, context) => ({ tenantId_id: { tenantId: viewerOf(context).tenantId, id: asUuid(id) } }),
    authScopes: READ,
    description: 'Interest captured from a channel, about a known customer or contact data not yet a customer, until it is qualified into an opportunity or disqualified.',
    fields: (t) => ({
      source: t.field({ type: enums.LeadSource, description: 'The channel the interest came through.', resolve: (lead) => lead.source }),
      sourceDetail: t.exposeString('sourceDetail', { nullable: true, description: 'The form, event or campaign it came from.' }),
      status: t.field({ type: enums.LeadStatus, description: 'Where it is in its qualification.', resolve: (lead) => lead.status }),
      customer: t.relation('customer', { nullable: true, description: 'The customer it concerns: known from the start, or matched or created when qualified.' }),
      referrer: t.relation('referrer', { nullable: true, description: 'The prescriber who referred it (source REFERRAL).' }),
      contactName: t.string({ nullable: true, description: 'Company, else person, else e-mail or phone.', resolve: (lead) => leadContactName(lead) }),
      firstName: t.exposeString('firstName', { nullable: true, description: "The contact's given name; null when not captured." }),
      lastName: t.exposeString('lastName', { nullable: true, description: "The contact's family name; null when not captured." }),
      companyName: t.exposeString('companyName', { nullable: true, description: 'The company the contact speaks for; null for a private person.' }),
      email: t.exposeString('email', { nullable: true, description: 'Lower-cased.' }),
      phone: t.exposeString('phone', { nullable: true, description: 'E.164.' }),
      country: t.expose('country', { type: 'CountryCode', nullable: true, description: "The contact's country (ISO 3166-1 alpha-2); null when unknown." }),
      interest: t.exposeString('interest', { description: 'What they are interested in.' }),
      estimatedAmount: t.string({ nullable: true, description: 'Decimal text in `currency`.', resolve: (lead) => moneyText(lead.estimatedAmount) }),
      currency: t.exposeString('currency', { nullable: true, description: 'ISO 4217 code of `estimatedAmount`, e.g. "EUR"; null when no amount was estimated.' }),
      ownerId: t.exposeString('ownerId', { nullable: true, description: 'The rep working it; null while unassigned.' }),
      disqualificationReason: t.field({ type: enums.DisqualificationReason, nullable: true, description: 'Why it was dropped; null unless DISQUALIFIED.', resolve: (lead) => lead.disqualificationReason }),
      disqualificationNote: t.exposeString('disqualificationNote', { nullable: true, description: 'Free words on why it was dropped; null unless DISQUALIFIED with a note.' }),
      qualifiedAt: t.expose('qualifiedAt', { type: 'DateTime', nullable: true, description: 'When it was qualified into an opportunity, UTC; null unless QUALIFIED.' }),
      opportunity: t.relation('opportunity', { nullable: true, description: 'The opportunity it was qualified into.' }),
      createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When it was captured, UTC.' }),
      updatedAt: t.expose('updatedAt', { type: 'DateTime', description: 'When it last changed, UTC.' }),
    }),
  });

  const LeadFilter = builder.inputType('LeadFilter', {
    description: 'All given conditions must hold.',
    fields: (t) => ({
      statuses: t.field({ type: [enums.LeadStatus], description: 'Leads in any of these statuses.' }),
      sources: t.field({ type: [enums.LeadSource], description: 'Leads from any of these sources.' }),
      ownerIds: t.stringList({ description: 'Leads owned by any of these users.', ...filterList }),
      unassigned: t.boolean({ description: 'true: only leads nobody owns yet.' }),
      search: t.string({ description: 'Part of the name, company, e-mail or interest (at least 2 characters).' }),
      createdAfter: t.field({ type: 'DateTime', description: 'Leads captured after this instant.' }),
    }),
  });
  const LeadOrderField = builder.enumType('LeadOrderField', {
    description: 'What a lead list is sorted by (ties are broken by id).',
    values: { CREATED_AT: { description: 'By when it was captured.' }, UPDATED_AT: { description: 'By when it last changed.' } } as const,
  });
  const LeadOrder = builder.inputType('LeadOrder', {
    description: 'How to sort leads.',
    fields: (t) => ({
      field: t.field({ type: LeadOrderField, required: true, description: 'What to sort by.' }),
      direction: t.field({ type: enums.Direction, defaultValue: 'DESC', description: 'Descending (newest first) unless given.' }),
    }),
  });

  builder.queryField('leads', (t) =>
    t.prismaConnection(
      {
        type: 'Lead',
        cursor: 'id',
        authScopes: READ,
        description: 'Leads of your tenant; default: newest first.',
        args: {
          filter: t.arg({ type: LeadFilter, description: 'Which leads; all of them when absent.' }),
          orderBy: t.arg({ type: LeadOrder, description: 'Sort order; newest captured first when absent.' }),
        },
        resolve: (query, _root, args, context) => {
          const direction = args.orderBy?.direction === 'ASC' ? 'asc' : 'desc';
          const column = args.orderBy?.field === 'UPDATED_AT' ? 'updatedAt' : 'createdAt';
          return context.db.lead.findMany({ ...query, relationLoadStrategy: 'query', where: leadWhere(args.filter, context), orderBy: [{ [column]: direction }, { id: direction }] });
        },
        totalCount: (_connection, args, context) => context.db.lead.count({ where: leadWhere(args.filter, context) }),
      },
      { name: 'LeadConnection' },
      { name: 'LeadEdge' },
    ),
  );
}

interface LeadFilterArgs {
  statuses?: readonly LeadStatus[] | null;
  sources?: readonly LeadSource[] | null;
  ownerIds?: readonly string[] | null;
  unassigned?: boolean | null;
  search?: string | null;
  createdAfter?: Date | null;
}

function leadWhere(filter: LeadFilterArgs | null | undefined, context: Context): Prisma.LeadWhereInput {
  const where: Prisma.LeadWhereInput = { tenantId: viewerOf(context).tenantId };
  if (!filter) return where;
  if (filter.statuses?.length) where.status = { in: [...filter.statuses] };
  if (filter.sources?.length) where.source = { in: [...filter.sources] };
  if (filter.unassigned) where.ownerId = null;
  else if (filter.ownerIds?.length) where.ownerId = { in: [...filter.ownerIds] };
  if (filter.createdAfter) where.createdAt = { gt: filter.createdAfter };
  if (filter.search != null) {
    // LIKE wildcards typed by the user are literal characters to them.
    const search = parseInput(searchSchema, filter.search, ['filter', 'search']).replace(/[\\%_]/g, (character) => `\\${character}`);
    where.OR = (['companyName', 'firstName', 'lastName', 'email', 'interest'] as const).map((field) => ({ [field]: { contains: search, mode: 'insensitive' } }));
  }
  return where;
}
