import type { Builder, Prisma } from '../../../src/plugin-api.ts';
import { ConflictError, ForbiddenError, NotFoundError, parseInput, ValidationError, viewerOf } from '../../../src/plugin-api.ts';
import { resolveCustomerReferences } from '../../profile/plugin.ts';
import { assertMayAssign, assertMayChange, isManager, WRITE } from '../access.ts';
import type { PipelineEnums } from '../enums.ts';
import { opportunityUpdated } from '../events.ts';
import { given } from '../inputs.ts';
import { moneyText } from '../money.ts';
import { isClosed } from '../stages.ts';
import { createOpportunitySchema, updateOpportunitySchema } from './opportunity-inputs.ts';
import { insertOpportunity, lockOpportunity, opportunityEventTarget } from './opportunity-writes.ts';

const WRITE_ERRORS = [ValidationError, NotFoundError, ConflictError, ForbiddenError];

/** `createOpportunity` and `updateOpportunity`; stage changes go through `moveOpportunity`. */
export function registerOpportunityMutations(builder: Builder, enums: PipelineEnums) {
  const CreateOpportunityInput = builder.inputType('CreateOpportunityInput', {
    description: 'A new deal with a customer.',
    fields: (t) => ({
      customerId: t.id({ required: true, description: 'The Person or Organization the deal is with.' }),
      name: t.string({ required: true, description: 'What is being sold, in a few words, e.g. "Cold room for the Valencia store".' }),
      stage: t.field({ type: enums.Stage, description: 'An open stage; default PROSPECT.' }),
      amount: t.string({ description: 'Decimal text, at least 0, at most 2 decimals, e.g. "12500.00".' }),
      currency: t.string({ required: true, description: 'ISO 4217 in capitals, e.g. "EUR".' }),
      expectedCloseDate: t.field({ type: 'Date', required: true, description: 'When it is expected to close (a calendar date).' }),
      ownerId: t.string({ description: 'Default: you. Someone else only with pipeline:manage.' }),
      probability: t.int({ description: "Your own estimate in percent for this stage; default: the stage's probability." }),
      nextStep: t.string({ description: 'What happens next, in words, e.g. "Send the revised quote on Monday".' }),
    }),
  });

  const UpdateOpportunityInput = builder.inputType('UpdateOpportunityInput', {
    description: 'Only the fields given change; null clears amount, probability and nextStep. Stages change through moveOpportunity.',
    fields: (t) => ({
      id: t.id({ required: true, description: 'The opportunity (global id).' }),
      expectedVersion: t.int({ description: 'The version you read: the change is refused with a ConflictError if the opportunity changed since.' }),
      name: t.string({ description: 'What is being sold, in a few words.' }),
      amount: t.string({ description: 'Decimal text, at least 0, at most 2 decimals, e.g. "12500.00".' }),
      currency: t.string({ description: 'ISO 4217 in capitals, e.g. "EUR".' }),
      expectedCloseDate: t.field({ type: 'Date', description: 'When it is expected to close (a calendar date).' }),
      ownerId: t.string({ description: 'Reassigning needs pipeline:manage.' }),
      probability: t.int({ description: "Null returns to the stage's probability." }),
      nextStep: t.string({ description: 'What happens next, in words.' }),
    }),
  });

  const OpportunityPayload = builder.objectRef<{ opportunity: object }>('OpportunityPayload').implement({
    description: 'The opportunity a mutation created, changed or moved.',
    fields: (t) => ({ opportunity: t.field({ type: 'Opportunity', description: 'The opportunity as stored.', resolve: (payload) => payload.opportunity }) }),
  });

  builder.mutationFields((t) => ({
    createOpportunity: t.field({
      type: OpportunityPayload,
      authScopes: WRITE,
      errors: { types: WRITE_ERRORS },
      description: 'Opens an opportunity for a customer in an open stage, recording that stage as the first of its history.',
      args: { input: t.arg({ type: CreateOpportunityInput, required: true, description: 'The deal to open.' }) },
      resolve: async (_root, args, context) => {
        const input = parseInput(createOpportunitySchema, args.input);
        const stage = input.stage ?? 'PROSPECT';
        if (isClosed(stage)) throw ValidationError.at(['input', 'stage'], 'must be an open stage: open the deal, then win or lose it with moveOpportunity');
        const ownerId = input.ownerId ?? viewerOf(context).subject;
        assertMayAssign(context, ownerId, 'opportunity');
        const opportunity = await context.mutate(async (db) => {
          const [customer] = await resolveCustomerReferences(context, [{ id: input.customerId }]);
          if (!customer) throw new NotFoundError('Customer', input.customerId);
          return insertOpportunity(context, db, {
            customer,
            name: input.name,
            stage,
            amount: input.amount ?? null,
            currency: input.currency,
            expectedCloseDate: input.expectedCloseDate,
            ownerId,
            probability: input.probability ?? null,
            nextStep: input.nextStep ?? null,
          });
        });
        return { opportunity };
      },
    }),

    updateOpportunity: t.field({
      type: OpportunityPayload,
      authScopes: WRITE,
      errors: { types: WRITE_ERRORS },
      description: "Changes an opportunity's details. A closed deal changes only with pipeline:manage; a won deal keeps an amount.",
      args: { input: t.arg({ type: UpdateOpportunityInput, required: true, description: 'The opportunity and the fields to change.' }) },
      resolve: async (_root, args, context) => {
        const input = parseInput(updateOpportunitySchema, args.input);
        const raw = args.input as object;
        const opportunity = await context.mutate(async (db) => {
          const current = await lockOpportunity(context, db, input.id, ['input', 'id'], input.expectedVersion);
          assertMayChange(context, current.ownerId, 'opportunity');
          if (isClosed(current.stage) && !isManager(context)) {
            throw new ForbiddenError('The opportunity is closed: only a sales manager (pipeline:manage) may change it');
          }
          const changes: Prisma.OpportunityUncheckedUpdateInput = {};
          for (const field of ['name', 'currency', 'expectedCloseDate', 'ownerId'] as const) {
            if (given(raw, field) && input[field] === null) throw ValidationError.at(['input', field], 'cannot be cleared');
          }
          if (given(raw, 'name') && input.name !== current.name) changes.name = input.name!;
          if (given(raw, 'currency') && input.currency !== current.currency) changes.currency = input.currency!;
          if (given(raw, 'expectedCloseDate') && input.expectedCloseDate!.getTime() !== current.expectedCloseDate.getTime()) changes.expectedCloseDate = input.expectedCloseDate!;
          if (given(raw, 'ownerId') && input.ownerId !== current.ownerId) {
            assertMayAssign(context, input.ownerId!, 'opportunity');
            changes.ownerId = input.ownerId!;
          }
          if (given(raw, 'amount') && (input.amount ?? null) !== moneyText(current.amount)) {
            if (input.amount == null && current.stage === 'CLOSED_WON') throw ValidationError.at(['input', 'amount'], 'cannot be cleared on a won opportunity');
            changes.amount = input.amount ?? null;
          }
          if (given(raw, 'probability') && (input.probability ?? null) !== current.probability) {
            if (isClosed(current.stage) && input.probability != null) throw ValidationError.at(['input', 'probability'], 'does not apply to a closed opportunity');
            changes.probability = input.probability ?? null;
          }
          if (given(raw, 'nextStep') && (input.nextStep ?? null) !== current.nextStep) changes.nextStep = input.nextStep ?? null;

          const changed = Object.keys(changes).sort();
          if (changed.length === 0) return current;
          const updated = await db.opportunity.update({ where: { id: current.id }, data: { ...changes, version: { increment: 1 } } });
          await context.events.emit(opportunityUpdated, { ...opportunityEventTarget(current), payload: { name: updated.name, changed } });
          return updated;
        });
        return { opportunity };
      },
    }),
  }));

  return { OpportunityPayload };
}
