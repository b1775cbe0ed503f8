import type { Builder, Prisma } from '../../../src/plugin-api.ts';
import { ConflictError, ForbiddenError, NotFoundError, parseInput, ValidationError, viewerOf } from '../../../src/plugin-api.ts';
import { READ, WRITE } from '../access.ts';
import { optionalCustomerOf } from '../customers.ts';
import type { PipelineEnums } from '../enums.ts';
import { asUuid } from '../ids.ts';
import { moneyText } from '../money.ts';
import { leadOrderBy, leadWhere, registerLeadFilter } from './lead-filter.ts';
import { captureLeadSchema, disqualifyLeadSchema, qualifyLeadSchema, registerLeadInputs, updateLeadSchema } from './lead-inputs.ts';
import { captureLead, changeLead, disqualifyLead } from './lead-lifecycle.ts';
import { qualifyLead, type CustomerResolution, type Qualified } from './lead-qualification.ts';

export type LeadRow = Prisma.LeadModel;

const WRITE_ERRORS = [ValidationError, NotFoundError, ConflictError, ForbiddenError];

/** How a lead is named in lists: the company, else the person, else the address. */
export function leadContactName(lead: Pick<LeadRow, 'companyName' | 'firstName' | 'lastName' | 'email' | 'phone'>): string | null {
  const person = [lead.firstName, lead.lastName].filter(Boolean).join(' ');
  return lead.companyName ?? (person || null) ?? lead.email ?? lead.phone;
}

/**
 * `Lead`, the `leads` list, and the mutations that capture, change, disqualify and qualify a lead
 * (their rules are in lead-lifecycle.ts and lead-qualification.ts).
 */
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
      customer: t.field({
        type: 'Customer',
        nullable: true,
        description: 'The customer it concerns: known from the start, or matched or created when qualified.',
        resolve: (lead, _args, context) => optionalCustomerOf(context, lead.customerId),
      }),
      referrer: t.field({
        type: 'Customer',
        nullable: true,
        description: 'The prescriber who referred it (source REFERRAL).',
        resolve: (lead, _args, context) => optionalCustomerOf(context, lead.referrerId),
      }),
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

  const { LeadFilter, LeadOrder } = registerLeadFilter(builder, enums);
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
        resolve: (query, _root, args, context) => context.db.lead.findMany({ ...query, relationLoadStrategy: 'query', where: leadWhere(args.filter, context), orderBy: leadOrderBy(args.orderBy) }),
        totalCount: (_connection, args, context) => context.db.lead.count({ where: leadWhere(args.filter, context) }),
      },
      { name: 'LeadConnection' },
      { name: 'LeadEdge' },
    ),
  );

  const inputs = registerLeadInputs(builder, enums);
  const LeadPayload = builder.objectRef<{ lead: LeadRow }>('LeadPayload').implement({
    description: 'The lead a mutation captured or changed.',
    fields: (t) => ({ lead: t.field({ type: 'Lead', description: 'The lead as stored.', resolve: (payload) => payload.lead }) }),
  });
  const Resolution = builder.enumType('LeadCustomerResolution', {
    description: 'Where the customer of a qualified lead came from.',
    values: {
      GIVEN: { description: 'The customer named in the input (`customerId`).' },
      LINKED: { description: 'The customer the lead already concerned.' },
      MATCHED_BY_EMAIL: { description: "The live customer holding the lead's e-mail." },
      CREATED: { description: "A new person or organization made from the lead's contact data." },
    } satisfies Record<CustomerResolution, { description: string }>,
  });
  const QualifyLeadPayload = builder.objectRef<Qualified>('QualifyLeadPayload').implement({
    description: 'What qualifying a lead made: the lead (now QUALIFIED), its opportunity and its customer.',
    fields: (t) => ({
      lead: t.field({ type: 'Lead', description: 'The lead, now QUALIFIED.', resolve: (result) => result.lead }),
      opportunity: t.field({ type: 'Opportunity', description: 'The opportunity created from it.', resolve: (result) => result.opportunity }),
      customer: t.field({ type: 'Customer', description: 'The customer the opportunity is for.', resolve: (result) => result.customer }),
      customerResolution: t.field({ type: Resolution, description: 'How that customer was found or made.', resolve: (result) => result.customerResolution }),
    }),
  });

  builder.mutationFields((t) => ({
    captureLead: t.field({
      type: LeadPayload,
      authScopes: WRITE,
      errors: { types: WRITE_ERRORS },
      description: 'Records interest from any channel as a NEW lead.',
      args: { input: t.arg({ type: inputs.CaptureLeadInput, required: true, description: 'The interest and who it comes from.' }) },
      resolve: async (_root, args, context) => ({ lead: await captureLead(context, parseInput(captureLeadSchema, args.input)) }),
    }),
    updateLead: t.field({
      type: LeadPayload,
      authScopes: WRITE,
      errors: { types: WRITE_ERRORS },
      description: 'Changes a NEW, WORKING or DISQUALIFIED lead (a QUALIFIED one is a ConflictError); reopening a disqualified lead makes it WORKING.',
      args: { input: t.arg({ type: inputs.UpdateLeadInput, required: true, description: 'The lead and the fields to change.' }) },
      resolve: async (_root, args, context) => ({ lead: await changeLead(context, parseInput(updateLeadSchema, args.input), args.input) }),
    }),
    disqualifyLead: t.field({
      type: LeadPayload,
      authScopes: WRITE,
      errors: { types: WRITE_ERRORS },
      description: 'Closes a lead as not worth pursuing, with the reason.',
      args: { input: t.arg({ type: inputs.DisqualifyLeadInput, required: true, description: 'The lead and the reason.' }) },
      resolve: async (_root, args, context) => ({ lead: await disqualifyLead(context, parseInput(disqualifyLeadSchema, args.input)) }),
    }),
    qualifyLead: t.field({
      type: QualifyLeadPayload,
      authScopes: WRITE,
      errors: { types: WRITE_ERRORS },
      description: 'Converts a NEW or WORKING lead, in one transaction, into an opportunity and, where needed, a new or matched customer.',
      args: { input: t.arg({ type: inputs.QualifyLeadInput, required: true, description: 'The lead and the choices for its conversion.' }) },
      resolve: async (_root, args, context) => qualifyLead(context, parseInput(qualifyLeadSchema, args.input)),
    }),
  }));
}
