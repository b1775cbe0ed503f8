import type { z } from 'zod';
import type { Context, Prisma, TenantDb } from '../../../src/plugin-api.ts';
import type { OpportunityStage } from '../store/enums.ts';
import { ConflictError, NotFoundError, ValidationError, viewerOf } from '../../../src/plugin-api.ts';
import { createCustomer, customerGlobalId, findCustomerByEmail, resolveCustomerReferences, type CustomerRow } from '../../profile/plugin.ts';
import { assertMayAssign, assertMayChange } from '../access.ts';
import { leadQualified } from '../events.ts';
import { globalIdOf } from '../ids.ts';
import { moneyText } from '../money.ts';
import { insertOpportunity } from '../opportunities/opportunity-writes.ts';
import { isClosed } from '../stages.ts';
import type { LeadRow } from './lead.ts';
import type { qualifyLeadSchema } from './lead-inputs.ts';
import { assertNotQualified, leadEventTarget, lockLead, type LeadWithCustomer } from './lead-writes.ts';

/** Where the customer of a qualified lead came from. */
export type CustomerResolution = 'GIVEN' | 'LINKED' | 'MATCHED_BY_EMAIL' | 'CREATED';

/** What qualifying a lead made. */
export interface Qualified {
  lead: LeadRow;
  opportunity: Prisma.OpportunityModel;
  customer: CustomerRow;
  customerResolution: CustomerResolution;
}

/**
 * In one transaction, the lead becomes an opportunity for a customer — the one named, the one the
 * lead already concerns, the live customer holding the lead's e-mail, or a new person or
 * organization made from the lead's contact data. Any refusal leaves nothing behind.
 */
export function qualifyLead(context: Context, input: z.output<typeof qualifyLeadSchema>): Promise<Qualified> {
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
