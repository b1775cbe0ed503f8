import type { Context, TenantDb } from '../../../src/plugin-api.ts';
import { ConflictError, NotFoundError, viewerOf } from '../../../src/plugin-api.ts';
import { optionalCustomerOf, timelineOf, type CustomerKey } from '../customers.ts';
import { globalIdOf, parseGlobalId } from '../ids.ts';
import { lockLeadRow } from '../store/lead-writes.ts';
import type { LeadRow } from './lead.ts';

export type LeadWithCustomer = LeadRow & { customer: CustomerKey | null };

/** A lead's events: about the lead, on its customer's timeline once it has one. */
export function leadEventTarget(lead: LeadWithCustomer) {
  return { subjectId: globalIdOf('Lead', lead.id), customer: timelineOf(lead.customer) };
}

/** Loads a lead for a change, locking it until commit: a lead is qualified once, even when two reps try at the same moment. */
export async function lockLead(context: Context, db: TenantDb, globalId: string, path: string[]): Promise<LeadWithCustomer> {
  const id = parseGlobalId(globalId, 'Lead', path);
  const tenantId = viewerOf(context).tenantId;
  await lockLeadRow(db, tenantId, id);
  const lead = await db.lead.findUnique({ where: { tenantId_id: { tenantId, id } } });
  if (!lead) throw new NotFoundError('Lead', globalId);
  const customer = await optionalCustomerOf(context, lead.customerId);
  return { ...lead, customer: customer && { id: customer.id, kind: customer.kind } };
}

/** A qualified lead is history: it changes no more. */
export function assertNotQualified(lead: LeadRow): void {
  if (lead.status === 'QUALIFIED') {
    throw new ConflictError('The lead is already qualified; work on its opportunity instead', lead.opportunityId ? globalIdOf('Opportunity', lead.opportunityId) : null);
  }
}
