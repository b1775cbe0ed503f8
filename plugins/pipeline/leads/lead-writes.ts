import type { Context, CustomerKind, TenantDb } from '../../../src/plugin-api.ts';
import { ConflictError, NotFoundError, viewerOf } from '../../../src/plugin-api.ts';
import { customerGlobalId } from '../../profile/plugin.ts';
import { globalIdOf, parseGlobalId } from '../ids.ts';
import type { LeadRow } from './lead.ts';

export type LeadWithCustomer = LeadRow & { customer: { id: string; kind: CustomerKind } | null };

/** A lead's events: about the lead, on its customer's timeline once it has one. */
export function leadEventTarget(lead: LeadWithCustomer) {
  return {
    subjectId: globalIdOf('Lead', lead.id),
    customer: lead.customer ? { id: lead.customer.id, nodeId: customerGlobalId(lead.customer) } : null,
  };
}

/** Loads a lead for a change, locking it until commit: a lead is qualified once, even when two reps try at the same moment. */
export async function lockLead(context: Context, db: TenantDb, globalId: string, path: string[]): Promise<LeadWithCustomer> {
  const id = parseGlobalId(globalId, 'Lead', path);
  const tenantId = viewerOf(context).tenantId;
  await db.$executeRaw`SELECT 1 FROM "Lead" WHERE "tenantId" = ${tenantId} AND id = ${id}::uuid FOR UPDATE`;
  const lead = await db.lead.findUnique({ where: { tenantId_id: { tenantId, id } }, include: { customer: { select: { id: true, kind: true } } } });
  if (!lead) throw new NotFoundError('Lead', globalId);
  return lead;
}

/** A qualified lead is history: it changes no more. */
export function assertNotQualified(lead: LeadRow): void {
  if (lead.status === 'QUALIFIED') {
    throw new ConflictError('The lead is already qualified; work on its opportunity instead', lead.opportunityId ? globalIdOf('Opportunity', lead.opportunityId) : null);
  }
}
