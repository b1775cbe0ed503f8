import type { Builder, Prisma } from '../../../src/plugin-api.ts';
import { ConflictError, ForbiddenError, NotFoundError, parseInput, ValidationError, viewerOf } from '../../../src/plugin-api.ts';
import { resolveCustomerReferences } from '../../profile/plugin.ts';
import { assertMayAssign, assertMayChange, WRITE } from '../access.ts';
import type { PipelineEnums } from '../enums.ts';
import { leadCaptured, leadDisqualified, leadUpdated } from '../events.ts';
import { given } from '../inputs.ts';
import { moneyText } from '../money.ts';
import { leadContactName } from './lead.ts';
import { captureLeadSchema, disqualifyLeadSchema, updateLeadSchema } from './lead-inputs.ts';
import { assertNotQualified, leadEventTarget, lockLead } from './lead-writes.ts';

const WRITE_ERRORS = [ValidationError, NotFoundError, ConflictError, ForbiddenError];
const CONTACT_FIELDS = ['firstName', 'lastName', 'companyName', 'email', 'phone', 'country'] as const;

/** `captureLead`, `updateLead` and `disqualifyLead`; `qualifyLead` converts. */
export function registerLeadMutations(builder: Builder, enums: PipelineEnums) {
  const contactInputFields = (t: Parameters<Parameters<typeof builder.inputType>[1]['fields']>[0]) => ({
    firstName: t.string({ description: "The contact's given name." }),
    lastName: t.string({ description: "The contact's family name." }),
    companyName: t.string({ description: 'The company the contact speaks for.' }),
    email: t.string({ description: 'Stored lower-cased.' }),
    phone: t.string({ description: 'International format, or national with `country`; stored as E.164.' }),
    country: t.field({ type: 'CountryCode', description: 'ISO 3166-1 alpha-2, e.g. "ES".' }),
  });

  const CaptureLeadInput = builder.inputType('CaptureLeadInput', {
    description: 'Either `customerId` (interest of a known customer), or contact data: a last name or company name, and an e-mail or phone.',
    fields: (t) => ({
      source: t.field({ type: enums.LeadSource, required: true, description: 'The channel the interest came through.' }),
      sourceDetail: t.string({ description: 'The form, event or campaign, e.g. "Feria Alimentaria 2026".' }),
      customerId: t.id({ description: 'The Person or Organization it concerns, when already a customer.' }),
      referrerId: t.id({ description: 'The prescriber (a customer) who referred it; source REFERRAL only.' }),
      ...contactInputFields(t),
      interest: t.string({ required: true, description: 'What they want, in words.' }),
      estimatedAmount: t.string({ description: 'Decimal text, with `currency`.' }),
      currency: t.string({ description: 'ISO 4217 code of `estimatedAmount`, e.g. "EUR".' }),
      ownerId: t.string({ description: 'Default: unassigned. Yourself, or anyone with pipeline:manage.' }),
    }),
  });

  const UpdateLeadInput = builder.inputType('UpdateLeadInput', {
    description: 'Only the fields given change; null clears. `status` moves between NEW and WORKING, and reopens a DISQUALIFIED lead as WORKING.',
    fields: (t) => ({
      id: t.id({ required: true, description: 'The lead (global id).' }),
      sourceDetail: t.string({ description: 'The form, event or campaign it came from.' }),
      ...contactInputFields(t),
      interest: t.string({ description: 'What they want, in words.' }),
      estimatedAmount: t.string({ description: 'Decimal text, with `currency`.' }),
      currency: t.string({ description: 'ISO 4217 code of `estimatedAmount`, e.g. "EUR".' }),
      ownerId: t.string({ description: 'Taking an unassigned lead is yours to do; giving it to someone else needs pipeline:manage.' }),
      status: t.field({ type: enums.LeadStatus, description: 'NEW or WORKING (QUALIFIED and DISQUALIFIED have their own mutations).' }),
    }),
  });

  const DisqualifyLeadInput = builder.inputType('DisqualifyLeadInput', {
    description: 'The lead to drop, and why.',
    fields: (t) => ({
      id: t.id({ required: true, description: 'The lead (global id).' }),
      reason: t.field({ type: enums.DisqualificationReason, required: true, description: 'Why it is dropped.' }),
      note: t.string({ description: 'Free words on why.' }),
    }),
  });

  const LeadPayload = builder.objectRef<{ lead: object }>('LeadPayload').implement({
    description: 'The lead a mutation captured or changed.',
    fields: (t) => ({ lead: t.field({ type: 'Lead', description: 'The lead as stored.', resolve: (payload) => payload.lead }) }),
  });

  builder.mutationFields((t) => ({
    captureLead: t.field({
      type: LeadPayload,
      authScopes: WRITE,
      errors: { types: WRITE_ERRORS },
      description: 'Records interest from any channel as a NEW lead.',
      args: { input: t.arg({ type: CaptureLeadInput, required: true, description: 'The interest and who it comes from.' }) },
      resolve: async (_root, args, context) => {
        const input = parseInput(captureLeadSchema, args.input);
        if (input.ownerId) assertMayAssign(context, input.ownerId, 'lead');
        const lead = await context.mutate(async (db) => {
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
        return { lead };
      },
    }),

    updateLead: t.field({
      type: LeadPayload,
      authScopes: WRITE,
      errors: { types: WRITE_ERRORS },
      description: 'Changes a NEW, WORKING or DISQUALIFIED lead (a QUALIFIED one is a ConflictError); reopening a disqualified lead makes it WORKING.',
      args: { input: t.arg({ type: UpdateLeadInput, required: true, description: 'The lead and the fields to change.' }) },
      resolve: async (_root, args, context) => {
        const input = parseInput(updateLeadSchema, args.input);
        const raw = args.input as object;
        const lead = await context.mutate(async (db) => {
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
        return { lead };
      },
    }),

    disqualifyLead: t.field({
      type: LeadPayload,
      authScopes: WRITE,
      errors: { types: WRITE_ERRORS },
      description: 'Closes a lead as not worth pursuing, with the reason.',
      args: { input: t.arg({ type: DisqualifyLeadInput, required: true, description: 'The lead and the reason.' }) },
      resolve: async (_root, args, context) => {
        const input = parseInput(disqualifyLeadSchema, args.input);
        const lead = await context.mutate(async (db) => {
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
        return { lead };
      },
    }),
  }));
}
