import type { z } from 'zod';
import type { Context, Prisma } from '../../../src/plugin-api.ts';
import { ConflictError, NotFoundError, ValidationError, viewerOf } from '../../../src/plugin-api.ts';
import { resolveCustomerReferences } from '../../profile/plugin.ts';
import { assertMayAssign, assertMayChange } from '../access.ts';
import { leadCaptured, leadDisqualified, leadUpdated } from '../events.ts';
import { given } from '../inputs.ts';
import { moneyText } from '../money.ts';
import { leadContactName, type LeadRow } from './lead.ts';
import type { captureLeadSchema, disqualifyLeadSchema, updateLeadSchema } from './lead-inputs.ts';
import { assertNotQualified, leadEventTarget, lockLead } from './lead-writes.ts';

const CONTACT_FIELDS = ['firstName', 'lastName', 'companyName', 'email', 'phone', 'country'] as const;

/** Records interest as a NEW lead, about a live customer (and referred by one) where the input names them. */
export async function captureLead(context: Context, input: z.output<typeof captureLeadSchema>): Promise<LeadRow> {
  if (input.ownerId) assertMayAssign(context, input.ownerId, 'lead');
  return context.mutate(async (db) => {
    const named = [input.customerId, input.referrerId].filter((id): id is string => Boolean(id));
    const found = named.length > 0 ? await resolveCustomerReferences(context, named.map((id) => ({ id }))) : [];
    const customer = input.customerId ? found[0] : null;
    const referrer = input.referrerId ? found[named.length - 1] : null;
    if (input.customerId && !customer) throw new NotFoundError('Customer', input.customerId);
    if (input.referrerId && !referrer) throw new NotFoundError('Customer', input.referrerId);
    const created = await db.lead.create({
      data: {
        tenantId: viewerOf(context).tenantId,
        source: input.source,
        sourceDetail: input.sourceDetail ?? null,
        customerId: customer?.id ?? null,
        referrerId: referrer?.id ?? null,
        ...Object.fromEntries(CONTACT_FIELDS.map((field) => [field, input[field] ?? null])),
        interest: input.interest,
        estimatedAmount: input.estimatedAmount ?? null,
        currency: input.currency ?? null,
        ownerId: input.ownerId ?? null,
      },
    });
    const withCustomer = { ...created, customer: customer ? { id: customer.id, kind: customer.kind } : null };
    await context.events.emit(leadCaptured, {
      ...leadEventTarget(withCustomer),
      payload: { source: created.source, interest: created.interest, contact: leadContactName(created) },
    });
    return created;
  });
}

/**
 * Changes the fields the client sent (`raw` says which: null clears) of a lead not yet qualified;
 * `status` moves between NEW and WORKING, and reopens a disqualified lead as WORKING.
 */
export function changeLead(context: Context, input: z.output<typeof updateLeadSchema>, raw: object): Promise<LeadRow> {
  return context.mutate(async (db) => {
    const current = await lockLead(context, db, input.id, ['input', 'id']);
    assertNotQualified(current);
    assertMayChange(context, current.ownerId, 'lead');
    const changes: Prisma.LeadUncheckedUpdateInput = {};
    for (const field of ['sourceDetail', ...CONTACT_FIELDS] as const) {
      if (given(raw, field) && (input[field] ?? null) !== current[field]) changes[field] = input[field] ?? null;
    }
    if (given(raw, 'interest')) {
      if (input.interest == null) throw ValidationError.at(['input', 'interest'], 'cannot be cleared');
      if (input.interest !== current.interest) changes.interest = input.interest;
    }
    if (given(raw, 'estimatedAmount') && (input.estimatedAmount ?? null) !== moneyText(current.estimatedAmount)) changes.estimatedAmount = input.estimatedAmount ?? null;
    if (given(raw, 'currency') && (input.currency ?? null) !== current.currency) changes.currency = input.currency ?? null;
    const amount = 'estimatedAmount' in changes ? changes.estimatedAmount : current.estimatedAmount;
    const currency = 'currency' in changes ? changes.currency : current.currency;
    if ((amount == null) !== (currency == null)) {
      throw ValidationError.at(['input', amount == null ? 'estimatedAmount' : 'currency'], amount == null ? 'is required with a currency' : 'is required with an estimated amount');
    }
    if (given(raw, 'ownerId') && (input.ownerId ?? null) !== current.ownerId) {
      if (input.ownerId) assertMayAssign(context, input.ownerId, 'lead');
      changes.ownerId = input.ownerId ?? null;
    }
    if (given(raw, 'status') && input.status !== current.status) {
      if (input.status !== 'NEW' && input.status !== 'WORKING') {
        throw ValidationError.at(['input', 'status'], 'can only be NEW or WORKING here: use qualifyLead or disqualifyLead');
      }
      if (current.status === 'DISQUALIFIED' && input.status === 'NEW') throw ValidationError.at(['input', 'status'], 'a disqualified lead is reopened as WORKING');
      changes.status = input.status;
      if (current.status === 'DISQUALIFIED') Object.assign(changes, { disqualificationReason: null, disqualificationNote: null });
    }
    const changed = Object.keys(changes).filter((field) => !field.startsWith('disqualification')).sort();
    if (changed.length === 0) return current;
    const updated = await db.lead.update({ where: { id: current.id }, data: changes });
    await context.events.emit(leadUpdated, { ...leadEventTarget(current), payload: { changed, status: updated.status } });
    return updated;
  });
}

/** Closes a lead as not worth pursuing, with the reason. */
export function disqualifyLead(context: Context, input: z.output<typeof disqualifyLeadSchema>): Promise<LeadRow> {
  return context.mutate(async (db) => {
    const current = await lockLead(context, db, input.id, ['input', 'id']);
    assertNotQualified(current);
    assertMayChange(context, current.ownerId, 'lead');
    if (current.status === 'DISQUALIFIED') throw new ConflictError('The lead is already disqualified');
    const updated = await db.lead.update({
      where: { id: current.id },
      data: { status: 'DISQUALIFIED', disqualificationReason: input.reason, disqualificationNote: input.note ?? null },
    });
    await context.events.emit(leadDisqualified, { ...leadEventTarget(current), payload: { reason: input.reason, note: input.note ?? null } });
    return updated;
  });
}
