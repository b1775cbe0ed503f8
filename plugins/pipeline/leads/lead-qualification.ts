import type { Builder, Context, OpportunityStage, TenantDb } from '../../../src/plugin-api.ts';
import { ConflictError, ForbiddenError, NotFoundError, parseInput, ValidationError, viewerOf } from '../../../src/plugin-api.ts';
import { createCustomer, customerGlobalId, findCustomerByEmail, resolveCustomerReferences, type CustomerRow } from '../../profile/plugin.ts';
import { assertMayAssign, assertMayChange, WRITE } from '../access.ts';
import type { PipelineEnums } from '../enums.ts';
import { leadQualified } from '../events.ts';
import { globalIdOf } from '../ids.ts';
import { moneyText } from '../money.ts';
import { insertOpportunity } from '../opportunities/opportunity-writes.ts';
import { isClosed } from '../stages.ts';
import type { LeadRow } from './lead.ts';
import { qualifyLeadSchema } from './lead-inputs.ts';
import { assertNotQualified, leadEventTarget, lockLead, type LeadWithCustomer } from './lead-writes.ts';

const RESOLUTIONS = ['GIVEN', 'LINKED', 'MATCHED_BY_EMAIL', 'CREATED'] as const;
type CustomerResolution = (typeof RESOLUTIONS)[number];

interface Qualified {
  lead: object;
  opportunity: object;
  customer: CustomerRow;
  customerResolution: CustomerResolution;
}

/**
 * `qualifyLead`: in one transaction, the lead becomes an opportunity for a customer — the one
 * named, the one the lead already concerns, the live customer holding the lead's e-mail, or a new
 * person or organization made from the lead's contact data. Any refusal leaves nothing behind.
 */
export function registerLeadQualification(builder: Builder, enums: PipelineEnums): void {
  const Resolution = builder.enumType('LeadCustomerResolution', {
    description: 'Where the customer of a qualified lead came from.',
    values: {
      GIVEN: { description: 'The customer named in the input (`customerId`).' },
      LINKED: { description: 'The customer the lead already concerned.' },
      MATCHED_BY_EMAIL: { description: "The live customer holding the lead's e-mail." },
      CREATED: { description: "A new person or organization made from the lead's contact data." },
    } satisfies Record<CustomerResolution, { description: string }>,
  });
  const CreateAs = builder.enumType('LeadCustomerKind', {
    description: 'What to create when qualifying a lead needs a new customer.',
    values: { PERSON: { description: 'A person, from the contact names.' }, ORGANIZATION: { description: 'An organization named after `companyName`.' } } as const,
  });

  const QualifyLeadInput = builder.inputType('QualifyLeadInput', {
    description: 'The lead to convert, and what the opportunity and customer should be where the lead does not say.',
    fields: (t) => ({
      id: t.id({ required: true, description: 'The lead (global id); NEW or WORKING.' }),
      customerId: t.id({ description: 'Convert for this customer instead of the linked, matched or a new one.' }),
      createAs: t.field({ type: CreateAs, description: 'When a customer must be created: default ORGANIZATION if the lead has a company name, else PERSON.' }),
      opportunityName: t.string({ description: "Default: the lead's interest." }),
      stage: t.field({ type: enums.Stage, description: 'An open stage; default QUALIFICATION.' }),
      amount: t.string({ description: "Default: the lead's estimated amount." }),
      currency: t.string({ description: "Default: the lead's currency; required when the lead has none." }),
      expectedCloseDate: t.field({ type: 'Date', required: true, description: 'When the deal is expected to close (a calendar date).' }),
      ownerId: t.string({ description: "Default: the lead's owner, else you." }),
    }),
  });

  const Payload = builder.objectRef<Qualified>('QualifyLeadPayload').implement({
    description: 'What qualifying a lead made: the lead (now QUALIFIED), its opportunity and its customer.',
    fields: (t) => ({
      lead: t.field({ type: 'Lead', description: 'The lead, now QUALIFIED.', resolve: (result) => result.lead }),
      opportunity: t.field({ type: 'Opportunity', description: 'The opportunity created from it.', resolve: (result) => result.opportunity }),
      customer: t.field({ type: 'Customer', description: 'The customer the opportunity is for.', resolve: (result) => result.customer }),
      customerResolution: t.field({ type: Resolution, description: 'How that customer was found or made.', resolve: (result) => result.customerResolution }),
    }),
  });

  builder.mutationField('qualifyLead', (t) =>
    t.field({
      type: Payload,
      authScopes: WRITE,
      errors: { types: [ValidationError, NotFoundError, ConflictError, ForbiddenError] },
      description: 'Converts a NEW or WORKING lead, in one transaction, into an opportunity and, where needed, a new or matched customer.',
      args: { input: t.arg({ type: QualifyLeadInput, required: true, description: 'The lead and the choices for its conversion.' }) },
      resolve: async (_root, args, context) => {
        const input = parseInput(qualifyLeadSchema, args.input);
        const stage: OpportunityStage = input.stage ?? 'QUALIFICATION';
        if (isClosed(stage)) throw ValidationError.at(['input', 'stage'], 'must be an open stage');
        return context.mutate(async (db) => {
          const lead = await lockLead(context, db, input.id, ['input', 'id']);
          assertNotQualified(lead);
          if (lead.status === 'DISQUALIFIED') throw new ConflictError('The lead is disqualified: reopen it (updateLead status WORKING) before qualifying it');
          assertMayChange(context, lead.ownerId, 'lead');
          const ownerId = input.ownerId ?? lead.ownerId ?? viewerOf(context).subject;
          assertMayAssign(context, ownerId, 'opportunity');
          const currency = input.currency ?? lead.currency;
          if (!currency) throw ValidationError.at(['input', 'currency'], "is required: the lead has no currency");

          const { customer, resolution } = await resolveCustomer(context, db, lead, input);
          const opportunity = await insertOpportunity(context, db, {
            customer,
            name: input.opportunityName ?? lead.interest.slice(0, 200),
            stage,
            amount: input.amount ?? moneyText(lead.estimatedAmount),
            currency,
            expectedCloseDate: input.expectedCloseDate,
            ownerId,
            probability: null,
            nextStep: null,
          });
          const qualified = await db.lead.update({
            where: { id: lead.id },
            data: { status: 'QUALIFIED', qualifiedAt: context.clock.now(), customerId: customer.id, opportunityId: opportunity.id, ownerId: lead.ownerId ?? ownerId },
          });
          const target = leadEventTarget({ ...qualified, customer });
          await context.events.emit(leadQualified, {
            ...target,
            payload: { opportunityId: globalIdOf('Opportunity', opportunity.id), customerId: target.customer!.nodeId, customerResolution: resolution },
          });
          return { lead: qualified, opportunity, customer, customerResolution: resolution };
        });
      },
    }),
  );
}

async function resolveCustomer(
  context: Context,
  db: TenantDb,
  lead: LeadWithCustomer,
  input: { customerId?: string | null; createAs?: 'PERSON' | 'ORGANIZATION' | null },
): Promise<{ customer: CustomerRow; resolution: CustomerResolution }> {
  if (input.customerId) {
    const [customer] = await resolveCustomerReferences(context, [{ id: input.customerId }]);
    if (!customer) throw new NotFoundError('Customer', input.customerId);
    return { customer, resolution: 'GIVEN' };
  }
  if (lead.customer) {
    const [linked] = await resolveCustomerReferences(context, [{ id: customerGlobalId(lead.customer) }]);
    if (!linked) throw new ConflictError('The customer this lead concerns is archived: name the customer to convert it for', customerGlobalId(lead.customer));
    return { customer: linked, resolution: 'LINKED' };
  }
  if (lead.email) {
    const holder = await findCustomerByEmail(context, lead.email);
    if (holder) return { customer: holder, resolution: 'MATCHED_BY_EMAIL' };
  }
  return { customer: await createCustomerFromLead(context, db, lead, input.createAs ?? (lead.companyName ? 'ORGANIZATION' : 'PERSON')), resolution: 'CREATED' };
}

function createCustomerFromLead(context: Context, db: TenantDb, lead: LeadRow, kind: 'PERSON' | 'ORGANIZATION'): Promise<CustomerRow> {
  const contact = { email: lead.email, phone: lead.phone, country: lead.country, ownerId: lead.ownerId, audiences: ['PROSPECT' as const] };
  if (kind === 'ORGANIZATION') {
    if (!lead.companyName) throw ValidationError.at(['input', 'createAs'], 'the lead has no company name to create an organization from');
    return createCustomer(context, db, { kind, name: lead.companyName, ...contact }, ['lead']);
  }
  if (!lead.firstName || !lead.lastName) throw ValidationError.at(['input', 'createAs'], 'the lead needs a first and a last name to create a person from');
  return createCustomer(context, db, { kind, firstName: lead.firstName, lastName: lead.lastName, ...contact }, ['lead']);
}
